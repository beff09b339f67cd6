import Foundation
import Testing

/// Scripts are untrusted: through the binary, `save` stays inside `--out` whatever links
/// are there, imports stay in the script's folder unless `--allow-read` says otherwise,
/// report files go only into folders that exist, and `--max-output` caps what is written.
@Suite struct SandboxTests {
    static let saves = "print(save(\"fine\", \"ok.txt\"))\nsave(\"pwned\", \"d/pwned.txt\")\n"

    func entries(_ url: URL) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    @Test func aSymlinkedFolderInsideOutDoesNotLeadOutside() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.saves)
        let out = dir.url.appendingPathComponent("out"), outside = dir.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("d"), withDestinationURL: outside)
        let result = try OrreryProcess.run(["run", file, "--out", out.path])
        #expect(result.status == 70, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["ok.txt"])
        #expect(result.stderr.contains("s.orr:2:"))
        #expect(result.stderr.contains("save: 'd' inside the output folder is a symbolic link; not following it"))
        #expect(entries(outside).isEmpty)
    }

    @Test func aSymlinkedFileInsideOutIsNotFollowed() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", "save(\"pwned\", \"f.txt\")\n")
        let out = dir.url.appendingPathComponent("out"), target = dir.url.appendingPathComponent("target.txt")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("f.txt"), withDestinationURL: target)
        let result = try OrreryProcess.run(["run", file, "--out", out.path])
        #expect(result.status == 70, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("'f.txt' inside the output folder is a symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func importingAFileOutsideNeverPrintsIt() throws {
        let dir = try Scratch()
        let file = try dir.write("i.orr", "import \"/proc/self/environ\"\n")
        let result = try OrreryProcess.run(["run", file], environment: ["ORRERY_SANDBOX_SECRET": "hunter2"])
        #expect(result.status == 65, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("needs --allow-read"))
        #expect(!result.stderr.contains("hunter2"))
        // Even when reading is allowed, a file that is not a script is not quoted.
        let allowed = try OrreryProcess.run(["run", file, "--allow-read", "/proc"], environment: ["ORRERY_SANDBOX_SECRET": "hunter2"])
        #expect(allowed.status == 65)
        #expect(allowed.stderr.contains("module '/proc/self/environ' is not a script"))
        #expect(!allowed.stderr.contains("hunter2"))
    }

    @Test func theReplImportsOnlyFromTheCurrentFolder() throws {
        let dir = try Scratch()
        try dir.write("lib.orr", "let from_lib = 5\n")
        try dir.write("../orrery-outside-\(dir.url.lastPathComponent).orr", "let outside = 1\n")
        defer { try? FileManager.default.removeItem(at: dir.url.deletingLastPathComponent().appendingPathComponent("orrery-outside-\(dir.url.lastPathComponent).orr")) }
        let input = "import \"lib.orr\"\nfrom_lib\nimport \"../orrery-outside-\(dir.url.lastPathComponent).orr\"\n"
        let result = try OrreryProcess.run(["repl"], in: dir.url, input: input)
        #expect(result.stdoutLines == ["5"])
        #expect(result.stderr.contains("is outside the current folder; reading it needs --allow-read"))
    }

    @Test func allowReadIsRepeatableAndGrantsImports() throws {
        let dir = try Scratch()
        try dir.write("a/one.orr", "let one = 1\n")
        try dir.write("b/two.orr", "let two = 2\n")
        let file = try dir.write("main/m.orr", "import \"../a/one.orr\"\nimport \"../b/two.orr\"\nprint(one + two)\n")
        let refused = try OrreryProcess.run(["check", file])
        #expect(refused.status == 65)
        let a = dir.url.appendingPathComponent("a").path, b = dir.url.appendingPathComponent("b").path
        let checked = try OrreryProcess.run(["check", file, "--allow-read", a, "--allow-read", b])
        #expect(checked.status == 0, "stderr: \(checked.stderr)")
        let result = try OrreryProcess.run(["run", file, "--allow-read", a, "--allow-read", b])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["3"])
    }

    @Test(arguments: [
        ["run", "FILE", "--report", "missing/deeper/r.html"],
        ["run", "FILE", "--manifest", "missing/m.json"],
        ["notebook", "FILE", "-o", "missing/n.html"],
        ["test", "FILE", "--results", "missing/r.jsonl"],
        ["test", "FILE", "--junit", "missing/j.xml"],
    ])
    func reportFilesNeedAnExistingFolder(arguments: [String]) throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", "print(\"ran\")\n")
        let result = try OrreryProcess.run(arguments.map { $0 == "FILE" ? file : $0 }, in: dir.url)
        #expect(result.status == 74, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("does not exist"))
        #expect(!result.stdout.contains("ran"), "the check comes before the run")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("missing").path))
    }

    @Test func theReportMayGoIntoTheOutputFolder() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", "print(\"ran\")\n")
        let result = try OrreryProcess.run(["run", file, "--out", "out", "--report", "out/r.html"], in: dir.url)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("out/r.html").path))
    }

    @Test func maxOutputCapsTheBytesARunWrites() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", """
            let kilo = join(map(range(64), fn (i) => "0123456789abcdef"), "")
            print(save(kilo, "a.txt"))
            print(save(kilo, "b.txt"))

            """)
        let result = try OrreryProcess.run(["run", file, "--out", "out", "--max-output", "1.5K"], in: dir.url)
        #expect(result.status == 64, "a fraction is not a byte count")
        let capped = try OrreryProcess.run(["run", file, "--out", "out", "--max-output", "1K"], in: dir.url)
        #expect(capped.status == 70, "stderr: \(capped.stderr)")
        #expect(capped.stdoutLines == ["a.txt"])
        #expect(capped.stderr.contains("s.orr:3:"))
        #expect(capped.stderr.contains("past --max-output (1024 bytes; 1024 written so far)"))
        #expect(entries(dir.url.appendingPathComponent("out")) == ["a.txt"])
        let roomy = try OrreryProcess.run(["run", file, "--out", "out", "--max-output", "2048"], in: dir.url)
        #expect(roomy.status == 0, "stderr: \(roomy.stderr)")
    }

    @Test func helpNamesTheFlags() throws {
        let result = try OrreryProcess.run(["run", "--help"])
        #expect(result.stdout.contains("--allow-read <dir>"))
        #expect(result.stdout.contains("--max-output <bytes>"))
    }
}
