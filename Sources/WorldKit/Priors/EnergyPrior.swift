// MARK: - energy: does not grow without external forces

/// `energy`: the total mechanical energy (kinetic, rotational and gravitational potential)
/// of the dynamic bodies present in both states does not increase from one step to the next.
/// Gravity is conservative and the scenes have no other external force, so any gain is the
/// model inventing energy.
///
/// Magnitude: the gain in joules. Correction: every dynamic body's velocity and spin are
/// scaled by one factor so the kinetic energy drops by the gain (positions are kept).
public struct EnergyPrior: Prior {
    public let absoluteTolerance: Double
    public let relativeTolerance: Double
    public var name: String { "energy" }

    public init(absoluteTolerance: Double = PriorTolerances.energyAbsolute,
                relativeTolerance: Double = PriorTolerances.energyRelative) {
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
    }

    /// Kinetic plus potential energy of one body (potential relative to y = 0 along −g).
    public static func energy(_ b: BodyState, gravity: Vec2) -> Double {
        b.isStatic ? 0 : b.kineticEnergy - b.mass * gravity.dot(b.position)
    }

    /// (gain, kinetic energy before, the bodies that gained) over the bodies present in both states.
    func gain(previous: WorldState, state: WorldState, gravity: Vec2) -> (gain: Double, kineticBefore: Double, gainers: [String]) {
        var before = 0.0, after = 0.0, kinetic = 0.0
        var gainers: [String] = []
        for b in state.bodies where !b.isStatic && PriorGeometry.isFinite(b) {
            guard let p = previous[b.name], PriorGeometry.isFinite(p) else { continue }
            let e0 = Self.energy(p, gravity: gravity), e1 = Self.energy(b, gravity: gravity)
            before += e0
            after += e1
            kinetic += p.kineticEnergy
            if e1 > e0 { gainers.append(b.name) }
        }
        return (after - before, kinetic, gainers)
    }

    func allowed(kineticBefore: Double) -> Double { absoluteTolerance + relativeTolerance * kineticBefore }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let previous else { return [] }
        let g = gain(previous: previous, state: state, gravity: context.scene.gravity)
        guard g.gain.isFinite, g.gain > allowed(kineticBefore: g.kineticBefore) else { return [] }
        return [Violation(prior: name, step: state.step, bodies: g.gainers, magnitude: g.gain,
                          message: "energy grew by \(formatted(g.gain)) J without an external force")]
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        guard let previous else { return state }
        let g = gain(previous: previous, state: state, gravity: context.scene.gravity)
        guard g.gain.isFinite, g.gain > allowed(kineticBefore: g.kineticBefore) else { return state }
        let matched = state.bodies.indices.filter {
            !state.bodies[$0].isStatic && PriorGeometry.isFinite(state.bodies[$0]) && previous[state.bodies[$0].name] != nil
        }
        let kinetic = matched.reduce(0.0) { $0 + state.bodies[$1].kineticEnergy }
        guard kinetic > 0 else { return state }
        // All the excess comes out of motion; when motion alone cannot pay for it, stop the bodies.
        let factor = (max(0, kinetic - g.gain) / kinetic).squareRoot()
        var out = state
        for i in matched {
            out.bodies[i].velocity = out.bodies[i].velocity * factor
            out.bodies[i].spin *= factor
        }
        return out
    }
}
