/// Checks, runs and tests scripts. Each call starts from a fresh interpreter with the
/// prelude loaded, runs on a thread with a large stack, and reports through values:
/// diagnostics, runtime errors, expectation failures and test results.
public final class Engine {
    public let options: RunOptions
    let output: OutputSink
    /// The domains installed on each new interpreter (the world, for the `orrery` tool).
    public var extensions: [any LanguageExtension]
    private var sources: [String: String] = [:]

    public init(options: RunOptions = RunOptions(), output: OutputSink, extensions: [any LanguageExtension] = []) {
        self.options = options
        self.output = output
        self.extensions = extensions
    }

    /// Parses and resolves a file (and its imports) and adds what `check` finds besides
    /// (`CompiledUnit.checks`: unknown named arguments, arity, scene words, scene names); nothing runs.
    public func check(path: String, source: String) -> [Diagnostic] {
        Interpreter.onLargeStack { [self] in
            let session = makeSession()
            if !session.preludeDiagnostics.isEmpty { return session.preludeDiagnostics }
            let diagnostics = session.check(source: source, file: path)
            remember(session)
            return diagnostics
        }
    }

    /// Runs a file's top level; `test` blocks are skipped.
    public func run(path: String, source: String) -> FileRunReport {
        execute(path: path, source: source, runTests: false, filter: nil)
    }

    /// Runs a file's top level, then every test whose name contains `filter` (all when nil).
    /// With `shard`, only that shard's part: its samples of statistical tests, its plain tests.
    /// `finished` is handed each test's result as soon as it has run (for output that
    /// follows the run); the report holds them all too.
    public func test(path: String, source: String, filter: String?, shard: Shard? = nil,
                     finished: @escaping (TestResult) -> Void = { _ in }) -> FileRunReport {
        execute(path: path, source: source, runTests: true, filter: filter, shard: shard, finished: finished)
    }

    /// The tests `test(path:source:filter:)` runs (all shards together), in order; none
    /// when the file does not compile. Nothing runs.
    public func plannedTests(path: String, source: String, filter: String?) -> [SweepTest] {
        Interpreter.onLargeStack { [self] in
            let session = makeSession()
            if !session.preludeDiagnostics.isEmpty { return [] }
            let (unit, _, diagnostics) = session.compile(source: source, file: path, globals: [:])
            remember(session)
            guard diagnostics.isEmpty else { return [] }
            return unit.tests.filter { Self.selects(filter, $0.name) }
                .map { SweepTest(file: path, name: $0.name, statistical: $0.samples != nil) }
        }
    }

    /// The text of a file the last call read (the script or an import), for diagnostics.
    public func sourceText(of file: String) -> String? { sources[file] }

    /// Every file the last call read (the script, its imports, the embedded `std/` ones), sorted.
    public var sourceFiles: [String] { sources.keys.sorted() }

    // MARK: - Running

    private func makeSession() -> ScriptSession {
        ScriptSession(options: options, output: output, extensions: extensions)
    }

    private func remember(_ session: ScriptSession) {
        for (file, text) in session.sources { sources[file] = text }
    }

    private func execute(path: String, source: String, runTests: Bool, filter: String?, shard: Shard? = nil,
                         finished: @escaping (TestResult) -> Void = { _ in }) -> FileRunReport {
        Interpreter.onLargeStack { [self] in
            let session = makeSession()
            defer { remember(session) }
            if !session.preludeDiagnostics.isEmpty {
                return FileRunReport(outcome: .scriptErrors(session.preludeDiagnostics), expectFailures: [], tests: [])
            }
            let (unit, _, diagnostics) = session.compile(source: source, file: path, globals: [:])
            if !diagnostics.isEmpty {
                return FileRunReport(outcome: .scriptErrors(diagnostics), expectFailures: [], tests: [])
            }
            let interp = session.interpreter
            do {
                try session.runPrelude()
                try interp.runTopLevel(unit)
            } catch {
                let failures = interp.expectFailures
                return FileRunReport(outcome: .runtimeError(Interpreter.runtimeError(error, at: unit.main.range)),
                                     expectFailures: failures, tests: [])
            }
            let topLevelFailures = interp.expectFailures
            var results: [TestResult] = []
            if runTests {
                var plainPosition = 0
                for test in unit.tests where Self.selects(filter, test.name) {
                    if test.samples == nil {
                        let position = plainPosition
                        plainPosition += 1
                        if let shard, !shard.owns(position) { continue }
                    }
                    let start = ContinuousClock.now
                    var result = test.samples == nil ? runPlain(test, in: interp, path: path)
                                                     : runSweep(test, in: interp, path: path, shard: shard)
                    result.seconds = Self.seconds(since: start)
                    results.append(result)
                    finished(result)
                }
            }
            return FileRunReport(outcome: .success, expectFailures: topLevelFailures, tests: results)
        }
    }

    /// Whether `--filter` selects the test named `name`: all when nil or empty.
    private static func selects(_ filter: String?, _ name: String) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return name.contains(filter)
    }

    /// Runs a plain test: its failed expects and its error, if any.
    private func runPlain(_ test: CompiledTest, in interp: Interpreter, path: String) -> TestResult {
        interp.expectFailures = []
        var error: RuntimeError?
        do {
            try interp.runTest(test)
        } catch let e {
            error = Interpreter.runtimeError(e, at: test.range)
        }
        return TestResult(name: test.name, file: path, range: test.range, failures: interp.expectFailures, error: error)
    }

    /// Wall-clock seconds from `start` to now.
    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }
}
