@testable import WorldKit

// Fixtures for the prior tests: hand-built bodies and states, and two toy models that
// ignore contacts (so they break the priors on purpose), one with factors and one without.

func ball(_ name: String, _ x: Double, _ y: Double, r: Double = 0.5, v: Vec2 = .zero, mass: Double = 1,
          isStatic: Bool = false, color: Color = Color(r: 200, g: 0, b: 0)) -> BodyState {
    BodyState(name: name, kind: .ball, position: Vec2(x, y), angle: 0, velocity: v, spin: 0, visible: true,
              asleep: false, isStatic: isStatic, radius: r, size: Vec2(2 * r, 2 * r), color: color, mass: mass)
}

func box(_ name: String, _ x: Double, _ y: Double, size: Vec2 = Vec2(1, 1), angle: Double = 0, v: Vec2 = .zero,
         mass: Double = 1) -> BodyState {
    BodyState(name: name, kind: .box, position: Vec2(x, y), angle: angle, velocity: v, spin: 0, visible: true,
              asleep: false, isStatic: false, radius: 0, size: size, color: Color(r: 0, g: 0, b: 200), mass: mass)
}

func world(_ step: Int, _ bodies: [BodyState]) -> WorldState {
    WorldState(step: step, time: Double(step) * PhysicsDefaults.dt, bodies: bodies)
}

/// A scene with nothing in it but the given settings (the priors read ground, walls, bounds, g, dt).
func priorScene(ground: Double? = nil, walls: [WallSpec] = [], bounds: Bounds? = nil, gravity: Vec2 = PhysicsDefaults.gravity) -> Scene {
    Scene(name: "prior", walls: walls, ground: ground.map { Ground(height: $0) }, bounds: bounds, gravity: gravity)
}

func context(_ scene: Scene) -> PriorContext { PriorContext(scene: scene) }

/// The state a toy model keeps: positions and velocities by body.
struct DriftState: ModelState {
    var step: Int
    var bodies: [BodyState]
}

/// Moves every body at its context velocity, ignoring gravity and every contact.
final class DriftModel: WorldModel {
    let editable: Bool
    /// Bodies that move past this x are dropped from the state (a model that loses them).
    let forgetBeyond: Double?
    init(editable: Bool, forgetBeyond: Double? = nil) {
        self.editable = editable
        self.forgetBeyond = forgetBeyond
    }

    var kind: String { editable ? "drift" : "opaque-drift" }
    var taxonomy: Taxonomy { Taxonomy(state: .explicit, memory: .none, dynamics: .autoregressive, summary: "constant velocity") }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 2 }

    func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let last = context.last else { throw ModelError("no context") }
        let first = context.first ?? last
        let dt = scene.dt
        let bodies = last.bodies.map { o -> BodyState in
            let v = first[o.name].map { (o.position - $0.position) / (Double(max(1, last.step - first.step)) * dt) } ?? .zero
            let spec = scene.body(named: o.name)
            return BodyState(name: o.name, kind: o.kind, position: o.position, angle: o.angle, velocity: v, spin: 0,
                             visible: true, asleep: false, isStatic: spec?.isStatic ?? false, radius: o.radius,
                             size: o.size, color: o.color, mass: spec?.resolvedMass ?? 1)
        }
        return DriftState(step: last.step, bodies: bodies)
    }

    func step(_ state: any ModelState) throws -> any ModelState {
        guard var s = state as? DriftState else { throw ModelError("not a drift state") }
        s.step += 1
        for i in s.bodies.indices where !s.bodies[i].isStatic {
            s.bodies[i].position += s.bodies[i].velocity * PhysicsDefaults.dt
        }
        if let limit = forgetBeyond { s.bodies.removeAll { $0.position.x > limit } }
        return s
    }

    func decode(_ state: any ModelState) throws -> WorldState {
        guard let s = state as? DriftState else { throw ModelError("not a drift state") }
        return WorldState(step: s.step, time: Double(s.step) * PhysicsDefaults.dt, bodies: s.bodies)
    }

    func factors(_ state: any ModelState) -> [LatentFactor] {
        guard editable, let s = state as? DriftState else { return [] }
        return s.bodies.flatMap { b in
            [LatentFactor(body: b.name, name: "x", value: b.position.x), LatentFactor(body: b.name, name: "y", value: b.position.y),
             LatentFactor(body: b.name, name: "vx", value: b.velocity.x), LatentFactor(body: b.name, name: "vy", value: b.velocity.y)]
        }
    }

    func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        guard editable, var s = state as? DriftState, let i = s.bodies.firstIndex(where: { $0.name == body }) else {
            throw ModelError("no factor")
        }
        switch factor {
        case "x": s.bodies[i].position.x = value
        case "y": s.bodies[i].position.y = value
        case "vx": s.bodies[i].velocity.x = value
        case "vy": s.bodies[i].velocity.y = value
        default: throw ModelError("no factor \(factor)")
        }
        return s
    }
}

/// Ball `a` rolling at `speed` towards a resting ball `b` 3 m away, on the ground, without gravity
/// (so only the collision matters).
func collisionScene(speed: Double) -> Scene {
    var a = BodySpec.ball("a", at: Vec2(-2, 0.5), radius: 0.5)
    a.velocity = Vec2(speed, 0)
    let b = BodySpec.ball("b", at: Vec2(1, 0.5), radius: 0.5)
    return Scene(name: "collide", bodies: [a, b], ground: Ground(height: 0), gravity: .zero)
}
