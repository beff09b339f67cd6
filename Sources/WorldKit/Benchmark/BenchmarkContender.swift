// MARK: - Contenders
//
// A column of the benchmark table: a world model, optionally run under physical priors
// in project mode (`window+priors`). Every task drives a contender through `run`, which
// applies the priors wherever the model runs, including after an edit of the model's
// own state in mid-run (a push, a removal): so `X+priors` is measured as itself on every
// cell, never borrowed from X.

/// A model as the benchmark runs it: a name for the table, the model, and the priors it runs under.
public struct BenchmarkContender {
    /// The table name: the model kind, with `+priors` when priors apply.
    public var name: String
    public var model: any WorldModel
    /// Priors enforced in project mode; empty for the bare model.
    public var priors: [any Prior]
    /// The same kind of model, same training seed, trained on a task's own scenes, by task
    /// name (`split`); empty for models that are not learned.
    public var variants: [String: any WorldModel]

    public init(name: String, model: any WorldModel, priors: [any Prior] = [], variants: [String: any WorldModel] = [:]) {
        self.name = name
        self.model = model
        self.priors = priors
        self.variants = variants
    }

    /// The contender as `task` runs it: with the model trained on the task's own scenes when
    /// the task has them. A learned model without that training is an error, never the
    /// model trained on other scenes in its place.
    public func trainedFor(_ task: any BenchmarkTask) throws -> BenchmarkContender {
        if let m = variants[task.name] { return BenchmarkContender(name: name, model: m, priors: priors) }
        if model is any TrainableModel, task.trainingScenes(1, seed: 0) != nil {
            throw ModelError("the \(task.name) task needs \(name) trained on its own scenes (Benchmark.run trains it)")
        }
        return self
    }

    /// The priors a `+priors` contender runs under: no interpenetration, nothing below the ground.
    public static let defaultPriors: [any Prior] = [NoOverlapPrior(), AboveGroundPrior()]

    /// The first step the model predicts on its own (earlier steps were observed).
    public var firstPredictedStep: Int { max(1, model.contextLength) }

    /// True when the contender's priors project the law named `law` onto its output.
    public func enforces(_ law: String) -> Bool { priors.contains { $0.name == law } }

    /// An edit of the model's own state at a step.
    public typealias StateEdit = (_ model: any WorldModel, _ state: any ModelState) throws -> any ModelState

    /// The contender's rollout of `scene` for `steps` steps.
    public func rollout(_ scene: Scene, steps: Int, seed: UInt64 = 0) throws -> Rollout {
        try run(scene, steps: steps, seed: seed, edits: [:])
    }

    /// The contender's rollout with `edits[t]` applied to the model's state once it reaches
    /// step t (t at or after the model's first predicted step; earlier edits are applied at
    /// that step). Under priors each step's decode is checked and projected, and the
    /// correction fed back (positions only), exactly as `ConstrainedRollout.run` does.
    public func run(_ scene: Scene, steps: Int, seed: UInt64 = 0, edits: [Int: StateEdit]) throws -> Rollout {
        var run = try ModelRun(model, scene: scene, steps: steps, seed: seed)
        let model = self.model
        var pending = edits.keys.sorted()
        func applyDue() throws {
            while let t = pending.first, t <= run.step {
                pending.removeFirst()
                if let change = edits[t] { try run.edit { try change(model, $0) } }
            }
        }
        if priors.isEmpty {
            while run.step < steps {
                try applyDue()
                try run.advance()
            }
            try applyDue()
            return run.rollout()
        }
        var context = PriorContext(scene: scene)
        var outputs: [WorldState] = []
        for s in run.states.dropLast() where outputs.count <= steps {
            outputs.append(s)
            context.remember(s)
        }
        var previous: WorldState? = nil
        while outputs.count <= steps {
            try applyDue()
            guard let raw = run.states.last else { break }
            let found = try ConstrainedRollout.checkAll(priors, previous: previous, state: raw, context: context)
            var out = raw
            if !found.isEmpty {
                out = try ConstrainedRollout.projectState(raw, previous: previous, priors: priors, context: context).state
                if out != raw {
                    let fixed = out
                    try run.edit { try model.assimilate($0, corrected: fixed, policy: .positions) }
                }
            }
            outputs.append(out)
            context.remember(out)
            previous = out
            if outputs.count <= steps { try run.advance() }
        }
        let plain = run.rollout()
        return Rollout(scene: scene, seed: seed, states: outputs, events: EventDetector.events(scene: scene, states: outputs),
                       noise: plain.noise)
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

// MARK: - Edits every task shares

extension BenchmarkContender {
    /// Sets `body`'s velocity through the model's `vx`/`vy` factors.
    static func setVelocity(_ body: String, to v: Vec2) -> StateEdit {
        { model, state in
            let s = try model.edit(state, body: body, factor: "vx", to: v.x)
            return try model.edit(s, body: body, factor: "vy", to: v.y)
        }
    }

    /// Where a removed body is parked: far outside every benchmark scene's walls, at rest,
    /// so nothing can touch it again.
    static let parking = Vec2(10_000, 1)

    /// Takes `body` out of the model's world through its factors: moved to `parking` at rest.
    static func remove(_ body: String) -> StateEdit {
        { model, state in
            var s = try model.edit(state, body: body, factor: "x", to: parking.x)
            s = try model.edit(s, body: body, factor: "y", to: parking.y)
            s = try model.edit(s, body: body, factor: "vx", to: 0)
            return try model.edit(s, body: body, factor: "vy", to: 0)
        }
    }

    /// True when the model has every factor `edit` needs for `body` in a state of `scene`
    /// (checked on its start state): a capability, read from the model, not its name.
    func canEdit(_ factors: [String], of body: String, in scene: Scene) -> Bool {
        guard let run = try? ModelRun(model, scene: scene, steps: firstPredictedStep) else { return false }
        let names = Set(model.factors(run.state).filter { $0.body == body }.map(\.name))
        return factors.allSatisfy(names.contains)
    }
}
