// MARK: - Latent factor edits (the survey's "latent factor decoupling")
//
// A model with named factors can be edited: set `a.x` and roll on. Object slots
// store their factors directly; the pixel latent model finds its factors by linear
// probes (ModelFamilies/Latent/LatentModel+Editing.swift). `LatentEditing.fidelity`
// asks how well any model's edited rollout matches the simulator's own intervention.

/// One edit: set `body.factor` to `value`.
public struct FactorEdit: Hashable, Sendable {
    public var body: String
    public var factor: String
    public var value: Double

    public init(body: String, factor: String, value: Double) {
        self.body = body
        self.factor = factor
        self.value = value
    }
}

/// How closely a model's edited rollout follows the simulator's intervention.
public struct EditFidelity: Hashable, Sendable {
    /// Mean position error (over the model's decoded bodies) per step after the edit,
    /// edited model vs intervened truth; index 0 is the edit step itself.
    public var errorPerStep: [Double]
    /// Mean of `errorPerStep`.
    public var meanError: Double
    /// The same error for the model rolled on without the edit: what ignoring the edit costs.
    public var uneditedMeanError: Double
    /// How far the edited body's decoded position moved at the edit step (model).
    public var modelShift: Double
    /// How far the simulator's intervention moved it (the asked-for shift).
    public var trueShift: Double
}

/// Probe directions, edits and edit fidelity.
public enum LatentEditing {
    /// Edits `model`'s state in place of the simulator's intervention and compares the two
    /// rollouts for `steps` steps after step `t` of the scene's simulation.
    public static func fidelity(_ model: any WorldModel, scene: Scene, at t: Int, _ change: FactorEdit,
                                steps: Int, seed: UInt64 = 0) throws -> EditFidelity {
        guard t >= 0, t <= 100_000 else { throw ModelError("edit fidelity: step \(t) is out of range") }
        guard steps >= 1, steps <= 100_000 else { throw ModelError("edit fidelity: steps must be 1...100000, got \(steps)") }
        var sim = try Simulator(scene: scene, seed: seed)
        var history: [WorldState] = [sim.state]
        for _ in 0..<t { sim.step(); history.append(sim.state) }
        let context = history.suffix(max(1, model.contextLength)).map(Observation.init)

        // Truth: the simulator's intervention on the true state at t.
        var truthSim = sim
        guard let body = sim.state[change.body] else { throw ModelError("edit fidelity: no body named '\(change.body)'") }
        try truthSim.set(change.body, bodyChange(change, body))
        var truth: [WorldState] = [truthSim.state]
        for _ in 0..<steps { truthSim.step(); truth.append(truthSim.state) }

        // Model: the same edit on the model's state, then roll on; and an unedited rollout.
        let start = try model.start(scene: scene, context: context)
        let before = try model.decode(start)
        var edited = try model.edit(start, body: change.body, factor: change.factor, to: change.value)
        var plain = start
        let afterEdit = try model.decode(edited)
        var errors: [Double] = [meanPositionError(afterEdit, truth[0])]
        var plainErrors: [Double] = [meanPositionError(before, truth[0])]
        for i in 1...steps {
            edited = try model.step(edited)
            plain = try model.step(plain)
            errors.append(meanPositionError(try model.decode(edited), truth[i]))
            plainErrors.append(meanPositionError(try model.decode(plain), truth[i]))
        }
        let shift = { (a: WorldState, b: WorldState) -> Double in
            guard let p = a[change.body]?.position, let q = b[change.body]?.position else { return .nan }
            return (p - q).length
        }
        return EditFidelity(
            errorPerStep: errors, meanError: mean(errors), uneditedMeanError: mean(plainErrors),
            modelShift: shift(afterEdit, before), trueShift: shift(truth[0], sim.state))
    }

    /// The simulator change that sets `change.factor` on a body in its current state.
    static func bodyChange(_ change: FactorEdit, _ b: BodyState) throws -> BodyChange {
        let v = change.value
        guard v.isFinite else { throw ModelError("edit: value for \(change.body).\(change.factor) is not finite") }
        switch change.factor {
        case "x": return .position(Vec2(v, b.position.y))
        case "y": return .position(Vec2(b.position.x, v))
        case "vx": return .velocity(Vec2(v, b.velocity.y))
        case "vy": return .velocity(Vec2(b.velocity.x, v))
        case "radius": return .radius(v)
        default: throw ModelError("edit fidelity: the simulator cannot set factor '\(change.factor)' (x, y, vx, vy, radius)")
        }
    }

    /// Mean distance between same-named bodies present in both states (the model's bodies).
    static func meanPositionError(_ model: WorldState, _ truth: WorldState) -> Double {
        var total = 0.0, n = 0
        for b in model.bodies {
            guard let t = truth[b.name] else { continue }
            total += (b.position - t.position).length
            n += 1
        }
        return n > 0 ? total / Double(n) : .nan
    }

    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
}

/// `LatentEditing.fidelity` under the name the language uses.
public func editFidelity(_ model: any WorldModel, scene: Scene, at t: Int, _ change: FactorEdit,
                         steps: Int, seed: UInt64 = 0) throws -> EditFidelity {
    try LatentEditing.fidelity(model, scene: scene, at: t, change, steps: steps, seed: seed)
}
