// MARK: - Interventions (Pearl's do)
//
// One value type for every edit the causal layer can make to a world. The same
// value applies either to a `Scene` before anything runs (a static `do`: the
// world is declared differently) or to a running `Simulator` (a dynamic `do`:
// the world is changed at some step and continues from there). Keeping them one
// enum lets the language build a list of interventions once and hand it to
// `intervene`, scheduled rollouts, counterfactuals and `causes` alike.

/// An edit to a world: Pearl's `do`, applied to a scene or to a running simulator.
public enum Intervention: Hashable, Sendable, CustomStringConvertible {
    /// Set one property of a body (`set b.mass = 10`).
    case set(String, BodyChange)
    /// Take a body out of the world.
    case remove(String)
    /// Put a new body into the world.
    case add(BodySpec)
    /// Apply an impulse (N·s) at the body's centre (`push b by (2, 0)`).
    case push(String, Vec2)
    /// Pin a body where it is: static, motionless, infinite mass.
    case freeze(String)

    /// The body the intervention is about.
    public var body: String {
        switch self {
        case .set(let name, _), .remove(let name), .push(let name, _), .freeze(let name): return name
        case .add(let spec): return spec.name
        }
    }

    public var description: String {
        switch self {
        case .set(let name, let change): return "set \(name).\(change.propertyName) = \(change.valueDescription)"
        case .remove(let name): return "remove \(name)"
        case .add(let spec): return "add \(spec.name)"
        case .push(let name, let impulse): return "push \(name) by (\(impulse.x), \(impulse.y))"
        case .freeze(let name): return "freeze \(name)"
        }
    }

    // MARK: - Static do: on a scene

    /// The scene with this intervention made to its declaration.
    ///
    /// A push on a scene adds `impulse / mass` to the declared velocity (the body
    /// starts with that extra momentum); on a static body it does nothing, as in
    /// the simulator. Throws `InterventionError` for an unknown or duplicate body,
    /// or when the edited scene is no longer valid (the problems are listed).
    public func apply(to scene: Scene) throws -> Scene {
        var out = scene
        switch self {
        case .set(let name, let change):
            let k = try Self.index(of: name, in: scene)
            out.bodies[k] = try out.bodies[k].applying(change)
        case .remove(let name):
            let k = try Self.index(of: name, in: scene)
            out.bodies.remove(at: k)
        case .add(let spec):
            if scene.index(of: spec.name) != nil { throw InterventionError.duplicateBody(spec.name) }
            out.bodies.append(spec)
        case .push(let name, let impulse):
            let k = try Self.index(of: name, in: scene)
            guard impulse.x.isFinite, impulse.y.isFinite else {
                throw InterventionError.invalid([SceneProblem(kind: .nonFinite, subject: name,
                                                              message: "impulse on '\(name)' must be finite")])
            }
            let spec = out.bodies[k]
            let mass = spec.resolvedMass
            if !spec.isStatic, mass > 0 { out.bodies[k].velocity += impulse / mass }
        case .freeze(let name):
            let k = try Self.index(of: name, in: scene)
            out.bodies[k].isStatic = true
            out.bodies[k].velocity = .zero
            out.bodies[k].spin = 0
        }
        let problems = out.validate()
        if !problems.isEmpty { throw InterventionError.invalid(problems) }
        return out
    }

    // MARK: - Dynamic do: on a running simulator

    /// Makes this intervention to the world the simulator holds now; it then continues from there.
    public func apply(to simulator: inout Simulator) throws {
        switch self {
        case .set(let name, let change): try simulator.set(name, change)
        case .remove(let name): try simulator.remove(name)
        case .add(let spec): try simulator.add(spec)
        case .push(let name, let impulse): try simulator.applyImpulse(to: name, impulse)
        case .freeze(let name): try simulator.freeze(name)
        }
    }

    private static func index(of name: String, in scene: Scene) throws -> Int {
        guard let k = scene.index(of: name) else { throw InterventionError.unknownBody(name) }
        return k
    }
}

// MARK: - Composition

extension Scene {
    /// The scene with every intervention made in order (a static `do`); the first failure is thrown.
    public func intervened(_ interventions: [Intervention]) throws -> Scene {
        var scene = self
        for intervention in interventions { scene = try intervention.apply(to: scene) }
        return scene
    }
}

extension Simulator {
    /// Makes every intervention in order to the world as it is now (a dynamic `do`).
    ///
    /// All or nothing: when one fails, the simulator is left as it was before the first.
    public mutating func intervene(_ interventions: [Intervention]) throws {
        var copy = self
        for intervention in interventions { try intervention.apply(to: &copy) }
        self = copy
    }
}

// MARK: - Body changes on declarations

extension BodyChange {
    /// The property's name as the language spells it.
    public var propertyName: String {
        switch self {
        case .position: return "position"
        case .angle: return "angle"
        case .velocity: return "velocity"
        case .spin: return "spin"
        case .mass: return "mass"
        case .density: return "density"
        case .restitution: return "restitution"
        case .friction: return "friction"
        case .radius: return "radius"
        case .size: return "size"
        case .color: return "color"
        case .isStatic: return "static"
        }
    }

    var valueDescription: String {
        switch self {
        case .position(let v), .velocity(let v), .size(let v): return "(\(v.x), \(v.y))"
        case .angle(let x), .spin(let x), .mass(let x), .density(let x), .restitution(let x),
             .friction(let x), .radius(let x): return "\(x)"
        case .color(let c): return "\"\(c.hex)\""
        case .isStatic(let s): return s ? "true" : "false"
        }
    }
}

extension BodySpec {
    /// The declaration with one property changed, by the same rules as `Simulator.set`.
    public func applying(_ change: BodyChange) throws -> BodySpec {
        var spec = self
        switch change {
        case .position(let p): spec.position = p
        case .angle(let a): spec.angle = a
        case .velocity(let v): spec.velocity = v
        case .spin(let w): spec.spin = w
        case .mass(let m): spec.mass = m
        case .density(let d): spec.density = d; spec.mass = nil
        case .restitution(let e): spec.restitution = e
        case .friction(let f): spec.friction = f
        case .radius(let r):
            guard case .ball = spec.shape else {
                throw InterventionError.invalid([SceneProblem(kind: .invalidSetting, subject: name,
                                                              message: "'\(name)' is not a ball; it has no radius")])
            }
            spec.shape = .ball(radius: r)
        case .size(let s):
            guard case .box = spec.shape else {
                throw InterventionError.invalid([SceneProblem(kind: .invalidSetting, subject: name,
                                                              message: "'\(name)' is not a box; it has no size")])
            }
            spec.shape = .box(size: s)
        case .color(let c): spec.color = c
        case .isStatic(let s): spec.isStatic = s
        }
        return spec
    }
}
