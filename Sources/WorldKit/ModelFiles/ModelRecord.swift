// MARK: - Model records
//
// What a model file holds, before a model is rebuilt from it: the kind, the
// hyperparameters, the named tensors and the training report. Each family says how
// it turns itself into tensors (`PersistentModel`) and back (`init(record:)`).

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
