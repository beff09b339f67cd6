// MARK: - Imagining actions with any model
//
// A plan is a list of interventions at steps. Reality (and the `physics` model, which
// is the simulator) makes them exactly: `CausalRunner` fires the schedule as the world
// runs. A learned or external model has no simulator to intervene on, so it imagines
// an action through its own state: actions at step 0 change the scene it starts from
// (a push at step 0 is the declared velocity plus impulse / mass, exactly as reality
// makes it), and a later push or a position/velocity set is a latent edit of the
// body's `x`, `y`, `vx`, `vy` factors at that step (the model must expose them, as
// window, memory, object and hybrid models do). Anything else a learned model cannot
// imagine, and it says so rather than ignoring the action.

/// An intervention made at a step.
public struct TimedIntervention: Hashable, Sendable, CustomStringConvertible {
    public var step: Int
    public var intervention: Intervention

    public init(step: Int, _ intervention: Intervention) {
        self.step = step
        self.intervention = intervention
    }

    public var description: String { "at step \(step): \(intervention)" }
}

public enum Imagination {
    /// The actions as a schedule that `CausalRunner` (and `intervene(scene, …)`) takes:
    /// one entry per step, in step order, each making that step's actions in the order given.
    public static func schedule(_ actions: [TimedIntervention]) -> [ScheduledIntervention] {
        var steps: [Int] = []
        var byStep: [Int: [Intervention]] = [:]
        for a in actions {
            if byStep[a.step] == nil { steps.append(a.step) }
            byStep[a.step, default: []].append(a.intervention)
        }
        return steps.sorted().map { ScheduledIntervention.at($0, byStep[$0] ?? []) }
    }

    /// Rolls `scene` forward `steps` steps with `model`, making `actions` at their steps.
    public static func rollout(_ model: any WorldModel, scene: Scene, actions: [TimedIntervention],
                               steps: Int, seed: UInt64) throws -> Rollout {
        for a in actions where a.step < 0 || a.step > steps {
            throw SearchError("an action at step \(a.step) is outside the horizon 0...\(steps)")
        }
        if model is PhysicsModel {
            return try Simulator.rollout(scene, steps: steps, seed: seed, interventions: schedule(actions))
        }
        let sorted = actions.enumerated().sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }.map(\.element)
        // Step-0 actions change the scene the model starts from.
        let start = sorted.filter { $0.step == 0 }.map(\.intervention)
        let later = sorted.filter { $0.step > 0 }
        let started: Scene
        do { started = try scene.intervened(start) } catch { throw SearchError("cannot make the actions at step 0: \(error)") }
        var run = try ModelRun(model, scene: started, steps: steps, seed: seed)
        let firstModelStep = run.step
        for a in later {
            guard a.step >= firstModelStep else {
                throw SearchError("the \(model.kind) model is shown steps 0...\(firstModelStep) by the simulator before it "
                                  + "imagines; an action at step \(a.step) falls inside them (act at step 0 or from step \(firstModelStep))")
            }
            try run.advance(to: a.step)
            try imagine(a.intervention, in: &run, scene: started)
        }
        try run.advance(to: steps)
        return run.rollout()
    }

    /// Makes one action in a model's state through its editable factors.
    static func imagine(_ action: Intervention, in run: inout ModelRun, scene: Scene) throws {
        let model = run.model
        let current = try model.decode(run.state)
        func edit(_ body: String, _ factor: String, _ value: Double) throws {
            try run.edit { try model.edit($0, body: body, factor: factor, to: value) }
        }
        switch action {
        case .push(let name, let impulse):
            guard let b = current[name] else {
                throw SearchError("the \(model.kind) model has no body '\(name)' to push at step \(run.step)")
            }
            let mass = scene.body(named: name)?.resolvedMass ?? b.mass
            guard !b.isStatic, mass > 0 else { return }
            try edit(name, "vx", b.velocity.x + impulse.x / mass)
            try edit(name, "vy", b.velocity.y + impulse.y / mass)
        case .set(let name, .position(let p)):
            try edit(name, "x", p.x)
            try edit(name, "y", p.y)
        case .set(let name, .velocity(let v)):
            try edit(name, "vx", v.x)
            try edit(name, "vy", v.y)
        default:
            throw SearchError("the \(model.kind) model can imagine pushes and position or velocity sets after step 0, "
                              + "not '\(action)'")
        }
    }
}
