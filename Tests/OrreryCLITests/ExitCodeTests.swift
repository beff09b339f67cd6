import Foundation
import Testing

/// The exit-code contract of `orrery run` and `orrery check`: 0 ok, 1 failed
/// top-level expect, 64 usage, 65 script error, 70 runtime error, 74 I/O.
@Suite struct ExitCodeTests {
    @Test func runOkPrintsToStdout() throws {
        let dir = try Scratch()
        let file = try dir.write("ok.orr", "let x = 2\nprint(\"x is\", x * 21)\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["x is 42"])
        #expect(result.stderr.isEmpty)
    }

    @Test func runSkipsTestBlocks() throws {
        let dir = try Scratch()
        let file = try dir.write("skip.orr", "print(\"top\")\ntest \"t\" {\n  print(\"inside\")\n}\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["top"])
    }

    @Test func failedTopLevelExpectExitsOneAfterRunningToTheEnd() throws {
        let dir = try Scratch()
        let file = try dir.write("expect.orr", "let a = 3\nexpect a == 4\nprint(\"still ran\")\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 1)
        #expect(result.stdoutLines == ["still ran"])
        #expect(result.stderr.contains("expect.orr:2:"))
        #expect(result.stderr.contains("expect failed"))
    }

    @Test(arguments: [
        ["run"],
        ["run", "a.orr", "--seed", "banana"],
        ["run", "a.orr", "--seed", "-1"],
        ["run", "a.orr", "--seed", "18446744073709551616"],
        ["test", "a.orr", "--max-steps", "0"],
        ["bench", "--seed", "18446744073709551616"],
        ["run", "a.orr", "--max-steps", "0"],
        ["frobnicate"],
        ["test"],
        ["check"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try OrreryProcess.run(arguments)
        #expect(result.status == 64, "stderr: \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func syntaxErrorExits65WithLocatedDiagnostic() throws {
        let dir = try Scratch()
        let file = try dir.write("bad.orr", "print(\"before\")\nlet x = (1 +\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty, "nothing runs when the script has syntax errors")
        #expect(result.stderr.contains("bad.orr:"))
        #expect(result.stderr.contains("error:"))
    }

    @Test func runtimeErrorExits70WithMessageAndTrace() throws {
        let dir = try Scratch()
        let file = try dir.write("boom.orr", "fn add(a, b) {\n  return a + b\n}\nprint(\"before\")\nadd(1, \"two\")\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 70)
        #expect(result.stdoutLines == ["before"])
        #expect(result.stderr.contains("arithmetic"))
        #expect(result.stderr.contains("boom.orr:2:"))
    }

    @Test func showPrintsPlainValues() throws {
        let dir = try Scratch()
        let file = try dir.write("show.orr", "show 3 + 4\nshow \"text\"\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["7", "text"])
    }

    @Test func maxStepsStopsAnEndlessLoopWithARuntimeError() throws {
        let dir = try Scratch()
        let file = try dir.write("loop.orr", "var i = 0\nwhile true {\n  i += 1\n}\n")
        let result = try OrreryProcess.run(["run", file, "--max-steps", "1000"])
        #expect(result.status == 70)
        #expect(result.stderr.contains("step limit exceeded"))
    }

    /// `--max-steps` is one option of every command that runs scripts, `test` included.
    @Test func maxStepsStopsAnEndlessLoopInATest() throws {
        let dir = try Scratch()
        let file = try dir.write("loop.orr", "test \"spins\" {\n  while true {}\n}\ntest \"ends\" {\n  expect 1 == 1\n}\n")
        let result = try OrreryProcess.run(["test", file, "--max-steps", "1000"])
        #expect(result.status == 1)
        #expect(result.stdoutLines.contains("FAIL spins"))
        #expect(result.stderr.contains("step limit exceeded"))
    }

    @Test func longStackTracesAreShortened() throws {
        let dir = try Scratch()
        let file = try dir.write("deep.orr", "fn down(n) {\n  return down(n + 1)\n}\ndown(0)\n")
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 70)
        #expect(result.stderr.contains("stack overflow"))
        #expect(result.stderr.contains("more frames"))
        #expect(result.stderr.components(separatedBy: "\n").count < 40)
    }

    @Test func missingFileExits74() throws {
        let dir = try Scratch()
        let result = try OrreryProcess.run(["run", dir.url.appendingPathComponent("nope.orr").path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("nope.orr"))
    }

    @Test func checkReportsEveryErrorOfAFileAndRunsNothing() throws {
        let dir = try Scratch()
        let file = try dir.write("many.orr", "print(\"never\")\nlet = 1\nlet y = )\nlet z = [1, 2\n")
        let result = try OrreryProcess.run(["check", file])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let errors = result.stderr.components(separatedBy: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count >= 2, "stderr: \(result.stderr)")
        #expect(errors.contains { $0.contains("many.orr:2:") })
        #expect(errors.contains { $0.contains("many.orr:3:") })
    }

    @Test func checkReportsErrorsOfEveryFile() throws {
        let dir = try Scratch()
        let a = try dir.write("a.orr", "let = 1\n")
        let b = try dir.write("b.orr", "print(undefined_name)\n")
        let result = try OrreryProcess.run(["check", a, b])
        #expect(result.status == 65)
        #expect(result.stderr.contains("a.orr:1:"))
        #expect(result.stderr.contains("b.orr:1:"))
    }

    @Test func checkOfCleanFilesExitsZero() throws {
        let dir = try Scratch()
        let a = try dir.write("a.orr", "let x = 1\nprint(x)\n")
        let b = try dir.write("b.orr", "fn f(n) { return n * 2 }\n")
        let result = try OrreryProcess.run(["check", a, b])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "check runs nothing")
    }

    @Test func checkWithAMissingFileExits74() throws {
        let dir = try Scratch()
        let a = try dir.write("a.orr", "let x = 1\n")
        let result = try OrreryProcess.run(["check", a, dir.url.appendingPathComponent("gone.orr").path])
        #expect(result.status == 74)
    }
}
