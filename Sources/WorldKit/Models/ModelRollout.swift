// MARK: - Rolling a model forward
//
// Every model is rolled out the same way: the simulator plays the scene for the
// model's context, the camera observes those steps, the model builds its state
// from the observations and predicts the rest on its own (eating its own output:
// causal, autoregressive). The result is an ordinary `Rollout` of the model's
// estimates, aligned step for step with `Simulator.rollout(scene, steps:, seed:)`.

/// A model whose start depends on a noise seed (the simulator, with its noise streams).
public protocol SeededWorldModel: WorldModel {
    func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState
}

/// A model that knows its own events exactly (the simulator), instead of post-hoc geometry.
public protocol EventReportingModel: WorldModel {
    /// The events of the step that produced `state`.
    func events(in state: any ModelState) -> [PhysicsEvent]
    /// The exogenous noise drawn up to `state`.
    func noise(in state: any ModelState) -> NoiseRecord
}

public enum ModelRollout {
    /// Longest rollout accepted.
    public static let maximumSteps = 1_000_000

    /// Rolls `model` through `scene` for `steps` steps from step 0 with noise seed `seed`.
    ///
    /// States 0 ..< contextLength-1 are what the model was shown (the visible bodies, with
    /// velocities from consecutive observations); state contextLength-1 is the model's decode
    /// of its start state; every later state is its decode after one more `step`. Events come
    /// from the model when it reports them, else from `EventDetector`.
    public static func run(_ model: any WorldModel, scene: Scene, steps: Int, seed: UInt64 = 0) throws -> Rollout {
        guard model.isTrained else { throw ModelError("the \(model.kind) model is not trained yet; train it first") }
        guard steps >= 0, steps <= maximumSteps else {
            throw ModelError("rollout steps must be in 0...\(maximumSteps), got \(steps)")
        }
        let context = max(1, model.contextLength)
        guard context <= maximumSteps else { throw ModelError("context length \(context) is too long") }
        var sim = try Simulator(scene: scene, seed: seed)
        let truth = sim.record(steps: context - 1)
        let observations = truth.states.map(Observation.init)

        var state: any ModelState
        if let seeded = model as? SeededWorldModel {
            state = try seeded.start(scene: scene, context: observations, seed: seed)
        } else {
            state = try model.start(scene: scene, context: observations)
        }
        let reporter = model as? EventReportingModel
        var states: [WorldState] = []
        states.reserveCapacity(max(steps, context - 1) + 1)
        for i in 0..<(context - 1) {
            states.append(observedState(observations[i], previous: i > 0 ? observations[i - 1] : nil, scene: scene))
        }
        states.append(stamped(try model.decode(state), step: context - 1, scene: scene))
        var events: [PhysicsEvent] = []
        var t = context - 1
        while t < steps {
            state = try model.step(state)
            t += 1
            states.append(stamped(try model.decode(state), step: t, scene: scene))
            if let r = reporter { events.append(contentsOf: r.events(in: state)) }
        }
        if states.count > steps + 1 { states.removeLast(states.count - (steps + 1)) }
        let noise: NoiseRecord
        if let r = reporter {
            noise = r.noise(in: state)
            // The context steps ran in the simulator above; their events are the truth's.
            events = truth.events.filter { $0.step <= steps } + events
        } else {
            noise = NoiseRecord()
            events = EventDetector.events(scene: scene, states: states)
        }
        return Rollout(scene: scene, seed: seed, states: states, events: events, noise: noise)
    }

    /// A decoded state with the step and time the rollout expects.
    static func stamped(_ s: WorldState, step: Int, scene: Scene) -> WorldState {
        var out = s
        out.step = step
        out.time = Double(step) * scene.dt
        return out
    }

    /// What an observation shows, as a world state: the visible bodies, their velocities
    /// from the previous observation (zero when the body was not seen there), mass and
    /// staticness from the scene's declaration.
    public static func observedState(_ o: Observation, previous: Observation?, scene: Scene) -> WorldState {
        let dt = scene.dt > 0 ? scene.dt : PhysicsDefaults.dt
        let bodies = o.bodies.map { b -> BodyState in
            let spec = scene.body(named: b.name)
            let v = previous?[b.name].map { (b.position - $0.position) / dt } ?? .zero
            return BodyState(name: b.name, kind: b.kind, position: b.position, angle: b.angle, velocity: v, spin: 0,
                             visible: true, asleep: false, isStatic: spec?.isStatic ?? false, radius: b.radius,
                             size: b.size, color: b.color, mass: spec?.resolvedMass ?? 1)
        }
        return WorldState(step: o.step, time: o.time, bodies: bodies)
    }
}
