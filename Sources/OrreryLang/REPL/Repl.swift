import Foundation

/// Where the REPL reads lines from (readline in the executable, a script in tests).
public protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input.
    func readLine(prompt: String) -> String?
    func addHistory(_ line: String)
}

/// Where the REPL writes: values and printed lines, plus formatted errors.
public protocol ReplOutput: OutputSink {
    func error(_ text: String)
    /// The value of a top-level expression statement, echoed (as its description by default).
    func echo(_ value: Value)
}

extension ReplOutput {
    public func echo(_ value: Value) { print(value.debugDescription) }
}

/// The REPL's logic: reads inputs (several lines while the parser says the input is
/// incomplete), runs them, echoes expression values, and keeps bindings across inputs,
/// including after errors. At the prompt, `let x` may redefine an earlier `x`.
///
/// Raising `interrupt` (Ctrl-C) stops the evaluation running now with the runtime error
/// "interrupted"; raised while a line is being read, it discards the input read so far.
public final class Repl {
    public static let prompt = "> "
    public static let continuationPrompt = ". "
    static let file = "<repl>"
    static let commands = [".help", ".limit", ".load", ".quit", ".reset", ".time", ".type"]

    var options: RunOptions
    let reader: LineReader
    let output: ReplOutput
    /// Raised from outside (the executable's SIGINT handler, or a test) to interrupt.
    public let interrupt: InterruptFlag
    /// The domains installed on each new interpreter (the world, for the `orrery` tool).
    public var extensions: [any LanguageExtension] = []
    var session: ScriptSession?
    var globals: [String: Binding] = [:]
    private var preludeRan = false
    /// The options the REPL started with, before a configuration line (`.reset` returns to them).
    var startOptions: RunOptions
    /// The configuration line the session runs with, once one has been applied.
    var header: ScriptHeader?
    /// Whether any input has run since the start (or `.reset`): after that, a configuration
    /// line can only repeat the one in force.
    var hasEvaluated = false

    /// A REPL whose runs are interrupted by `options.interrupt` (a new flag when nil).
    public init(options: RunOptions, reader: LineReader, output: ReplOutput) {
        interrupt = options.interrupt ?? InterruptFlag()
        self.options = options
        self.options.interrupt = interrupt
        startOptions = self.options
        self.reader = reader
        self.output = output
    }

    /// Reads and runs inputs until `.quit` or the end of input.
    public func run() {
        Interpreter.onLargeStack { [self] in
            loop()
            session = nil
        }
    }

    /// Names in scope and commands starting with `prefix`, sorted.
    public func completions(for prefix: String) -> [String] {
        if prefix.hasPrefix(".") { return Repl.commands.filter { $0.hasPrefix(prefix) } }
        let current = ensureSession()
        let names = Set(globals.keys).union(current.interpreter.builtins.keys)
        let keywords = Keyword.allCases.map(\.rawValue)
        return names.union(keywords).filter { $0.hasPrefix(prefix) }.sorted()
    }

    // MARK: - The loop

    private func loop() {
        // A line read while waiting for an `else` that turned out to start a new input.
        var next: String?
        inputs: while true {
            var text: String
            if let line = next {
                text = line
                next = nil
            } else {
                switch read(prompt: Repl.prompt) {
                case .end: return
                case .interrupted: continue inputs
                case .line(let line): text = line
                }
            }
            if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if text.hasPrefix(".") {
                reader.addHistory(text)
                if !command(text) { return }
                continue
            }
            // Keep reading while the input is an unfinished construct, or an `if` statement
            // the next line may continue with `else`.
            var parsed = parse(text)
            var atEnd = false
            continuation: while parsed.isIncomplete || Repl.mayContinueWithElse(parsed) {
                switch read(prompt: Repl.continuationPrompt) {
                case .end:
                    atEnd = true
                    break continuation
                case .interrupted:
                    continue inputs
                case .line(let more):
                    if !parsed.isIncomplete && !Repl.startsWithElse(more) {
                        next = more
                        break continuation
                    }
                    text += "\n" + more
                    parsed = parse(text)
                }
            }
            reader.addHistory(text)
            evaluate(text, parsed: parsed)
            if atEnd { return }
        }
    }

    private enum ReadResult {
        case line(String)
        /// Ctrl-C while the line was typed: the input read so far is dropped.
        case interrupted
        case end
    }

    private func read(prompt: String) -> ReadResult {
        guard let line = reader.readLine(prompt: prompt) else { return .end }
        return interrupt.take() ? .interrupted : .line(line)
    }

    func parse(_ text: String) -> ParseResult {
        Parser.parse(source: text, file: Repl.file, vocabulary: sceneVocabulary)
    }

    /// Whether the input ends with an `if` statement without a final `else`, which a
    /// following line starting with `else` continues.
    static func mayContinueWithElse(_ parsed: ParseResult) -> Bool {
        guard parsed.diagnostics.isEmpty, var statement = parsed.program.statements.last else { return false }
        while case .if(_, _, let elseBranch) = statement.kind {
            guard let elseBranch else { return true }
            // `else if` is kept as a block holding just the nested `if`, with its range.
            guard elseBranch.statements.count == 1, let nested = elseBranch.statements.first,
                  nested.range == elseBranch.range else { return false }
            statement = nested
        }
        return false
    }

    /// Whether a line starts with the keyword `else`.
    static func startsWithElse(_ line: String) -> Bool {
        let rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("else") else { return false }
        guard let after = rest.dropFirst(4).first else { return true }
        return !(after.isLetter || after.isNumber || after == "_")
    }

    /// The scene words the session's domains gave (computed once, by the session).
    var sceneVocabulary: SceneVocabulary { ensureSession().interpreter.sceneVocabulary }

    func ensureSession() -> ScriptSession {
        if let session { return session }
        let made = ScriptSession(options: options, output: output, extensions: extensions)
        session = made
        preludeRan = false
        return made
    }

    /// Compiles and runs one input against the REPL's bindings; false when it reported
    /// an error, a failed expect or a failed test.
    @discardableResult
    func evaluate(_ text: String, parsed: ParseResult, file: String = Repl.file) -> Bool {
        // An interrupt that no step saw ends with the input (it must not drop the next line).
        defer { _ = interrupt.take() }
        guard configure(by: text, file: file) else { return false }
        hasEvaluated = true
        let session = ensureSession()
        let interp = session.interpreter
        let echo: (Value) -> Void = { [output] v in output.echo(v) }
        let (unit, newGlobals, diagnostics) = session.compile(parsed.program, parseDiagnostics: parsed.diagnostics,
                                                              globals: globals, allowsRedefinition: true, echo: echo)
        if !diagnostics.isEmpty {
            for d in diagnostics { output.error(DiagnosticFormatter.format(d, source: text, color: false)) }
            return false
        }
        var succeeded = true
        let earlierGlobals = globals
        globals = newGlobals
        interp.expectFailures = []
        do {
            try run(unit, in: session)
        } catch {
            // A failed input binds nothing: each name it introduced or redefined keeps
            // its earlier binding. (Assignments to existing variables stay done.)
            globals = earlierGlobals
            succeeded = false
            let e = Interpreter.runtimeError(error, at: unit.main.range)
            output.error(DiagnosticFormatter.format(e, source: session.sources[e.range.file] ?? text, color: false))
        }
        if !interp.expectFailures.isEmpty { succeeded = false }
        for f in interp.expectFailures { output.error(DiagnosticFormatter.format(f, source: session.sources[f.range.file] ?? text, color: false)) }
        interp.expectFailures = []
        for test in unit.tests {
            do {
                try interp.runTest(test)
                if interp.expectFailures.isEmpty {
                    output.print("test \"\(test.name)\" passed")
                } else {
                    succeeded = false
                    output.print("test \"\(test.name)\" failed")
                    for f in interp.expectFailures { output.error(DiagnosticFormatter.format(f, source: session.sources[f.range.file] ?? text, color: false)) }
                }
            } catch {
                succeeded = false
                output.print("test \"\(test.name)\" failed")
                let e = Interpreter.runtimeError(error, at: test.range)
                output.error(DiagnosticFormatter.format(e, source: session.sources[e.range.file] ?? text, color: false))
            }
            interp.expectFailures = []
        }
        return succeeded
    }

    /// Runs one input's top level (the prelude first, once); `--max-steps` counts
    /// each input afresh.
    private func run(_ unit: CompiledUnit, in session: ScriptSession) throws {
        if !preludeRan {
            preludeRan = true
            try session.runPrelude()
        }
        session.interpreter.steps = 0
        try session.interpreter.runTopLevel(unit)
    }

    // MARK: - Commands

    /// Runs a `.command`; false means quit.
    func command(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let argument = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case ".quit":
            return false
        case ".help":
            output.print("""
            Enter statements or expressions; a value is echoed. Unfinished input continues on the next line,
            and a line starting with `else` continues the `if` before it. An input that fails binds nothing.
            Ctrl-C stops a running evaluation (bindings stay) or drops the input being typed.
              .help          this help
              .load FILE     run a script file here, keeping its bindings
              .reset         forget every binding
              .type EXPR     the type of an expression's value
              .time EXPR     evaluate an expression and report how long it took
              .limit         show the step limit of each input (--max-steps)
              .limit N       stop each input after N loop iterations plus calls
              .limit none    remove the step limit
              .quit          leave (Ctrl-D and end of input do too)
            """)
        case ".limit":
            limitCommand(argument)
        case ".reset":
            session = nil
            globals = [:]
            if header != nil { options = startOptions }
            header = nil
            hasEvaluated = false
            output.print("bindings cleared")
        case ".load":
            guard !argument.isEmpty else {
                output.error("error: .load needs a file name")
                break
            }
            guard let data = FileManager.default.contents(atPath: argument), let text = String(data: data, encoding: .utf8) else {
                output.error("error: cannot read '\(argument)'")
                break
            }
            evaluate(text, parsed: Parser.parse(source: text, file: argument, vocabulary: sceneVocabulary), file: argument)
        case ".type", ".time":
            guard !argument.isEmpty else {
                output.error("error: \(name) needs an expression")
                break
            }
            expressionCommand(name, argument)
        default:
            output.error("error: unknown command '\(name)' (try .help)")
        }
        return true
    }

    /// `.limit` shows the step limit of each input, `.limit N` sets it, `.limit none` removes it.
    private func limitCommand(_ argument: String) {
        switch argument {
        case "":
            break
        case "none":
            options.maxSteps = nil
        default:
            guard let n = Int(argument), n > 0 else {
                output.error("error: .limit takes a positive whole number of steps or 'none', got '\(argument)'")
                return
            }
            options.maxSteps = n
        }
        // The user's own choice outlives `.reset` (which drops a configuration line's settings).
        startOptions.maxSteps = options.maxSteps
        session?.interpreter.stepLimit = options.maxSteps ?? Int.max
        output.print(options.maxSteps.map { "step limit: \($0) per input" } ?? "step limit: none")
    }

    /// `.type EXPR` and `.time EXPR`: evaluate an expression as `__value = EXPR`.
    private func expressionCommand(_ name: String, _ source: String) {
        let parsed = Parser.parseExpression(source: source, file: Repl.file, vocabulary: sceneVocabulary)
        guard let expr = parsed.expression, parsed.diagnostics.isEmpty else {
            for d in parsed.diagnostics { output.error(DiagnosticFormatter.format(d, source: source, color: false)) }
            return
        }
        let session = ensureSession()
        let holder = Identifier("__repl_value", range: expr.range)
        let program = Program(file: Repl.file, statements: [
            Stmt(.binding(name: holder, mutable: true, value: expr), range: expr.range),
        ])
        var scratch = globals
        scratch["__repl_value"] = nil
        let (unit, compiledGlobals, diagnostics) = session.compile(program, parseDiagnostics: [], globals: scratch,
                                                                   allowsRedefinition: true)
        if !diagnostics.isEmpty {
            for d in diagnostics { output.error(DiagnosticFormatter.format(d, source: source, color: false)) }
            return
        }
        defer { _ = interrupt.take() }
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            try run(unit, in: session)
        } catch {
            output.error(DiagnosticFormatter.format(Interpreter.runtimeError(error, at: expr.range), source: source, color: false))
            return
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        guard case .global(let cell)? = compiledGlobals["__repl_value"]?.address else { return }
        if name == ".type" {
            output.print(cell.value.typeName)
        } else {
            output.print(cell.value.debugDescription)
            output.print("time: \(Value.format(number: (elapsed * 1000).rounded() / 1000)) ms")
        }
    }
}
