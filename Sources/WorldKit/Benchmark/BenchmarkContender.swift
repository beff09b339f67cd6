// MARK: - Contenders
//
// A row of the benchmark table: a world model, optionally run under physical priors
// in project mode (`window+priors`). Tasks roll contenders out through `rollout`, so
// the priors apply wherever the task lets the model run freely; tasks that edit the
// model's state mid-run (a push) drive the bare model through `ModelRun`.

/// A model as the benchmark runs it: a name for the table, the model, and the priors it runs under.
public struct BenchmarkContender {
    /// The table name: the model kind, with `+priors` when priors apply.
    public var name: String
    public var model: any WorldModel
    /// Priors enforced in project mode; empty for the bare model.
    public var priors: [any Prior]

    public init(name: String, model: any WorldModel, priors: [any Prior] = []) {
        self.name = name
        self.model = model
        self.priors = priors
    }

    /// The priors a `+priors` contender runs under: no interpenetration, nothing below the ground.
    public static let defaultPriors: [any Prior] = [NoOverlapPrior(), AboveGroundPrior()]

    /// The first step the model predicts on its own (earlier steps were observed).
    public var firstPredictedStep: Int { max(1, model.contextLength) }

    /// The contender's rollout of `scene` for `steps` steps.
    public func rollout(_ scene: Scene, steps: Int, seed: UInt64 = 0) throws -> Rollout {
        if priors.isEmpty { return try ModelRollout.run(model, scene: scene, steps: steps, seed: seed) }
        return try ConstrainedRollout.run(model, scene: scene, steps: steps, priors: priors, mode: .project, seed: seed,
                                          feedback: .positions).rollout
    }
}

// MARK: - Visibility

extension BenchmarkContender {
    /// What the camera would show of `body` at `time`: inside the view and not fully behind an
    /// occluder (the simulator's rule, applied to a model's estimate).
    public static func isVisible(_ body: BodyState, in scene: Scene, time: Double) -> Bool {
        let h = body.halfExtents
        let lo = body.position - h, hi = body.position + h
        guard scene.camera.view(at: time).intersects(lo: lo, hi: hi) else { return false }
        return !scene.occluders.contains { $0.rect.contains(lo: lo, hi: hi) }
    }
}
