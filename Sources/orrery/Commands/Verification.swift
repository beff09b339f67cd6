import Foundation
import OrreryLang

// MARK: - Verifying manifests

/// `orrery run --verify MANIFEST FILE`: reruns the script with the recorded seed and
/// flags, output recorded but not printed, and compares the new manifest with the old.
enum Verification {
    static func verify(file: String, manifestPath: String, options base: RunOptions) throws {
        guard let source = ScriptFiles.read(file) else { throw ExitStatus.ioError }
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            Terminal.err("orrery: cannot read manifest '\(manifestPath)'")
            throw ExitStatus.ioError
        }
        let recorded: RunManifest
        do {
            recorded = try RunManifest.decode(Array(data))
        } catch {
            Terminal.err("orrery: \(manifestPath): \(error)")
            throw ExitStatus.ioError
        }
        guard let seed = UInt64(recorded.seed) else {
            Terminal.err("orrery: \(manifestPath): bad seed '\(recorded.seed)'")
            throw ExitStatus.ioError
        }
        var options = base
        options.seed = seed
        // Saved files go to a scratch folder: the rerun is compared by hash and must not
        // overwrite the results it is checking.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        options.outputDirectory = scratch.path
        let (withFlags, unknown) = apply(flags: recorded.flags, to: options)
        if let unknown {
            Terminal.err("orrery: \(manifestPath): unknown flag '\(unknown)'")
            throw ExitStatus.ioError
        }
        let recorder = OutputRecorder(scriptFile: file, extensions: Domains.installed)
        let script = ScriptRun(path: file, source: source, options: withFlags, output: recorder)
        let rerun = script.notebook(of: script.run(), recordedBy: recorder, flags: recorded.flags).manifest
        let differences = recorded.differences(from: rerun)
        if differences.isEmpty {
            Terminal.out("verified: \(rerun.outputs.count) outputs byte-identical, \(rerun.files.count) saved files identical (outputs sha256 \(rerun.outputsSHA256))")
            return
        }
        Terminal.err("orrery: \(file) does not reproduce \(manifestPath):")
        differences.forEach { Terminal.err("  " + $0) }
        throw ExitStatus.expectationFailed
    }

    /// Applies recorded manifest flags; nil names the first flag it does not know.
    private static func apply(flags: [String], to options: RunOptions) -> (RunOptions, unknown: String?) {
        var o = options
        for flag in flags {
            if flag == "--allow-exec" {
                o.allowExec = true
            } else if flag.hasPrefix("--max-steps="), let n = Int(flag.dropFirst("--max-steps=".count)), n > 0 {
                o.maxSteps = n
            } else {
                return (o, flag)
            }
        }
        return (o, nil)
    }
}
