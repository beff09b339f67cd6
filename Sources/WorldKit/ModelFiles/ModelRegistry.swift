// MARK: - Model registry
//
// Model files name their kind ("window", "memory", …); the registry maps a kind
// to the function that rebuilds a model from a decoded file.

/// A model that can be saved to an `.orrm` model file.
public protocol PersistentModel: WorldModel {
    /// The named tensors that, with `kind` and `hyperparameters`, rebuild the trained model.
    func tensors() -> [NamedTensor]
}

/// A named matrix in a model file.
public struct NamedTensor: Hashable, Sendable {
    public var name: String
    public var value: Matrix

    public init(_ name: String, _ value: Matrix) {
        self.name = name
        self.value = value
    }
}

/// The contents of a model file, before a model is built from it.
public struct ModelRecord: Hashable, Sendable {
    public var kind: String
    public var hyperparameters: [String: Double]
    /// In file order.
    public var tensors: [NamedTensor]
    public var training: TrainingReport?

    public init(kind: String, hyperparameters: [String: Double], tensors: [NamedTensor], training: TrainingReport?) {
        self.kind = kind
        self.hyperparameters = hyperparameters
        self.tensors = tensors
        self.training = training
    }

    /// The tensor with this name.
    public func tensor(_ name: String) throws -> Matrix {
        guard let t = tensors.first(where: { $0.name == name }) else {
            throw ModelError("\(kind) model file has no tensor '\(name)'")
        }
        return t.value
    }

    /// Tensors by name (for `MLP(tensors:prefix:activation:)`).
    public var tensorsByName: [String: Matrix] {
        var out: [String: Matrix] = [:]
        for t in tensors { out[t.name] = t.value }
        return out
    }

    /// A hyperparameter that must be an integer in `range`.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        guard let v = hyperparameters[name] else { throw ModelError("\(kind) model file has no hyperparameter '\(name)'") }
        guard v.isFinite, v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
            throw ModelError("\(kind) model file: '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), got \(v)")
        }
        return Int(v)
    }
}

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
    ]
}
