import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Scripts read only inside their own folder (imports) or it and the output folder
/// (model files), unless `--allow-read` names a folder; a refused or non-script file is
/// never quoted in the error.
@Suite struct ReadAccessTests {
    /// `root/project/main.orr` is the script; `root/elsewhere` lies outside it.
    final class Project {
        let root: String
        var project: String { root + "/project" }
        var elsewhere: String { root + "/elsewhere" }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-read-\(UUID().uuidString)").path
            for folder in [project + "/lib", elsewhere] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try write(elsewhere + "/secret.orr", "let secret = \"the secret line\"\n")
            try write(project + "/shared.orr", "let shared = 2\n")
            try write(project + "/lib/inner.orr", "import \"../shared.orr\"\nlet inner = shared + 1\n")
            try write(project + "/data.csv", "the secret line,1\n")
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }

        /// Runs `source` as `project/main.orr`: the printed lines and the first error's message.
        func run(_ source: String, allowRead: [String] = [], outputFolder: String? = nil) -> (lines: [String], error: String?) {
            var options = RunOptions()
            options.allowRead = allowRead
            options.outputDirectory = outputFolder ?? root + "/out"
            let output = ProgressCollectingOutput()
            let report = Engine(options: options, output: output, extensions: OrreryLangTests.world)
                .run(path: project + "/main.orr", source: source)
            switch report.outcome {
            case .runtimeError(let e): return (output.lines, e.message)
            case .scriptErrors(let ds): return (output.lines, ds.first?.message)
            default: return (output.lines, nil)
            }
        }
    }

    @Test func importsInsideTheScriptsFolderWork() throws {
        let p = try Project()
        let r = p.run("import \"lib/inner.orr\"\nimport \"shared\"\nprint(inner, shared)\n")
        #expect(r.error == nil)
        #expect(r.lines == ["3 2"])
    }

    @Test(arguments: ["/proc/self/environ", "/etc/passwd", "../elsewhere/secret.orr", "../elsewhere/secret"])
    func importsLeavingTheFolderAreRefused(path: String) throws {
        let p = try Project()
        let r = p.run("import \"\(path)\"\n")
        #expect(r.error == "cannot import '\(path)': '\(path)' is outside the script's folder; reading it needs --allow-read with a folder that contains it")
    }

    @Test func aSymlinkLeavingTheFolderIsRefused() throws {
        let p = try Project()
        try FileManager.default.createSymbolicLink(atPath: p.project + "/link.orr", withDestinationPath: p.elsewhere + "/secret.orr")
        let r = p.run("import \"link.orr\"\nprint(secret)\n")
        #expect(r.error?.contains("is outside the script's folder") == true)
        #expect(r.lines.isEmpty)
    }

    @Test func allowReadGrantsAFolder() throws {
        let p = try Project()
        let r = p.run("import \"../elsewhere/secret.orr\"\nprint(secret)\n", allowRead: [p.elsewhere])
        #expect(r.error == nil)
        #expect(r.lines == ["the secret line"])
        let absolute = p.run("import \"\(p.elsewhere)/secret.orr\"\nprint(secret)\n", allowRead: [p.elsewhere])
        #expect(absolute.lines == ["the secret line"])
    }

    @Test func filesThatAreNotScriptsAreNeverQuoted() throws {
        let p = try Project()
        let csv = p.run("import \"data.csv\"\n")
        #expect(csv.error == "module 'data.csv' is not a script: only .orr files are imported")
        try Data([0x66, 0xFF, 0xFE, 0x00, 0x41]).write(to: URL(fileURLWithPath: p.project + "/binary.orr"))
        let binary = p.run("import \"binary.orr\"\n")
        #expect(binary.error == "module 'binary.orr' is not a script: it is not UTF-8 text")
        // Allowed to read, still not a script.
        let passwd = p.run("import \"/etc/passwd\"\n", allowRead: ["/etc"])
        #expect(passwd.error == "module '/etc/passwd' is not a script: only .orr files are imported")
    }

    @Test func modelFilesFollowTheSameRule() throws {
        let p = try Project()
        try p.write(p.elsewhere + "/m.orrm", "the secret line")
        let refused = p.run("load_model(\"\(p.elsewhere)/m.orrm\")\n")
        #expect(refused.error == "load_model: '\(p.elsewhere)/m.orrm' is outside the output folder and the script's folder; reading it needs --allow-read with a folder that contains it")
        let escaped = p.run("load_model(\"../elsewhere/m.orrm\")\n")
        #expect(escaped.error?.contains("is outside the output folder and the script's folder") == true)
        // Granted, it is read (and is not a model file; its text is not quoted).
        let granted = p.run("load_model(\"\(p.elsewhere)/m.orrm\")\n", allowRead: [p.elsewhere])
        #expect(granted.error?.contains("is not a usable model file") == true)
        #expect(granted.error?.contains("secret") == false)
    }
}
