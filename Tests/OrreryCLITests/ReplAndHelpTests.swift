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

    @Test(arguments: [[], ["run"], ["check"], ["test"], ["merge"], ["repl"], ["notebook"], ["bench"]])
    func everyCommandHasHelpWithExamples(command: [String]) throws {
        let result = try OrreryProcess.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("OVERVIEW:"))
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("USAGE: orrery"))
        // `orrery help COMMAND` prints the same page.
        let viaHelp = try OrreryProcess.run(["help"] + command)
        #expect(viaHelp.status == 0)
        #expect(viaHelp.stdout == result.stdout)
    }

    /// `orrery help WORD` for a word that is no command says so and exits 64 (usage),
    /// instead of printing the root page and exiting 0.
    @Test(arguments: [(["help", "tset"], "no command 'tset' in 'orrery' (did you mean 'test'?)"),
                      (["help", "bogus"], "no command 'bogus' in 'orrery'; one of: run, check, test"),
                      (["help", "run", "extra"], "'orrery run' has no subcommands, got 'extra'")])
    func helpForAnUnknownCommandIsAUsageError(arguments: [String], message: String) throws {
        let result = try OrreryProcess.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// The four options of a script run are declared once and mean the same in every
    /// command that runs scripts; `bench` takes the same `--seed`, with the same default.
    @Test(arguments: ["run", "test", "repl", "notebook", "bench"])
    func commandsShareTheirOptions(command: String) throws {
        let help = try OrreryProcess.run([command, "--help"]).stdout
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // (Commands that run scripts add that a script's configuration line may give it.)
        #expect(help.contains("--seed <seed> Seed of every random stream; the same seed gives the same results. (default: 0"))
        guard command != "bench" else { return }
        for flag in ["--out <dir>", "--max-steps <max-steps>", "--allow-exec"] {
            #expect(help.contains(flag), "\(command) --help lacks \(flag)")
        }
    }
}
