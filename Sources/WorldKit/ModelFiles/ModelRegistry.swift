#if canImport(Glibc)
import Glibc
#endif

// MARK: - Model registry
//
// Model files name their kind ("window", "memory", …); the registry maps a kind
// to the function that rebuilds a model from a decoded file. WorldKit's own
// kinds are registered up front; other model families register theirs once at
// start-up (`ModelRegistry.register(kind:decoder:)`).

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

    /// Registers (or replaces) the decoder for `kind`.
    public static func register(kind: String, decoder: @escaping Decoder) {
        store.withLock { $0[kind] = decoder }
    }

    /// The decoder for `kind`, if registered.
    public static func decoder(for kind: String) -> Decoder? {
        store.withLock { $0[kind] }
    }

    /// Every registered kind, sorted.
    public static var kinds: [String] {
        store.withLock { $0.keys.sorted() }
    }

    /// WorldKit's own kinds.
    static let builtIn: [String: Decoder] = [
        "physics": { _ in PhysicsModel() },
        "window": { try WindowModel(record: $0) },
        "memory": { try MemoryModel(record: $0) },
        "hybrid": { try HybridModel(record: $0) },
        "latent": { try LatentModel(record: $0) },
        "objectnet": { try ObjectNetModel(record: $0) },
    ]

    private static let store = LockedDictionary(builtIn)
}

/// A dictionary behind a mutex: the registry is written rarely and read from any thread.
final class LockedDictionary<Value>: @unchecked Sendable {
    private var values: [String: Value]
    /// Heap-allocated: a pthread mutex must not move, and a stored property's address is not stable.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ initial: [String: Value]) {
        values = initial
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: (inout [String: Value]) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&values)
    }
}
