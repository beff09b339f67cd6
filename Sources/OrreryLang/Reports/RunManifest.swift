import Foundation

// MARK: - Manifest entries

/// A file a run read, with its SHA-256.
public struct ManifestFile: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var bytes: Int
    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// One output of a run, by kind, hash and the script line that produced it.
public struct ManifestOutput: Codable, Sendable, Equatable {
    public var line: Int
    public var kind: String
    public var sha256: String
    public var bytes: Int
}

// MARK: - Manifest

/// What makes a run reproducible and what it produced: the script's hash, the seed, the
/// Orrery version, the flags, the hashes of files read, and a hash per output.
/// `orrery run --verify` reruns a script and compares manifests.
public struct RunManifest: Codable, Sendable, Equatable {
    public var format = "orrery-manifest/1"
    public var orreryVersion: String
    public var script: ManifestFile
    /// Decimal, so JSON readers that parse numbers as doubles keep every bit.
    public var seed: String
    public var flags: [String]
    public var inputs: [ManifestFile]
    /// "success", "expect failures", "runtime error" or "script errors".
    public var outcome: String
    public var outputs: [ManifestOutput]
    /// Files written with `save`, by path relative to the output folder.
    public var files: [ManifestFile]
    /// SHA-256 over every output hash in order: one value to compare.
    public var outputsSHA256: String

    /// Builds the manifest of a finished run from what `recorder` saw.
    public init(scriptPath: String, source: String, options: RunOptions, version: String, flags: [String],
                engine: Engine, recorder: OutputRecorder, report: FileRunReport) {
        orreryVersion = version
        let scriptBytes = Array(source.utf8)
        script = ManifestFile(path: scriptPath, sha256: SHA256.hex(scriptBytes), bytes: scriptBytes.count)
        seed = String(options.seed)
        self.flags = flags
        var imported: [ManifestFile] = []
        for file in engine.sourceFiles where file != scriptPath && !file.hasPrefix("std/") && !file.hasPrefix("<") {
            guard let text = engine.sourceText(of: file) else { continue }
            let bytes = Array(text.utf8)
            imported.append(ManifestFile(path: file, sha256: SHA256.hex(bytes), bytes: bytes.count))
        }
        inputs = (imported + recorder.inputs).sorted { $0.path < $1.path }
        switch report.outcome {
        case .success: outcome = report.expectFailures.isEmpty ? "success" : "expect failures"
        case .runtimeError: outcome = "runtime error"
        case .scriptErrors: outcome = "script errors"
        }
        outputs = recorder.records.map { r in
            let bytes = r.output.manifestBytes
            return ManifestOutput(line: r.line, kind: r.output.kindName, sha256: SHA256.hex(bytes), bytes: bytes.count)
        }
        files = recorder.files.sorted { $0.path < $1.path }
        outputsSHA256 = SHA256.hex(Array(outputs.map(\.sha256).joined(separator: "\n").utf8))
    }

    /// Pretty JSON with sorted keys: the same run gives the same bytes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text + "\n"
    }

    /// Reads a manifest written by `json()`; the error says what is wrong.
    public static func decode(_ bytes: [UInt8]) throws -> RunManifest {
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(bytes))
        } catch {
            throw ManifestError(message: "not an Orrery manifest: \(error)")
        }
    }

    /// What differs between the recorded manifest (`self`) and a rerun, one line each;
    /// empty when the rerun reproduced every output byte for byte.
    public func differences(from rerun: RunManifest) -> [String] {
        var out: [String] = []
        if script.sha256 != rerun.script.sha256 {
            out.append("script \(script.path) changed: sha256 \(script.sha256) → \(rerun.script.sha256)")
        }
        if seed != rerun.seed { out.append("seed \(seed) → \(rerun.seed)") }
        if flags != rerun.flags { out.append("flags \(flags) → \(rerun.flags)") }
        if orreryVersion != rerun.orreryVersion { out.append("Orrery version \(orreryVersion) → \(rerun.orreryVersion)") }
        let old = Dictionary(inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(rerun.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        for path in Set(old.keys).union(new.keys).sorted() where old[path] != new[path] {
            out.append("input \(path): \(old[path] ?? "not read") → \(new[path] ?? "not read")")
        }
        if outcome != rerun.outcome { out.append("outcome \(outcome) → \(rerun.outcome)") }
        if outputs.count != rerun.outputs.count {
            out.append("\(outputs.count) outputs recorded, \(rerun.outputs.count) on rerun")
        }
        for (i, (a, b)) in zip(outputs, rerun.outputs).enumerated() where a != b {
            out.append("output \(i + 1) (\(a.kind), line \(a.line)) differs: sha256 \(a.sha256) → \(b.sha256) (\(b.kind), line \(b.line))")
        }
        let oldFiles = Dictionary(files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let newFiles = Dictionary(rerun.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        for path in Set(oldFiles.keys).union(newFiles.keys).sorted() where oldFiles[path] != newFiles[path] {
            out.append("saved file \(path): \(oldFiles[path] ?? "not written") → \(newFiles[path] ?? "not written")")
        }
        return out
    }
}

/// A manifest file that cannot be read.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
