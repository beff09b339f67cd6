// MARK: - Unlabelled scenes for training with priors
//
// Physics-informed training's real advantage: a prior needs no labels, so it can train a
// model on states the data never covers. An `UnlabelledScenes` holds scenes of which
// only the context is observed (the frames a model is shown before it rolls out, as at
// test time); the sessions roll the model out on its own from there for `horizon` steps
// and the priors' penalties are the only loss on those predicted states.

/// Scenes with only their context observed, for the priors-only part of a training's loss.
public struct UnlabelledScenes: Sendable {
    /// One rollout per scene holding exactly the observed context frames, no more.
    public let context: Dataset
    /// Steps each is rolled out by the model on its own (the gradient is stopped between steps).
    public var horizon: Int
    /// Unlabelled worlds per labelled minibatch example (a fraction: 0.25 is one per four).
    public var perExample: Double

    public static let defaultHorizon = 24
    public static let defaultPerExample = 0.25
    public static let maximumHorizon = 1_000

    /// Observes the first `contextFrames` frames of each scene (simulated with `seed`).
    public init(scenes: [Scene], contextFrames: Int, horizon: Int = UnlabelledScenes.defaultHorizon,
                perExample: Double = UnlabelledScenes.defaultPerExample, seed: UInt64) throws {
        guard contextFrames >= 1 else { throw ModelError("unlabelled scenes need at least one context frame, got \(contextFrames)") }
        guard horizon >= 1, horizon <= UnlabelledScenes.maximumHorizon else {
            throw ModelError("the unlabelled horizon must be in 1...\(UnlabelledScenes.maximumHorizon), got \(horizon)")
        }
        guard perExample > 0, perExample <= 4, perExample.isFinite else {
            throw ModelError("unlabelled worlds per example must be in (0, 4], got \(perExample)")
        }
        context = try Dataset(scenes: scenes, steps: max(1, contextFrames - 1), seed: seed)
        self.horizon = horizon
        self.perExample = perExample
    }

    public var count: Int { context.count }

    /// The unlabelled rollouts a minibatch of `examples` unrolls: about `perExample` per
    /// example, chosen by the examples' (shuffled) indices, each at most once.
    func chosen(for examples: [Int]) -> [Int] {
        guard count > 0, !examples.isEmpty else { return [] }
        let wanted = max(1, Int((Double(examples.count) * perExample).rounded()))
        var out: [Int] = [], seen = Set<Int>()
        for e in examples where out.count < wanted {
            let r = e % count
            if seen.insert(r).inserted { out.append(r) }
        }
        return out
    }
}
