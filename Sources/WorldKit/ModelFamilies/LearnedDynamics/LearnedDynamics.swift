// MARK: - Learned one-step dynamics
//
// The trainable part shared by the window, memory and hybrid models: an MLP from
// a body's feature row (`DynamicsFeatures`) to the change of its displacement,
// with normalisers fitted on the training rows. With `gravityPrior` the model adds
// g·dt² itself (the hybrid), so the network learns only the rest.

/// A predicted change of a body's motion over one step.
struct StepChange {
    /// Change of the displacement per step (metres).
    var displacement = Vec2.zero
    /// Change of the rotation per step (radians).
    var rotation = 0.0
}

/// A trained (or untrained) MLP over `DynamicsFeatures` rows.
public struct LearnedDynamics: Sendable {
    /// Past positions each prediction reads (k; the features hold k − 1 displacements).
    public let window: Int
    public let hidden: Int
    public private(set) var network: MLP?
    public private(set) var inputNormalizer: Normalizer
    public private(set) var targetNormalizer: Normalizer
    public private(set) var report: TrainingReport?

    public static let windowRange = 2...64
    public static let hiddenRange = 1...1024

    public init(window: Int, hidden: Int) throws {
        guard LearnedDynamics.windowRange.contains(window) else {
            throw ModelError("window k must be in \(LearnedDynamics.windowRange.lowerBound)...\(LearnedDynamics.windowRange.upperBound), got \(window)")
        }
        guard LearnedDynamics.hiddenRange.contains(hidden) else {
            throw ModelError("hidden must be in \(LearnedDynamics.hiddenRange.lowerBound)...\(LearnedDynamics.hiddenRange.upperBound), got \(hidden)")
        }
        self.window = window
        self.hidden = hidden
        let w = DynamicsFeatures.width(displacements: window - 1)
        inputNormalizer = Normalizer(width: w)
        targetNormalizer = Normalizer(width: DynamicsFeatures.targetWidth)
    }

    public var isTrained: Bool { network != nil }
    var inputWidth: Int { DynamicsFeatures.width(displacements: window - 1) }

    /// Layer widths: features, two hidden layers, the output (displacement and rotation changes).
    var sizes: [Int] { [inputWidth, hidden, hidden, DynamicsFeatures.targetWidth] }

    /// Predicted changes for a batch of feature rows (zero when untrained), as the models
    /// apply them (`DynamicsFeatures.applied`: a body at rest is held). `gravityPrior`: the
    /// caller adds g·dt² itself (the hybrid).
    func predict(_ rows: [[Double]], gravityPrior: Bool = false) -> [StepChange] {
        guard let net = network, !rows.isEmpty else { return rows.map { _ in StepChange() } }
        var x = Matrix(rows: rows.count, cols: inputWidth)
        for (r, row) in rows.enumerated() {
            let z = inputNormalizer.apply(row)
            for c in 0..<inputWidth { x[r, c] = z[c] }
        }
        let y = targetNormalizer.invert(net.forward(x))
        return (0..<rows.count).map {
            DynamicsFeatures.applied(StepChange(displacement: Vec2(y[$0, 0], y[$0, 1]), rotation: y[$0, 2]), row: rows[$0],
                                     displacements: window - 1, gravityPrior: gravityPrior)
        }
    }

    // MARK: - Training

    /// Steps a training example unrolls by default: long enough that a rollout's own drift
    /// shows up in the loss, short enough that the corrections stay small.
    static let defaultUnroll = 4
    /// Noise (metres) on the history an unroll starts from, by default.
    static let defaultNoise = 0.0

    /// An unrolled training session over the dataset (`UnrolledDynamicsSession`); `install`
    /// receives the trained dynamics.
    func session(dataset: Dataset, setup: TrainingSetup, gravityPrior: Bool, defaultUnroll: Int = LearnedDynamics.defaultUnroll,
                 install: @escaping (LearnedDynamics) -> Void) throws -> any TrainingSession {
        let base = self
        return try UnrolledDynamicsSession(dynamics: self, dataset: dataset, setup: setup, gravityPrior: gravityPrior,
                                           defaultUnroll: defaultUnroll,
                                           defaultNoise: LearnedDynamics.defaultNoise) { net, inNorm, outNorm, report in
            var trained = base
            trained.network = net
            trained.inputNormalizer = inNorm
            trained.targetNormalizer = outNorm
            trained.report = report
            install(trained)
        }
    }

    // MARK: - Files

    var tensors: [NamedTensor] {
        guard let net = network else { return [] }
        return net.tensors(prefix: "dynamics").map { NamedTensor($0.name, $0.value) } + [
            NamedTensor("input.mean", inputNormalizer.mean), NamedTensor("input.scale", inputNormalizer.scale),
            NamedTensor("target.mean", targetNormalizer.mean), NamedTensor("target.scale", targetNormalizer.scale),
        ]
    }

    /// Restores trained dynamics from a model file's record.
    init(record: ModelRecord, window: Int, hidden: Int) throws {
        try self.init(window: window, hidden: hidden)
        let named = record.tensorsByName
        let net = try MLP(tensors: named, prefix: "dynamics", activation: .tanh)
        let width = DynamicsFeatures.width(displacements: window - 1)
        if net.layers.first?.inputs == width - DynamicsFeatures.addedInVersion3 - DynamicsFeatures.addedInVersion2 {
            throw ModelError("\(record.kind) model file: written before models saw mass, restitution and friction (format 1); retrain it and save it again")
        }
        if net.layers.first?.inputs == width - DynamicsFeatures.addedInVersion3 {
            throw ModelError("\(record.kind) model file: written before models saw collision impulses and mass shares (format 2); retrain it and save it again")
        }
        guard net.layers.map(\.inputs) + [net.outputSize] == sizes else {
            throw ModelError("\(record.kind) model file: network shape \(net.layers.map(\.inputs) + [net.outputSize]) does not match k = \(window), hidden = \(hidden)")
        }
        let inNorm = try Normalizer(mean: try record.tensor("input.mean"), scale: try record.tensor("input.scale"))
        let outNorm = try Normalizer(mean: try record.tensor("target.mean"), scale: try record.tensor("target.scale"))
        guard inNorm.width == inputWidth, outNorm.width == DynamicsFeatures.targetWidth else {
            throw ModelError("\(record.kind) model file: normaliser widths do not match the network")
        }
        guard net.parameters.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) else {
            throw ModelError("\(record.kind) model file: weights are not finite")
        }
        network = net
        inputNormalizer = inNorm
        targetNormalizer = outNorm
        report = record.training
    }
}
