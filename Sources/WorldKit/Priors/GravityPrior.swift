// MARK: - gravity: free bodies accelerate at g

/// `gravity`: a body touching nothing, before and after the step, accelerates at the
/// scene's g. "Touching" is judged with the contact gap plus the distance the body covers in
/// a step, since a solver acts on a contact just before the shapes meet.
///
/// Magnitude: |a − g| in m/s². Correction: the simulator's own integrator (semi-implicit
/// Euler) from the previous state: v = v₀ + g·dt, p = p₀ + v·dt.
public struct GravityPrior: Prior {
    public let tolerance: Double
    public var name: String { "gravity" }

    public init(tolerance: Double = PriorTolerances.acceleration) {
        self.tolerance = tolerance
    }

    /// Indices of the free bodies of `state`, each with its previous state.
    func free(previous: WorldState, state: WorldState, scene: Scene, dt: Double) -> [(i: Int, before: BodyState)] {
        state.bodies.indices.compactMap { i in
            let b = state.bodies[i]
            guard !b.isStatic, PriorGeometry.isFinite(b), let p = previous[b.name], PriorGeometry.isFinite(p) else { return nil }
            let gap = PriorTolerances.contactGap + max(b.speed, p.speed) * dt
            if PriorGeometry.touchesStatic(b, in: state, scene: scene, gap: gap)
                || PriorGeometry.touchesStatic(p, in: previous, scene: scene, gap: gap)
                || !PriorGeometry.dynamicNeighbours(of: b, in: state, gap: gap).isEmpty
                || !PriorGeometry.dynamicNeighbours(of: p, in: previous, gap: gap).isEmpty { return nil }
            return (i, p)
        }
    }

    func deviation(_ b: BodyState, _ p: BodyState, gravity: Vec2, dt: Double) -> Double {
        ((b.velocity - p.velocity) / dt - gravity).length
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let previous else { return [] }
        let scene = context.scene, dt = context.dt
        return free(previous: previous, state: state, scene: scene, dt: dt).compactMap { f in
            let b = state.bodies[f.i]
            let d = deviation(b, f.before, gravity: scene.gravity, dt: dt)
            guard d > tolerance else { return nil }
            return Violation(prior: name, step: state.step, bodies: [b.name], magnitude: d,
                             message: "free body \(b.name) accelerates \(formatted(d)) m/s² away from g")
        }
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        guard let previous else { return state }
        let scene = context.scene, dt = context.dt
        var out = state
        for f in free(previous: previous, state: state, scene: scene, dt: dt) {
            guard deviation(state.bodies[f.i], f.before, gravity: scene.gravity, dt: dt) > tolerance else { continue }
            let v = f.before.velocity + scene.gravity * dt
            out.bodies[f.i].velocity = v
            out.bodies[f.i].position = f.before.position + v * dt
        }
        return out
    }
}
