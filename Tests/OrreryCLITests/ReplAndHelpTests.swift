import Foundation
import Testing

/// The REPL through a pipe, `--version` and `--help`.
@Suite struct ReplAndHelpTests {
    @Test func replThroughAPipePrintsOnlyValues() throws {
        let result = try OrreryProcess.run(["repl"], input: "let x = 2\nx * 21\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "42\n")
    }

    @Test func replKeepsBindingsAfterAnError() throws {
        let result = try OrreryProcess.run(["repl"], input: "let x = 2\nx + \"a\"\nx + 1\n")
        #expect(result.stdoutLines == ["3"])
        #expect(!result.stderr.isEmpty)
    }

    @Test func replContinuesOpenConstructsOverSeveralLines() throws {
        let result = try OrreryProcess.run(["repl"], input: "fn f(x) {\n  return x * 2\n}\nf(21)\n")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "42\n")
    }

    @Test func replStopsAtQuit() throws {
        let result = try OrreryProcess.run(["repl"], input: "1 + 1\n.quit\n3 + 3\n")
        #expect(result.status == 0)
        #expect(result.stdoutLines == ["2"])
    }

    @Test func versionPrintsOneVersionNumber() throws {
        let result = try OrreryProcess.run(["--version"])
        #expect(result.status == 0)
        let parts = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "got \(result.stdout)")
    }

    @Test(arguments: [[], ["run"], ["check"], ["test"], ["repl"]])
    func everyCommandHasHelpWithExamples(command: [String]) throws {
        let result = try OrreryProcess.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("OVERVIEW:"))
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("USAGE: orrery"))
    }
}
