// MARK: - The constant-velocity baseline
//
// The second trivial row: every body coasts at the velocity its last two observations
// show, through walls and other bodies (no gravity, no contacts). It never forgets a
// body, so it shows what extrapolating the last motion gives for free.

/// Every body keeps the velocity its last two observations show (`constvel` in the benchmark).
public final class ConstantVelocityModel: WorldModel {
    public init() {}

    public struct State: ModelState {
        public var step: Int
        public var bodies: [BodyState]
        var dt: Double
    }

    public var kind: String { "constant velocity" }
    public var taxonomy: Taxonomy {
        Taxonomy(state: .explicit, memory: .objectSlots, dynamics: .autoregressive,
                 summary: "the trivial baseline: every body keeps its last observed velocity")
    }
    public var hyperparameters: [String: Double] { [:] }
    public var isTrained: Bool { true }
    public var contextLength: Int { 2 }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let last = context.last else { throw ModelError("constant velocity needs observations") }
        let previous = context.count > 1 ? context[context.count - 2] : nil
        let s = ModelRollout.observedState(last, previous: previous, scene: scene)
        return State(step: last.step, bodies: s.bodies, dt: PriorContext(scene: scene).dt)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        guard var s = state as? State else { throw ModelError("constant velocity was given another model's state") }
        s.step += 1
        for i in s.bodies.indices where !s.bodies[i].isStatic { s.bodies[i].position += s.bodies[i].velocity * s.dt }
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        guard let s = state as? State else { throw ModelError("constant velocity was given another model's state") }
        return WorldState(step: s.step, time: Double(s.step) * s.dt, bodies: s.bodies)
    }

    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = state as? State else { return [] }
        return s.bodies.flatMap { b in
            [LatentFactor(body: b.name, name: "x", value: b.position.x), LatentFactor(body: b.name, name: "y", value: b.position.y),
             LatentFactor(body: b.name, name: "vx", value: b.velocity.x), LatentFactor(body: b.name, name: "vy", value: b.velocity.y)]
        }
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        guard var s = state as? State, let i = s.bodies.firstIndex(where: { $0.name == body }), value.isFinite else {
            throw ModelError("constant velocity has no factor '\(body ?? "").\(factor)'")
        }
        switch factor {
        case "x": s.bodies[i].position.x = value
        case "y": s.bodies[i].position.y = value
        case "vx": s.bodies[i].velocity.x = value
        case "vy": s.bodies[i].velocity.y = value
        default: throw ModelError("constant velocity has no factor '\(factor)'")
        }
        return s
    }
}
