// MARK: - momentum: conserved in collisions, up to what static contacts supply

/// `momentum`: in a collision between dynamic bodies (touching one another before or after
/// the step), the group's total momentum changes only by gravity's impulse and by what its
/// static contacts (ground, walls, static bodies) can supply, the way the simulator's contact
/// solver supplies it: an impulse along each contact normal that only pushes (λ ≥ 0), plus a
/// friction impulse along the tangent of at most μ·λ (μ the geometric mean of the two
/// frictions). A group resting on the ground is checked too: the ground explains any upward
/// change and a little friction, not a horizontal push or a downward pull.
///
/// Magnitude: the part of |Δp − M·g·dt| (kg·m/s) no static contact explains, per colliding
/// group. Correction: every member's velocity is shifted by the same amount so that part is
/// removed (relative velocities, and so the collision's outcome, are kept).
public struct MomentumPrior: Prior {
    public let absoluteTolerance: Double
    public let relativeTolerance: Double
    public var name: String { "momentum" }

    public init(absoluteTolerance: Double = PriorTolerances.momentumAbsolute,
                relativeTolerance: Double = PriorTolerances.momentumRelative) {
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
    }

    /// A colliding group: indices into the state's bodies, and its momentum error.
    struct Group {
        var members: [Int]
        /// The part of the momentum error static contacts do not explain.
        var error: Vec2
        var allowed: Double
        /// Δp − M·g·dt before static contacts explain any of it.
        var raw: Vec2
        var contacts: [StaticContact]
        /// The group's momentum before and after the step.
        var before: Vec2
        var after: Vec2
    }

    /// The colliding groups of one step with their unexplained momentum change: the one
    /// momentum check, which this prior's `check` and `correct`, its training penalty and
    /// the benchmark's `MomentumLaw` all call.
    func groups(previous: WorldState, state: WorldState, context: PriorContext) -> [Group] {
        let scene = context.scene, dt = context.dt
        // Bodies present, dynamic and finite in both states.
        let movers: [(i: Int, before: BodyState)] = state.bodies.indices.compactMap { i in
            let b = state.bodies[i]
            guard !b.isStatic, PriorGeometry.isFinite(b), let p = previous[b.name], PriorGeometry.isFinite(p) else { return nil }
            return (i, p)
        }
        guard movers.count >= 2 else { return [] }
        var parent = Array(0..<movers.count)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for m in 0..<movers.count {
            for n in (m + 1)..<movers.count {
                let a = state.bodies[movers[m].i], b = state.bodies[movers[n].i]
                let touchingNow = PlacedShape.gap(a.placed, b.placed) < PriorTolerances.contactGap
                let touchingBefore = PlacedShape.gap(movers[m].before.placed, movers[n].before.placed) < PriorTolerances.contactGap
                if touchingNow || touchingBefore { parent[root(m)] = root(n) }
            }
        }
        var members: [Int: [Int]] = [:]
        for m in 0..<movers.count { members[root(m), default: []].append(m) }
        var out: [Group] = []
        for key in members.keys.sorted() {
            guard let group = members[key], group.count >= 2 else { continue }
            // Static contacts (ground, walls, static bodies) are external forces: collect their normals.
            var contacts: [StaticContact] = []
            for m in group {
                let now = state.bodies[movers[m].i], before = movers[m].before
                let gap = PriorTolerances.contactGap + max(now.speed, before.speed) * dt
                contacts += Self.staticContacts(now, in: state, scene: scene, gap: gap)
                contacts += Self.staticContacts(before, in: previous, scene: scene, gap: gap)
            }
            var before = Vec2.zero, after = Vec2.zero, mass = 0.0
            for m in group {
                let now = state.bodies[movers[m].i], was = movers[m].before
                before += was.velocity * was.mass
                after += now.velocity * now.mass
                mass += now.mass
            }
            let raw = after - before - scene.gravity * (mass * dt)
            let error = Self.unexplained(raw, by: contacts)
            let allowed = absoluteTolerance + relativeTolerance * max(before.length, after.length)
            out.append(Group(members: group.map { movers[$0].i }, error: error, allowed: allowed, raw: raw,
                             contacts: contacts, before: before, after: after))
        }
        return out
    }

    /// A static contact of a group member: the normal pointing from the static shape to the
    /// body, and the friction coefficient of the pair.
    struct StaticContact {
        var normal: Vec2
        var friction: Double
    }

    /// The static contacts of `b` within `gap`, in a fixed order (ground, walls, static bodies).
    static func staticContacts(_ b: BodyState, in state: WorldState, scene: Scene, gap: Double) -> [StaticContact] {
        let shape = b.placed
        let own = scene.body(named: b.name)?.friction ?? PhysicsDefaults.friction
        func mix(_ other: Double) -> Double { (max(0, own) * max(0, other)).squareRoot() }
        var out: [StaticContact] = []
        if let g = scene.ground, shape.gap(toGround: g.height) < gap {
            out.append(StaticContact(normal: Vec2(0, 1), friction: mix(g.friction)))
        }
        for w in scene.allWalls {
            let wall = PlacedShape(wall: w)
            guard PlacedShape.gap(shape, wall) < gap else { continue }
            out.append(StaticContact(normal: Penetration.between(wall, shape).normal, friction: mix(w.friction)))
        }
        for o in state.bodies where o.isStatic && o.name != b.name {
            guard PlacedShape.gap(shape, o.placed) < gap else { continue }
            let other = scene.body(named: o.name)?.friction ?? PhysicsDefaults.friction
            out.append(StaticContact(normal: Penetration.between(o.placed, shape).normal, friction: mix(other)))
        }
        return out
    }

    /// The part of a momentum error that the static contacts cannot supply: each contact
    /// takes the pushing component along its normal (λ = max(0, r·n)) and up to μ·λ along
    /// its tangent, in order, as one pass of the simulator's sequential impulses would.
    static func unexplained(_ error: Vec2, by contacts: [StaticContact]) -> Vec2 {
        var r = error
        for c in contacts {
            let n = c.normal
            guard n.x.isFinite, n.y.isFinite, abs(n.length - 1) < 1e-6 else { continue }
            let lambda = max(0, r.dot(n))
            r -= n * lambda
            let t = Vec2(-n.y, n.x)
            let limit = c.friction * lambda
            let f = min(max(r.dot(t), -limit), limit)
            r -= t * f
        }
        return r
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let previous else { return [] }
        return groups(previous: previous, state: state, context: context).compactMap { g in
            let e = g.error.length
            guard e > g.allowed else { return nil }
            let names = g.members.map { state.bodies[$0].name }
            return Violation(prior: name, step: state.step, bodies: names, magnitude: e,
                             message: "momentum of \(names.joined(separator: ", ")) changed by \(formatted(e)) kg·m/s in a collision")
        }
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        guard let previous else { return state }
        var out = state
        for g in groups(previous: previous, state: state, context: context) where g.error.length > g.allowed {
            let mass = g.members.reduce(0.0) { $0 + state.bodies[$1].mass }
            guard mass > 0, mass.isFinite else { continue }
            let shift = g.error / mass
            for i in g.members { out.bodies[i].velocity -= shift }
        }
        return out
    }
}
