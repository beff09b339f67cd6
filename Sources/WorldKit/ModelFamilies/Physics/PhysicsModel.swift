// MARK: - The simulator as a model
//
// The ground truth behind the same protocol as the learned models, so a script
// can swap `physics` for `window(k: 8)` and compare. Its state is the exact
// simulator value; its start reads the true state behind the context (an exact
// model sees everything, occluded bodies included).

/// The simulator's state as a model state.
public struct PhysicsModelState: ModelState {
    public var simulator: Simulator
    public var step: Int { simulator.stepCount }
}

/// The exact simulator as a `WorldModel` (taxonomy: exact state, simulator dynamics).
public final class PhysicsModel: SeededWorldModel, EventReportingModel, PersistentModel {
    public init() {}

    public var kind: String { "physics" }
    public var taxonomy: Taxonomy {
        Taxonomy(state: .exact, memory: .none, dynamics: .simulator,
                 summary: "the deterministic rigid-body simulator itself: the ground truth every model is measured against")
    }
    public var hyperparameters: [String: Double] { [:] }
    public var isTrained: Bool { true }
    public var contextLength: Int { 1 }
    /// Nothing to store: the simulator is fully described by its kind.
    public func tensors() -> [NamedTensor] { [] }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        try start(scene: scene, context: context, seed: 0)
    }

    /// Simulates from step 0 up to the last context step (the exact state is a function of scene and seed).
    public func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState {
        var sim = try Simulator(scene: scene, seed: seed)
        let target = context.last?.step ?? 0
        guard target >= 0, target <= ModelRollout.maximumSteps else { throw ModelError("context step \(target) out of range") }
        sim.advance(steps: target)
        return PhysicsModelState(simulator: sim)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try cast(state)
        s.simulator.step()
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        try cast(state).simulator.state
    }

    public func events(in state: any ModelState) -> [PhysicsEvent] {
        (state as? PhysicsModelState)?.simulator.lastEvents ?? []
    }

    public func noise(in state: any ModelState) -> NoiseRecord {
        (state as? PhysicsModelState)?.simulator.noiseRecord ?? NoiseRecord()
    }

    /// Position and velocity of every body.
    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = state as? PhysicsModelState else { return [] }
        return s.simulator.state.bodies.flatMap { b in
            [LatentFactor(body: b.name, name: "x", value: b.position.x), LatentFactor(body: b.name, name: "y", value: b.position.y),
             LatentFactor(body: b.name, name: "vx", value: b.velocity.x), LatentFactor(body: b.name, name: "vy", value: b.velocity.y)]
        }
    }

    /// Sets `x`, `y`, `vx` or `vy` of a body through the simulator's interventions.
    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try cast(state)
        guard let name = body, let b = s.simulator.state[name] else {
            throw ModelError("physics has no body '\(body ?? "")'")
        }
        guard value.isFinite else { throw ModelError("factor value must be finite") }
        do {
            switch factor {
            case "x": try s.simulator.set(name, .position(Vec2(value, b.position.y)))
            case "y": try s.simulator.set(name, .position(Vec2(b.position.x, value)))
            case "vx": try s.simulator.set(name, .velocity(Vec2(value, b.velocity.y)))
            case "vy": try s.simulator.set(name, .velocity(Vec2(b.velocity.x, value)))
            default: throw ModelError("physics has no editable factor '\(name).\(factor)' (x, y, vx, vy)")
            }
        } catch let e as InterventionError {
            throw ModelError(e.description)
        }
        return s
    }

    private func cast(_ state: any ModelState) throws -> PhysicsModelState {
        guard let s = state as? PhysicsModelState else { throw ModelError("physics was given another model's state") }
        return s
    }
}
