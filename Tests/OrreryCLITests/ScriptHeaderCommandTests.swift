import Foundation
import Testing

/// The configuration line through the commands: `run`, `test`, `check` and `notebook`
/// read it; a disagreeing `--seed` and a line that grants a permission are errors; a
/// notebook written with a seed carries it, so the script it converts back to runs alike.
@Suite struct ScriptHeaderCommandTests {
    @Test func runAndTestTakeTheSeedFromTheLine() throws {
        let dir = try Scratch()
        let file = try dir.write("h.orr", "# orrery: --seed 41\nprint(seed)\ntest \"s\" { expect seed == 41 }\n")
        let run = try OrreryProcess.run(["run", file, "--out", dir.url.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines == ["41"])
        #expect(try OrreryProcess.run(["run", file, "--seed", "41", "--out", dir.url.path]).stdoutLines == ["41"])
        let test = try OrreryProcess.run(["test", file, "--out", dir.url.path])
        #expect(test.status == 0, "stdout: \(test.stdout) stderr: \(test.stderr)")
    }

    @Test func aDisagreeingSeedOrAGrantedPermissionStopsTheScript() throws {
        let dir = try Scratch()
        let file = try dir.write("h.orr", "# orrery: --seed 41\nprint(seed)\n")
        let run = try OrreryProcess.run(["run", file, "--seed", "3", "--out", dir.url.path])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("h.orr:1:1: error: the script's configuration line sets --seed 41, but the command line gives --seed 3"),
                "\(run.stderr)")
        let granting = try dir.write("g.orr", "# orrery: --allow-exec\nprint(1)\n")
        for command in ["run", "test", "check"] {
            let result = try OrreryProcess.run([command, granting, "--out", dir.url.path].filter { command != "check" || $0 != "--out" && $0 != dir.url.path })
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("g.orr:1:11: error: a script cannot grant itself --allow-exec"), "\(command): \(result.stderr)")
        }
        let late = try dir.write("l.orr", "print(1)\n# orrery: --seed 2\n")
        let lateRun = try OrreryProcess.run(["run", late, "--out", dir.url.path])
        #expect(lateRun.status == 65)
        #expect(lateRun.stderr.contains("l.orr:2:1: error: a configuration line"), "\(lateRun.stderr)")
    }

    @Test func aNotebookWrittenWithASeedConvertsBackToAScriptThatUsesIt() throws {
        let dir = try Scratch()
        let file = try dir.write("n.orr", "# %% Draw\nprint(seed)\n")
        let notebook = dir.url.appendingPathComponent("n.ipynb").path
        let written = try OrreryProcess.run(["notebook", file, "--seed", "23", "-o", notebook, "--out", dir.url.path])
        #expect(written.status == 0, "\(written.stderr)")
        let text = try String(contentsOfFile: notebook, encoding: .utf8)
        #expect(text.contains("# orrery: --seed 23"))
        let script = dir.url.appendingPathComponent("back.orr").path
        #expect(try OrreryProcess.run(["notebook", notebook, "--to", "script", "-o", script]).status == 0)
        let rerun = try OrreryProcess.run(["run", script, "--out", dir.url.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdoutLines == ["23"])
    }
}
