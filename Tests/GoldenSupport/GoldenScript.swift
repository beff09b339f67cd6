import Foundation
import OrreryLang

// Every `Tests/golden/AREA/**/*.orr` is one test case. Expectations are comments inside:
//   # expect: TEXT                 the next printed line is TEXT
//   # error: MESSAGE               a diagnostic `check` reports on this line (nothing runs)
//   # error@LINE: MESSAGE          the same, for another line
//   # expect runtime error: MSG    running stops with this error raised on this line
//   # expect test pass: NAME       run as a test file; the test passes
//   # expect test fail: NAME       …or fails
//   # expect exit: N               the exit code `orrery` would give (0, 1, 65, 70)
//   # max-memory: SIZE             run as with `--max-memory SIZE` (512K, 16M)
// Files below a `modules/` folder are imported by other scripts, not cases themselves.
//
// The language's own areas run in LanguageTests with no domain installed; the world's
// areas run in OrreryLangTests with the world.

/// One golden script and the expectations written in it.
public struct GoldenScript: CustomStringConvertible, Sendable {
    public var path: String
    public var name: String
    public var description: String { name }

    /// Areas of the language alone: these scripts run without the world.
    public static let languageAreas: Set<String> = [
        "builtins", "diagnostics", "errors", "expressions", "functions", "imports", "limits", "lists", "records",
        "scoping", "statements", "strings", "syntax", "tests", "vectors",
    ]

    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("golden")

    /// The scripts of the language's areas (`language: true`) or of every other area.
    public static func all(language: Bool) -> [GoldenScript] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var found: [GoldenScript] = []
        while let entry = walker.nextObject() as? String {
            let parts = entry.split(separator: "/").map(String.init)
            guard entry.hasSuffix(".orr"), !parts.contains("modules"), let area = parts.first,
                  languageAreas.contains(area) == language else { continue }
            found.append(GoldenScript(path: root.appendingPathComponent(entry).path, name: entry))
        }
        return found.sorted { $0.name < $1.name }
    }

    /// Relative to the package root (the working directory of `swift test`), so error
    /// messages that name the folder read the same on every machine.
    public static let outputFolder = ".build/golden-out"

    /// Runs the script with `extensions` installed and returns every way it differs
    /// from its expectations (empty when it passes).
    public func problems(extensions: [any LanguageExtension]) throws -> [String] {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        return Self.problems(source: source, path: path, extensions: extensions)
    }

    /// How strictly a script's run is held to its expectations.
    public enum Strictness: Sendable {
        /// A golden script: every printed line is annotated; run as a test file only when
        /// it names test outcomes.
        case golden
        /// An example in the documentation: its output is checked only when it has
        /// `# expect:` lines; it always runs as a test file, and its tests must pass unless
        /// it says otherwise.
        case example
    }

    /// Runs `source` (read from `path`) with `extensions` installed and returns every way
    /// it differs from its expectations (empty when it passes).
    public static func problems(source: String, path: String, extensions: [any LanguageExtension],
                                strictness: Strictness = .golden) -> [String] {
        let expected = GoldenExpectations(source: source)
        let out = GoldenOutput()
        // Files the scripts save go below .build (ignored by git), not into ./out.
        var options = RunOptions()
        options.outputDirectory = GoldenScript.outputFolder
        if let limit = expected.maxMemory { options.maxMemory = limit }
        let engine = Engine(options: options, output: out, extensions: extensions)
        var problems: [String] = []
        func expect(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { problems.append(what()) } }

        if !expected.errors.isEmpty {
            let found = engine.check(path: path, source: source).map { "\($0.range.start.line): \($0.message)" }
            let wanted = expected.errors.map { "\($0.line): \($0.message)" }
            expect(found.sorted() == wanted.sorted(), "diagnostics: got \(found.sorted()), want \(wanted.sorted())")
            return problems
        }

        let asTests = !expected.tests.isEmpty || strictness == .example
        let report = asTests ? engine.test(path: path, source: source, filter: nil) : engine.run(path: path, source: source)
        var exitCode = 0
        switch report.outcome {
        case .scriptErrors(let ds):
            problems.append("unexpected diagnostics: \(ds.map { "\($0.range.start.line): \($0.message)" })")
            exitCode = 65
        case .runtimeError(let e):
            exitCode = 70
            if let want = expected.runtimeError {
                // As the terminal shows it: control characters escaped.
                let shown = DiagnosticFormatter.escapingControls(e.message)
                expect(shown == want.message, "runtime error message: got '\(shown)', want '\(want.message)'")
                expect(e.range.start.line == want.line, "runtime error line: got \(e.range.start.line), want \(want.line)")
            } else {
                problems.append("unexpected runtime error: \(e.range.start.line): \(e.message)")
            }
        case .success:
            if let want = expected.runtimeError {
                problems.append("expected runtime error '\(want.message)', but the script finished")
            }
            if !report.expectFailures.isEmpty || report.tests.contains(where: { !$0.passed }) { exitCode = 1 }
        }
        if strictness == .golden || !expected.output.isEmpty {
            expect(out.lines == expected.output, "output: got \(out.lines), want \(expected.output)")
        }
        if let code = expected.exit {
            expect(exitCode == code, "exit code: got \(exitCode), want \(code)")
        } else if case .success = report.outcome, !report.expectFailures.isEmpty {
            problems.append("failed top-level expects at lines \(report.expectFailures.map { $0.range.start.line })")
        }
        if asTests {
            let got = report.tests.map { "\($0.name): \($0.passed ? "pass" : "fail")" }
            let want = expected.tests.isEmpty ? report.tests.map { "\($0.name): pass" }
                : expected.tests.map { "\($0.name): \($0.pass ? "pass" : "fail")" }
            expect(got == want, "test outcomes: got \(got), want \(want)")
        }
        return problems
    }
}

/// What a golden script's comments ask for.
public struct GoldenExpectations {
    public var output: [String] = []
    public var errors: [(line: Int, message: String)] = []
    public var runtimeError: (line: Int, message: String)?
    public var tests: [(name: String, pass: Bool)] = []
    public var exit: Int?
    /// `# max-memory: SIZE`: the run's memory budget, as `--max-memory` gives it.
    public var maxMemory: Int?

    public init(source: String) {
        for (i, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            guard let hash = raw.range(of: "# ") else { continue }
            let comment = String(raw[hash.upperBound...])
            func after(_ prefix: String) -> String? {
                comment.hasPrefix(prefix) ? String(comment.dropFirst(prefix.count)) : nil
            }
            if let text = after("expect: ") ?? (comment == "expect:" ? "" : nil) {
                output.append(text)
            } else if let m = after("expect runtime error: ") {
                runtimeError = (line, m)
            } else if let n = after("expect test pass: ") {
                tests.append((n, true))
            } else if let n = after("expect test fail: ") {
                tests.append((n, false))
            } else if let n = after("expect exit: "), let code = Int(n) {
                exit = code
            } else if let size = after("max-memory: ") {
                maxMemory = ByteCount.parse(size)
            } else if let m = after("error: ") {
                errors.append((line, m))
            } else if comment.hasPrefix("error@"), let colon = comment.firstIndex(of: ":"),
                      let target = Int(comment[comment.index(comment.startIndex, offsetBy: 6)..<colon]) {
                errors.append((target, String(comment[comment.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
    }
}

/// Collects what a script prints (and shows, as descriptions) as lines.
public final class GoldenOutput: OutputSink {
    public var lines: [String] = []
    public init() {}
    public func print(_ line: String) {
        lines.append(contentsOf: line.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }
    public func show(_ value: Value) { print(value.description) }
}
