import Foundation
import OrreryLang

// MARK: - Verifying manifests

/// `orrery run --verify MANIFEST FILE`: reruns the script with the recorded seed,
/// output recorded but not printed, and compares the new manifest with the old.
///
/// A manifest travels inside every report, so anyone can hand one over: it supplies
/// only what reproduces a run (the seed) and what the rerun is compared against. What a
/// run may do (`--allow-exec`, `--max-steps`) and where it writes come from the
/// command line alone.
enum Verification {
    /// In order: the manifest is read (74), the script is the one it was made from (1
    /// otherwise; nothing runs), the command line gives the limits it records (64
    /// otherwise; nothing runs), then the rerun reproduces every output (1 otherwise).
    static func verify(file: String, manifestPath: String, options commandLine: RunOptions) throws {
        let recorded = try read(manifestPath)
        guard let source = ScriptFiles.read(file) else { throw ExitStatus.ioError }
        let hash = SHA256.hex(Array(source.utf8))
        guard hash == recorded.script.sha256 else {
            Terminal.err("orrery: \(file) is not the script \(manifestPath) was made from: its sha256 is \(hash), the manifest records \(recorded.script.sha256) for \(recorded.script.path); nothing was run")
            throw ExitStatus.expectationFailed
        }
        let needed = flags(allowExec: recorded.allowExec, maxSteps: recorded.maxSteps)
        let given = flags(allowExec: commandLine.allowExec, maxSteps: commandLine.maxSteps)
        guard needed == given else {
            Terminal.err("""
                orrery: \(manifestPath) was made with \(describe(needed)); this command line has \(describe(given)).
                A manifest grants no permissions: rerun with exactly the limits it was made with, as in
                  orrery run --verify \(manifestPath) \((needed + [file]).joined(separator: " "))
                """)
            throw ExitStatus.usage
        }

        var options = commandLine
        options.seed = recorded.seed
        // Saved files go to a scratch folder: the rerun is compared by hash and must not
        // overwrite the results it is checking.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        options.outputDirectory = scratch.path
        let recorder = OutputRecorder(scriptFile: file, extensions: Domains.installed)
        let script = ScriptRun(path: file, source: source, options: options, commandLineSeed: options.seed, output: recorder)
        let rerun = script.notebook(of: script.run(), recordedBy: recorder).manifest
        let differences = recorded.differences(from: rerun)
        if differences.isEmpty {
            Terminal.out("verified: \(rerun.outputs.count) outputs byte-identical, \(rerun.files.count) saved files identical (outputs sha256 \(rerun.outputsSHA256))")
            return
        }
        Terminal.err("orrery: \(file) does not reproduce \(manifestPath):")
        differences.forEach { Terminal.err("  " + $0) }
        throw ExitStatus.expectationFailed
    }

    /// The manifest at `path`; a file that cannot be read or is no manifest exits 74.
    private static func read(_ path: String) throws -> RunManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.err("orrery: cannot read manifest '\(path)'")
            throw ExitStatus.ioError
        }
        do {
            return try RunManifest.decode(Array(data))
        } catch {
            Terminal.err("orrery: \(path): \(error)")
            throw ExitStatus.ioError
        }
    }

    /// The command-line flags that set these limits, as a user types them.
    private static func flags(allowExec: Bool, maxSteps: Int?) -> [String] {
        (allowExec ? ["--allow-exec"] : []) + (maxSteps.map { ["--max-steps", String($0)] } ?? [])
    }

    private static func describe(_ flags: [String]) -> String {
        flags.isEmpty ? "neither --allow-exec nor --max-steps" : flags.joined(separator: " ")
    }
}
