// MARK: - The trivial baseline
//
// The floor of the table: every body stays where it was last seen, forever. It never
// forgets a body and never moves one, so it shows what a task gives for free (a
// resting scene looks perfect, anything moving does not).

/// A model's state for `StillModel`: the bodies as last observed.
public struct StillModelState: ModelState {
    public var step: Int
    public var bodies: [BodyState]
}

/// The baseline "nothing moves" model: `start` keeps the last observation, `step` repeats it.
public final class StillModel: WorldModel {
    public init() {}

    public var kind: String { "still" }
    public var taxonomy: Taxonomy {
        Taxonomy(state: .explicit, memory: .objectSlots, dynamics: .autoregressive,
                 summary: "the trivial baseline: every body stays where it was last seen")
    }
    public var hyperparameters: [String: Double] { [:] }
    public var isTrained: Bool { true }
    public var contextLength: Int { 1 }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let last = context.last else { throw ModelError("still needs one observation") }
        let state = ModelRollout.observedState(last, previous: nil, scene: scene)
        return StillModelState(step: last.step, bodies: state.bodies)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        guard var s = state as? StillModelState else { throw ModelError("still was given another model's state") }
        s.step += 1
        return s
    }

    /// Each body's position and (unused) velocity, so tasks can move or remove a body in it.
    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = state as? StillModelState else { return [] }
        return s.bodies.flatMap { b in
            [LatentFactor(body: b.name, name: "x", value: b.position.x), LatentFactor(body: b.name, name: "y", value: b.position.y),
             LatentFactor(body: b.name, name: "vx", value: b.velocity.x), LatentFactor(body: b.name, name: "vy", value: b.velocity.y)]
        }
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        guard var s = state as? StillModelState else { throw ModelError("still was given another model's state") }
        guard let name = body, let i = s.bodies.firstIndex(where: { $0.name == name }) else {
            throw ModelError("still has no body '\(body ?? "")'")
        }
        switch factor {
        case "x": s.bodies[i].position.x = value
        case "y": s.bodies[i].position.y = value
        case "vx": s.bodies[i].velocity.x = value
        case "vy": s.bodies[i].velocity.y = value
        default: throw ModelError("still has no editable factor '\(name).\(factor)'")
        }
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        guard let s = state as? StillModelState else { throw ModelError("still was given another model's state") }
        return WorldState(step: s.step, time: 0, bodies: s.bodies)
    }
}
