// MARK: - above_ground: no body sinks below the ground

/// `above_ground`: the lowest point of every non-static body is at or above the ground.
///
/// Magnitude: depth below the ground (m). Correction: lift the body by that depth and
/// remove its downward velocity. A scene without ground has nothing to violate.
public struct AboveGroundPrior: Prior {
    public let tolerance: Double
    public var name: String { "above_ground" }

    public init(tolerance: Double = PriorTolerances.groundDepth) {
        self.tolerance = tolerance
    }

    func depth(_ b: BodyState, ground: Ground) -> Double {
        -b.placed.gap(toGround: ground.height)
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let ground = context.scene.ground else { return [] }
        return state.bodies.compactMap { b in
            guard !b.isStatic, PriorGeometry.isFinite(b) else { return nil }
            let d = depth(b, ground: ground)
            guard d > tolerance else { return nil }
            return Violation(prior: name, step: state.step, bodies: [b.name], magnitude: d,
                             message: "\(b.name) is \(formatted(d)) m below the ground")
        }
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        guard let ground = context.scene.ground else { return state }
        var out = state
        for i in out.bodies.indices where !out.bodies[i].isStatic && PriorGeometry.isFinite(out.bodies[i]) {
            let d = depth(out.bodies[i], ground: ground)
            guard d > tolerance else { continue }
            out.bodies[i].position.y += d
            if out.bodies[i].velocity.y < 0 { out.bodies[i].velocity.y = 0 }
        }
        return out
    }
}
