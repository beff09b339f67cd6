// MARK: - Window model (implicit state, consolidation)
//
// A stateless model over a sliding window: each body's next position comes from
// its last k positions (as displacements), its size, and what is near it (ground,
// nearest wall, nearest body), through a learned MLP. Frames older than k are gone:
// a body unseen for all k frames of the window is forgotten, so a ball hidden
// behind an occluder for longer than k steps vanishes from the model's world.
// That is the persistence failure the benchmark exposes.

/// The sliding-window model: `window(k: 8, hidden: 64)`.
public final class WindowModel: TrainableModel, PersistentModel, WindowTrackedModel {
    public private(set) var dynamics: LearnedDynamics

    public static let defaultK = 8
    public static let defaultHidden = 64

    public init(k: Int = WindowModel.defaultK, hidden: Int = WindowModel.defaultHidden) throws {
        dynamics = try LearnedDynamics(window: k, hidden: hidden)
    }

    init(record: ModelRecord) throws {
        let k = try record.integer("k", in: LearnedDynamics.windowRange)
        let hidden = try record.integer("hidden", in: LearnedDynamics.hiddenRange)
        dynamics = try LearnedDynamics(record: record, window: k, hidden: hidden)
    }

    public var k: Int { dynamics.window }
    public var kind: String { "window" }
    public var taxonomy: Taxonomy {
        Taxonomy(state: .implicit, memory: .consolidation, dynamics: .autoregressive,
                 summary: "a sliding window of the last \(k) frames and a learned next-step MLP; bodies unseen for \(k) frames are forgotten")
    }
    public var hyperparameters: [String: Double] { ["k": Double(k), "hidden": Double(dynamics.hidden)] }
    public var isTrained: Bool { dynamics.isTrained }
    public var contextLength: Int { k }
    public var trainingReport: TrainingReport? { dynamics.report }
    /// Nothing outlives the window: a body unseen for k frames is forgotten.
    public var memoryPolicy: MemoryPolicy { .none }

    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try makeTrainingSession(dataset: dataset, setup: TrainingSetup(seed: seed))
    }

    public func makeTrainingSession(dataset: Dataset, setup: TrainingSetup) throws -> any TrainingSession {
        try dynamics.session(dataset: dataset, setup: setup, gravityPrior: false) { [weak self] trained in self?.dynamics = trained }
    }

    public func tensors() -> [NamedTensor] { dynamics.tensors }
}

/// A windowed model's state together with the scene it runs in (its static geometry and camera).
public struct WindowStateBox: ModelState {
    public var state: WindowModelState
    public var scene: Scene
    public var step: Int { state.step }

    static func cast(_ s: any ModelState, _ kind: String) throws -> WindowStateBox {
        guard let box = s as? WindowStateBox else { throw ModelError("\(kind) was given another model's state") }
        return box
    }
}
