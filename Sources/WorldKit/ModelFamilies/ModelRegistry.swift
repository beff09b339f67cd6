// MARK: - Model registry
//
// Model files name their kind ("window", "memory", …); the registry maps a kind
// to the family that rebuilds a model from a decoded file. It lives with the
// families because it names each of them; the format (ModelFiles/) names none.

/// Maps model kinds to the decoders that rebuild them from model files.
public enum ModelRegistry {
    public typealias Decoder = @Sendable (ModelRecord) throws -> any WorldModel

    /// The decoder for `kind`, if there is one.
    public static func decoder(for kind: String) -> Decoder? {
        decoders[kind]
    }

    /// Every kind, sorted.
    public static var kinds: [String] {
        decoders.keys.sorted()
    }

    /// WorldKit's kinds.
    static let decoders: [String: Decoder] = [
        "physics": { _ in PhysicsModel() },
        "window": { try WindowModel(record: $0) },
        "memory": { try MemoryModel(record: $0) },
        "hybrid": { try HybridModel(record: $0) },
        "latent": { try LatentModel(record: $0) },
        "objectnet": { try ObjectNetModel(record: $0) },
        "video": { record in
            // Format 2 (keypoints) and format 1 (the latent design) share the kind.
            if record.hyperparameters["keypoints"] != nil { return try KeypointVideoModel(record: record) }
            return try VideoModel(record: record)
        },
    ]
}

extension ModelFile {
    /// Rebuilds a model from file bytes through the registry.
    public static func decode(_ bytes: [UInt8]) throws -> any WorldModel {
        let record = try decodeRecord(bytes)
        guard let decoder = ModelRegistry.decoder(for: record.kind) else {
            throw ModelError("model file is of unknown kind '\(record.kind)' (known: \(ModelRegistry.kinds.joined(separator: ", ")))")
        }
        return try decoder(record)
    }
}
