import WorldKit

// MARK: - Model files

/// The model-file loader: `ModelFile.decode` (header, CRC, payload, the registry's
/// family decoders) on the bytes as given and again with the header's length and CRC
/// made to fit, so mutations reach the payload instead of stopping at the checksum.
final class ModelFileTarget: FuzzTarget {
    let name = "model"
    let summary = "model-file loader: ModelFile.decode (raw, and with length and CRC repaired), then re-encode"
    let maxLength = 1 << 16
    var dictionary: [String] {
        ["ORRM", "window", "memory", "hybrid", "latent", "objectnet", "physics", "\u{1}\0\0\0", "\u{2}\0\0\0", "\0\0\0\0", "\u{ff}\u{ff}\u{ff}\u{ff}"]
            + ModelRegistry.kinds
    }

    func run(_ bytes: [UInt8]) {
        load(bytes)
        load(Self.repaired(bytes))
    }

    private func load(_ bytes: [UInt8]) {
        guard let model = try? ModelFile.decode(bytes) else { return }
        if let persistent = model as? PersistentModel { _ = ModelFile.encode(persistent) }
    }

    /// `bytes` with the header's payload length and CRC rewritten to match the payload.
    static func repaired(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= ModelFile.headerSize else { return bytes }
        var out = bytes
        let payload = Array(bytes[ModelFile.headerSize...])
        let length = UInt64(payload.count), crc = ModelFile.crc(payload)
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
        for i in 0..<4 { out[16 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        return out
    }

    /// Small untrained models of every kind, one with a training report, and cut copies.
    func seeds(root: String) -> [[UInt8]] {
        var models: [any PersistentModel] = [PhysicsModel()]
        if let m = try? WindowModel(k: 2, hidden: 3) { models.append(m) }
        if let m = try? MemoryModel(k: 2, hidden: 3, mode: .retrieval) { models.append(m) }
        if let m = try? MemoryModel(k: 2, hidden: 3, mode: .compression(stride: 2, levels: 2)) { models.append(m) }
        if let m = try? HybridModel(hidden: 3) { models.append(m) }
        if let m = try? LatentModel(dim: 2, frameWidth: 4, hidden: 3) { models.append(m) }
        if let m = try? ObjectNetModel(hidden: 3) { models.append(m) }
        var files = models.map { ModelFile.encode($0) }
        if let window = models.first(where: { $0.kind == "window" }) {
            let report = TrainingReport(trainLoss: [0.5, 0.25], heldOutLoss: [0.6, 0.3], epochsRun: 2, stoppedEarly: true,
                                        bestEpoch: 1, seed: 7, learningRate: 1e-3, trainingExamples: 12)
            files.append(ModelFile.encode(ModelRecord(kind: window.kind, hyperparameters: window.hyperparameters,
                                                      tensors: window.tensors(), training: report)))
        }
        files.append(contentsOf: files.prefix(2).map { Array($0.prefix($0.count / 2)) })
        return files
    }
}
