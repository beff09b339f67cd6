// MARK: - Datasets
//
// A dataset is a set of simulated rollouts: the true states (ground truth for
// training targets and metrics) and the observations a camera made of them (what
// a model is shown). The language samples a scene family into concrete scenes and
// passes them here; each scene is simulated once, with its own noise seed derived
// from the dataset seed and the rollout's index, so the data is a pure function of
// (scenes, steps, seed).

/// Simulated rollouts for training and evaluating models, split into training and held-out parts.
public struct Dataset: Sendable {
    /// The share of rollouts held out for validation (the last ones, rounded down, at least
    /// one when there are two or more rollouts).
    public static let heldOutFraction = 0.2
    /// Largest number of recorded states (rollouts × (steps + 1)) accepted, to keep memory bounded.
    public static let maximumStates = 4_000_000
    /// Largest number of recorded body states (states × bodies) accepted.
    public static let maximumBodyStates = 8_000_000
    /// Largest rollout length accepted.
    public static let maximumSteps = 100_000

    /// One recorded simulation per scene: true states and the simulator's events.
    public let rollouts: [Rollout]
    /// `observations[r][t]`: what the camera saw of rollout r at step t.
    public let observations: [[Observation]]
    public let steps: Int
    public let seed: UInt64

    /// Simulates every scene for `steps` steps. The noise seed of rollout i is derived from
    /// `seed` and i. Throws `SceneError` for an invalid scene, `ModelError` for bad sizes,
    /// and whatever `checkpoint` (called after each rollout) throws: a host's interrupt.
    public init(scenes: [Scene], steps: Int, seed: UInt64, checkpoint: () throws -> Void = {}) throws {
        guard !scenes.isEmpty else { throw ModelError("a dataset needs at least one scene") }
        guard steps >= 1, steps <= Dataset.maximumSteps else {
            throw ModelError("dataset steps must be in 1...\(Dataset.maximumSteps), got \(steps)")
        }
        let (total, overflow) = scenes.count.multipliedReportingOverflow(by: steps + 1)
        guard !overflow, total <= Dataset.maximumStates else {
            throw ModelError("a dataset of \(scenes.count) rollouts × \(steps) steps is too large (limit \(Dataset.maximumStates) states)")
        }
        let bodyStates = scenes.reduce(0) { $0 &+ $1.bodies.count &* (steps + 1) }
        guard bodyStates >= 0, bodyStates <= Dataset.maximumBodyStates else {
            throw ModelError("a dataset of \(scenes.count) rollouts × \(steps) steps with these bodies is too large (limit \(Dataset.maximumBodyStates) body states)")
        }
        var rollouts: [Rollout] = []
        var observations: [[Observation]] = []
        rollouts.reserveCapacity(scenes.count)
        for (i, scene) in scenes.enumerated() {
            let r = try Simulator.rollout(scene, steps: steps, seed: Dataset.rolloutSeed(seed, index: i))
            rollouts.append(r)
            observations.append(r.states.map(Observation.init))
            try checkpoint()
        }
        self.rollouts = rollouts
        self.observations = observations
        self.steps = steps
        self.seed = seed
    }

    /// `n` rollouts of one scene (they differ only when the scene has noise).
    public init(scene: Scene, n: Int, steps: Int, seed: UInt64) throws {
        guard n >= 1, n <= Dataset.maximumStates else { throw ModelError("dataset size n must be from 1 to \(Dataset.maximumStates), got \(n)") }
        try self.init(scenes: Array(repeating: scene, count: n), steps: steps, seed: seed)
    }

    /// The noise seed of rollout `index`.
    public static func rolloutSeed(_ seed: UInt64, index: Int) -> UInt64 {
        var stream = RandomStream(seed: seed, stream: UInt64(truncatingIfNeeded: index))
        return stream.nextUInt64()
    }

    // MARK: - Split

    public var count: Int { rollouts.count }

    /// Number of held-out rollouts: ⌊20%⌋ of them, at least one when there are two or more.
    public var heldOutCount: Int {
        count < 2 ? 0 : max(1, Int(Double(count) * Dataset.heldOutFraction))
    }

    /// Indices of the training rollouts (the first ones).
    public var trainingIndices: Range<Int> { 0..<(count - heldOutCount) }
    /// Indices of the held-out rollouts (the last ones).
    public var heldOutIndices: Range<Int> { (count - heldOutCount)..<count }

    /// Every scene, in rollout order.
    public var scenes: [Scene] { rollouts.map(\.scene) }
}
