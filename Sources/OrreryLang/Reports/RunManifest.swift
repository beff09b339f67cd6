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

/// What makes a run reproducible and what it produced: the script's hash, the seed,
/// the run's limits, the Orrery version, the hashes of files read, and a hash per output.
/// `orrery run --verify` reruns a script and compares manifests.
///
/// The limits (`maxSteps`, `allowExec`, `outputFolder`) are a record of how the run was
/// made, never a grant: manifests travel inside every report, so a host that reruns one
/// must take permissions and paths from its user, not from the manifest.
public struct RunManifest: Codable, Sendable, Equatable {
    /// The `format` this version writes and reads.
    public static let currentFormat = "orrery-manifest/2"

    public var format = RunManifest.currentFormat
    public var orreryVersion: String
    public var script: ManifestFile
    /// The run's seed. Written as a decimal string, so JSON readers that parse numbers
    /// as doubles keep every bit.
    public var seed: UInt64
    /// The step limit (`--max-steps`), nil when there was none.
    public var maxSteps: Int?
    /// Whether the script could start processes (`--allow-exec`).
    public var allowExec: Bool
    /// The folder `save` wrote into (`--out`); `files` are relative to it.
    public var outputFolder: String
    public var inputs: [ManifestFile]
    /// "success", "expect failures", "runtime error" or "script errors".
    public var outcome: String
    public var outputs: [ManifestOutput]
    /// Files written with `save`, by path relative to the output folder.
    public var files: [ManifestFile]
    /// SHA-256 over every output hash in order: one value to compare.
    public var outputsSHA256: String

    /// Builds the manifest of a finished run from what `recorder` saw.
    public init(scriptPath: String, source: String, options: RunOptions, version: String,
                engine: Engine, recorder: OutputRecorder, report: FileRunReport) {
        orreryVersion = version
        let scriptBytes = Array(source.utf8)
        script = ManifestFile(path: scriptPath, sha256: SHA256.hex(scriptBytes), bytes: scriptBytes.count)
        seed = options.seed
        maxSteps = options.maxSteps
        allowExec = options.allowExec
        outputFolder = options.outputDirectory
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

    /// Indented JSON with sorted keys: the same run gives the same bytes (the layout
    /// Foundation's JSONEncoder gave manifests, kept so they stay byte-identical).
    public func json() -> String {
        guard let value = try? JSONValue(encoding: self) else { return "{}" }
        return value.sortingKeys().text(.foundationPretty) + "\n"
    }

    /// Reads a manifest written by `json()` in this format; the error says what is wrong.
    public static func decode(_ bytes: [UInt8]) throws -> RunManifest {
        struct Format: Decodable { var format: String? }
        let format = (try? JSONDecoder().decode(Format.self, from: Data(bytes)))?.format
        guard format == currentFormat else {
            if let format, format.hasPrefix("orrery-manifest/") {
                throw ManifestError(message: "a \(format) manifest; this Orrery reads \(currentFormat) (make it again with 'orrery run --manifest')")
            }
            throw ManifestError(message: "not an Orrery manifest (no \"format\": \"\(currentFormat)\")")
        }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(bytes))
        } catch {
            throw ManifestError(message: "not an Orrery manifest: \(error)")
        }
    }

    /// What differs between the recorded manifest (`self`) and a rerun, one line each;
    /// empty when the rerun reproduced every output byte for byte. The output folder is
    /// not compared: saved files are compared by their path inside it.
    public func differences(from rerun: RunManifest) -> [String] {
        var out: [String] = []
        if script.sha256 != rerun.script.sha256 {
            out.append("script \(script.path) changed: sha256 \(script.sha256) → \(rerun.script.sha256)")
        }
        if seed != rerun.seed { out.append("seed \(seed) → \(rerun.seed)") }
        if maxSteps != rerun.maxSteps {
            out.append("max steps \(maxSteps.map(String.init) ?? "none") → \(rerun.maxSteps.map(String.init) ?? "none")")
        }
        if allowExec != rerun.allowExec { out.append("allow exec \(allowExec) → \(rerun.allowExec)") }
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

// MARK: - JSON form

extension RunManifest {
    private enum CodingKeys: String, CodingKey {
        case format, orreryVersion, script, seed, maxSteps, allowExec, outputFolder
        case inputs, outcome, outputs, files, outputsSHA256
    }

    /// Every key is written, `maxSteps` as `null` when there was no limit, so every
    /// manifest has the same shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(orreryVersion, forKey: .orreryVersion)
        try c.encode(script, forKey: .script)
        try c.encode(String(seed), forKey: .seed)
        if let maxSteps { try c.encode(maxSteps, forKey: .maxSteps) } else { try c.encodeNil(forKey: .maxSteps) }
        try c.encode(allowExec, forKey: .allowExec)
        try c.encode(outputFolder, forKey: .outputFolder)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(files, forKey: .files)
        try c.encode(outputsSHA256, forKey: .outputsSHA256)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        orreryVersion = try c.decode(String.self, forKey: .orreryVersion)
        script = try c.decode(ManifestFile.self, forKey: .script)
        let seedText = try c.decode(String.self, forKey: .seed)
        guard let seed = UInt64(seedText) else {
            throw DecodingError.dataCorruptedError(forKey: .seed, in: c,
                                                   debugDescription: "seed '\(seedText)' is not a whole number from 0 to 2^64 - 1")
        }
        self.seed = seed
        maxSteps = try c.decodeIfPresent(Int.self, forKey: .maxSteps)
        allowExec = try c.decode(Bool.self, forKey: .allowExec)
        outputFolder = try c.decode(String.self, forKey: .outputFolder)
        inputs = try c.decode([ManifestFile].self, forKey: .inputs)
        outcome = try c.decode(String.self, forKey: .outcome)
        outputs = try c.decode([ManifestOutput].self, forKey: .outputs)
        files = try c.decode([ManifestFile].self, forKey: .files)
        outputsSHA256 = try c.decode(String.self, forKey: .outputsSHA256)
    }
}

/// A manifest file that cannot be read.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
