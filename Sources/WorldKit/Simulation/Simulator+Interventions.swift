// MARK: - Interventions
//
// Small mutations of the simulator value, for the causal layer: copy the
// simulator at step t, intervene on the copy, continue. Everything not touched
// (other bodies, the contact cache, noise streams) carries over unchanged.

/// A change to one property of a body.
public enum BodyChange: Hashable, Sendable {
    case position(Vec2)
    case angle(Double)
    case velocity(Vec2)
    case spin(Double)
    case mass(Double)
    case density(Double)
    case restitution(Double)
    case friction(Double)
    case radius(Double)
    case size(Vec2)
    case color(Color)
    case isStatic(Bool)
}

/// Why an intervention was refused.
public enum InterventionError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownBody(String)
    case duplicateBody(String)
    case invalid([SceneProblem])

    public var description: String {
        switch self {
        case .unknownBody(let n): return "no body named '\(n)'"
        case .duplicateBody(let n): return "a body named '\(n)' already exists"
        case .invalid(let problems): return problems.map(\.message).joined(separator: "\n")
        }
    }
}

extension Simulator {
    /// Index of the named scene body, or `unknownBody`.
    func sceneIndex(_ name: String) throws -> Int {
        guard let k = scene.bodies.firstIndex(where: { $0.name == name }) else {
            throw InterventionError.unknownBody(name)
        }
        return k
    }

    /// The body's declaration with its current position and motion.
    func currentSpec(_ k: Int) -> BodySpec {
        var spec = scene.bodies[k]
        let b = bodies[staticCount + k]
        spec.position = b.position
        spec.angle = b.angle
        spec.velocity = b.velocity
        spec.spin = b.spin
        return spec
    }

    /// Sets one property of a body (and wakes it).
    public mutating func set(_ name: String, _ change: BodyChange) throws {
        let k = try sceneIndex(name)
        // The same rules as a declaration edit; `currentSpec` keeps the body's motion so far.
        let spec = try currentSpec(k).applying(change)
        try replace(k, with: spec)
    }

    /// Removes a body; its contacts vanish without end events.
    public mutating func remove(_ name: String) throws {
        let k = try sceneIndex(name)
        let i = staticCount + k
        bodies.remove(at: i)
        names.remove(at: i)
        scene.bodies.remove(at: k)
        tracks.remove(at: k)
        let r = scene.regions.count
        inRegion.removeSubrange((k * r)..<(k * r + r))
        // Renumber the contact cache and the touching set; order by (a, b) is preserved.
        let removed = Int32(i)
        manifolds = manifolds.compactMap { m in
            if m.a == removed || m.b == removed { return nil }
            var m = m
            if m.a > removed { m.a -= 1 }
            if m.b > removed { m.b -= 1 }
            return m
        }
        touching = touching.compactMap { key in
            var (a, b) = Self.split(key)
            if a == i || b == i { return nil }
            if a > i { a -= 1 }
            if b > i { b -= 1 }
            return UInt64(a) << 32 | UInt64(b)
        }
    }

    /// Adds a body at the end of the scene; its noise stream starts now.
    public mutating func add(_ spec: BodySpec) throws {
        if names.contains(spec.name) { throw InterventionError.duplicateBody(spec.name) }
        var problems: [SceneProblem] = []
        scene.validate(spec, into: &problems)
        if !problems.isEmpty { throw InterventionError.invalid(problems) }
        scene.bodies.append(spec)
        bodies.append(RigidBody(spec: spec))
        names.append(spec.name)
        var track = BodyTrack(name: spec.name, seed: seed)
        let b = bodies[bodies.count - 1]
        let (lo, hi) = box(of: b)
        track.occludedBy = occluder(covering: lo, hi)
        track.inView = scene.camera.view(at: time).intersects(lo: lo, hi: hi)
        tracks.append(track)
        for region in scene.regions { inRegion.append(region.rect.contains(b.position)) }
    }

    /// Applies an impulse (N·s) at a world point (default: the centre), waking the body.
    public mutating func applyImpulse(to name: String, _ impulse: Vec2, at point: Vec2? = nil) throws {
        let k = try sceneIndex(name)
        let i = staticCount + k
        guard impulse.x.isFinite, impulse.y.isFinite, point.map({ $0.x.isFinite && $0.y.isFinite }) ?? true else {
            throw InterventionError.invalid([SceneProblem(kind: .nonFinite, subject: name,
                                                          message: "impulse on '\(name)' must be finite")])
        }
        guard bodies[i].invMass > 0 else { return }
        let r = (point ?? bodies[i].position) - bodies[i].position
        bodies[i].velocity += impulse * bodies[i].invMass
        bodies[i].spin += bodies[i].invInertia * r.cross(impulse)
        bodies[i].asleep = false
        bodies[i].stillSteps = 0
    }

    /// Pins a body where it is: static, motionless, infinite mass.
    public mutating func freeze(_ name: String) throws {
        let k = try sceneIndex(name)
        var spec = currentSpec(k)
        spec.isStatic = true
        spec.velocity = .zero
        spec.spin = 0
        try replace(k, with: spec)
    }

    /// Rebuilds scene body k from a declaration, keeping its warm-start data.
    private mutating func replace(_ k: Int, with spec: BodySpec) throws {
        var problems: [SceneProblem] = []
        scene.validate(spec, into: &problems)
        if !problems.isEmpty { throw InterventionError.invalid(problems) }
        scene.bodies[k] = spec
        // Keep the sleep group: changing a sleeping body wakes its island with it.
        let group = bodies[staticCount + k].sleepGroup
        bodies[staticCount + k] = RigidBody(spec: spec)
        bodies[staticCount + k].sleepGroup = group
    }
}
