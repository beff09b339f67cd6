// MARK: - Memory model (implicit state, retrieval or compression)
//
// The window model plus a memory bank. With retrieval, the bank holds each body's
// last sighting (position, displacement, step); a body that leaves the window is
// looked up and its learned dynamics rolled forward from that sighting, so it
// persists behind an occluder for any length of time. With compression, frames
// leaving the window are averaged into blocks of `stride` frames and the last
// `levels` blocks are kept: a body that leaves the window restarts from its
// coarse history (lower fidelity), and is forgotten once that history ages out.

/// The windowed model with a memory bank: `memory(k: 8, hidden: 64, mode: "retrieval")`.
public final class MemoryModel: TrainableModel, PersistentModel, WindowTrackedModel {
    public enum Mode: Hashable, Sendable {
        case retrieval
        /// Blocks of `stride` frames, `levels` of them beyond the window.
        case compression(stride: Int, levels: Int)
    }

    public private(set) var dynamics: LearnedDynamics
    public let mode: Mode

    public static let defaultStride = 4
    public static let defaultLevels = 8
    public static let strideRange = 1...1024
    public static let levelsRange = 1...4096

    public init(k: Int = WindowModel.defaultK, hidden: Int = WindowModel.defaultHidden, mode: Mode = .retrieval) throws {
        if case .compression(let stride, let levels) = mode {
            guard MemoryModel.strideRange.contains(stride) else { throw ModelError("compression stride must be in 1...\(MemoryModel.strideRange.upperBound), got \(stride)") }
            guard MemoryModel.levelsRange.contains(levels) else { throw ModelError("compression levels must be in 1...\(MemoryModel.levelsRange.upperBound), got \(levels)") }
        }
        dynamics = try LearnedDynamics(window: k, hidden: hidden)
        self.mode = mode
    }

    init(record: ModelRecord) throws {
        let k = try record.integer("k", in: LearnedDynamics.windowRange)
        let hidden = try record.integer("hidden", in: LearnedDynamics.hiddenRange)
        let compression = try record.integer("compression", in: 0...1)
        if compression == 1 {
            mode = .compression(stride: try record.integer("stride", in: MemoryModel.strideRange),
                                levels: try record.integer("levels", in: MemoryModel.levelsRange))
        } else {
            mode = .retrieval
        }
        dynamics = try LearnedDynamics(record: record, window: k, hidden: hidden)
    }

    public var k: Int { dynamics.window }
    public var kind: String { "memory" }
    public var taxonomy: Taxonomy {
        switch mode {
        case .retrieval:
            return Taxonomy(state: .implicit, memory: .retrieval, dynamics: .autoregressive,
                            summary: "a \(k)-frame window plus each body's last sighting, recalled and rolled forward when the body leaves the window")
        case .compression(let stride, let levels):
            return Taxonomy(state: .implicit, memory: .compression, dynamics: .autoregressive,
                            summary: "a \(k)-frame window plus \(levels) blocks of \(stride) averaged frames beyond it: coarse history, limited persistence")
        }
    }
    public var hyperparameters: [String: Double] {
        var h = ["k": Double(k), "hidden": Double(dynamics.hidden), "compression": 0.0]
        if case .compression(let stride, let levels) = mode {
            h["compression"] = 1
            h["stride"] = Double(stride)
            h["levels"] = Double(levels)
        }
        return h
    }
    public var isTrained: Bool { dynamics.isTrained }
    public var contextLength: Int { k }
    public var trainingReport: TrainingReport? { dynamics.report }

    public var memoryPolicy: MemoryPolicy {
        switch mode {
        case .retrieval: return .retrieval
        case .compression(let s, let l): return .compression(stride: s, levels: l)
        }
    }

    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try makeTrainingSession(dataset: dataset, setup: TrainingSetup(seed: seed))
    }

    public func makeTrainingSession(dataset: Dataset, setup: TrainingSetup) throws -> any TrainingSession {
        try dynamics.session(dataset: dataset, setup: setup, gravityPrior: false) { [weak self] trained in self?.dynamics = trained }
    }

    public func tensors() -> [NamedTensor] { dynamics.tensors }
}
