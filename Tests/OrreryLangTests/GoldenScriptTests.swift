import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

// Every `Tests/golden/**/*.orr` is one test case. Expectations are comments inside:
//   # expect: TEXT                 the next printed line is TEXT
//   # error: MESSAGE               a syntax/resolve diagnostic on this line (nothing runs)
//   # error@LINE: MESSAGE          the same, for another line
//   # expect runtime error: MSG    running stops with this error raised on this line
//   # expect test pass: NAME       run as a test file; the test passes
//   # expect test fail: NAME       …or fails
//   # expect exit: N               the exit code `orrery` would give (0, 1, 65, 70)
// Files below a `modules/` folder are imported by other scripts, not cases themselves.

/// One golden script and the expectations written in it.
struct GoldenScript: CustomTestStringConvertible, Sendable {
    var path: String
    var name: String
    var testDescription: String { name }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("golden")

    static func all() -> [GoldenScript] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var found: [GoldenScript] = []
        while let entry = walker.nextObject() as? String {
            guard entry.hasSuffix(".orr"), !entry.split(separator: "/").contains("modules") else { continue }
            found.append(GoldenScript(path: root.appendingPathComponent(entry).path, name: entry))
        }
        return found.sorted { $0.name < $1.name }
    }
}

/// What a golden script's comments ask for.
struct GoldenExpectations {
    var output: [String] = []
    var errors: [(line: Int, message: String)] = []
    var runtimeError: (line: Int, message: String)?
    var tests: [(name: String, pass: Bool)] = []
    var exit: Int?

    init(source: String) {
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
            } else if let m = after("error: ") {
                errors.append((line, m))
            } else if comment.hasPrefix("error@"), let colon = comment.firstIndex(of: ":"),
                      let target = Int(comment[comment.index(comment.startIndex, offsetBy: 6)..<colon]) {
                errors.append((target, String(comment[comment.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
    }
}

extension GoldenScript {
    /// Relative to the package root (the working directory of `swift test`), so error
    /// messages that name the folder read the same on every machine.
    static let outputFolder = ".build/golden-out"
}

@Suite struct GoldenScriptTests {
    @Test(arguments: GoldenScript.all())
    func script(_ script: GoldenScript) throws {
        let source = try String(contentsOfFile: script.path, encoding: .utf8)
        let expected = GoldenExpectations(source: source)
        let out = CollectingOutput()
        // Files the scripts save go below .build (ignored by git), not into ./out.
        var options = RunOptions()
        options.outputDirectory = GoldenScript.outputFolder
        let engine = Engine(options: options, output: out, extensions: world)
        let file = script.path

        if !expected.errors.isEmpty {
            let found = engine.check(path: file, source: source)
                .map { "\($0.range.start.line): \($0.message)" }
            let wanted = expected.errors.map { "\($0.line): \($0.message)" }
            #expect(found.sorted() == wanted.sorted(), "diagnostics of \(script.name)")
            return
        }

        let asTests = !expected.tests.isEmpty
        let report = asTests ? engine.test(path: file, source: source, filter: nil) : engine.run(path: file, source: source)
        var exitCode = 0
        switch report.outcome {
        case .scriptErrors(let ds):
            Issue.record("unexpected diagnostics in \(script.name): \(ds.map { "\($0.range.start.line): \($0.message)" })")
            exitCode = 65
        case .runtimeError(let e):
            exitCode = 70
            if let want = expected.runtimeError {
                #expect(e.message == want.message, "runtime error message in \(script.name)")
                #expect(e.range.start.line == want.line, "runtime error line in \(script.name)")
            } else {
                Issue.record("unexpected runtime error in \(script.name): \(e.range.start.line): \(e.message)")
            }
        case .success:
            if let want = expected.runtimeError {
                Issue.record("expected runtime error '\(want.message)' in \(script.name), but the script finished")
            }
            if !report.expectFailures.isEmpty || report.tests.contains(where: { !$0.passed }) { exitCode = 1 }
        }
        #expect(out.lines == expected.output, "output of \(script.name)")
        if let code = expected.exit {
            #expect(exitCode == code, "exit code of \(script.name)")
        } else if case .success = report.outcome, !report.expectFailures.isEmpty {
            Issue.record("failed top-level expects in \(script.name) at lines \(report.expectFailures.map { $0.range.start.line })")
        }
        if asTests {
            let got = report.tests.map { "\($0.name): \($0.passed ? "pass" : "fail")" }
            let want = expected.tests.map { "\($0.name): \($0.pass ? "pass" : "fail")" }
            #expect(got == want, "test outcomes of \(script.name)")
        }
    }
}
