// MARK: - momentum: conserved in free collisions

/// `momentum`: in a collision between free bodies (touching one another but nothing static,
/// before or after the step), the group's total momentum changes only by gravity's impulse.
///
/// Magnitude: |Δp − M·g·dt| in kg·m/s, per colliding group. Correction: every member's
/// velocity is shifted by the same amount so the group's momentum is restored (relative
/// velocities, and so the collision's outcome, are kept).
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
        var error: Vec2
        var allowed: Double
    }

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
            // A static contact (ground, wall, static body) is an external force: skip the group.
            let external = group.contains { m in
                let now = state.bodies[movers[m].i], before = movers[m].before
                let gap = PriorTolerances.contactGap + now.speed * dt
                return PriorGeometry.touchesStatic(now, in: state, scene: scene, gap: gap)
                    || PriorGeometry.touchesStatic(before, in: previous, scene: scene, gap: gap)
            }
            if external { continue }
            var before = Vec2.zero, after = Vec2.zero, mass = 0.0
            for m in group {
                let now = state.bodies[movers[m].i], was = movers[m].before
                before += was.velocity * was.mass
                after += now.velocity * now.mass
                mass += now.mass
            }
            let error = after - before - scene.gravity * (mass * dt)
            let allowed = absoluteTolerance + relativeTolerance * max(before.length, after.length)
            out.append(Group(members: group.map { movers[$0].i }, error: error, allowed: allowed))
        }
        return out
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let previous else { return [] }
        return groups(previous: previous, state: state, context: context).compactMap { g in
            let e = g.error.length
            guard e > g.allowed else { return nil }
            let names = g.members.map { state.bodies[$0].name }
            return Violation(prior: name, step: state.step, bodies: names, magnitude: e,
                             message: "momentum of \(names.joined(separator: ", ")) changed by \(formatted(e)) kg·m/s in a free collision")
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
