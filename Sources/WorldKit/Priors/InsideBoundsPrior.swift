// MARK: - inside_bounds: bodies stay inside the scene's bounds

/// `inside_bounds`: every non-static body's bounding box lies inside the scene's `bounds`.
///
/// Magnitude: the largest distance (m) the body sticks out past a side. Correction: move
/// the body back inside and remove its outward velocity on the offending axes. A scene
/// without bounds has nothing to violate.
public struct InsideBoundsPrior: Prior {
    public let tolerance: Double
    public var name: String { "inside_bounds" }

    public init(tolerance: Double = PriorTolerances.boundsDistance) {
        self.tolerance = tolerance
    }

    /// How far the body sticks out on each axis (signed: + past the upper side, − past the lower).
    func excess(_ b: BodyState, _ bounds: Bounds) -> Vec2 {
        let lo = Vec2(min(bounds.lower.x, bounds.upper.x), min(bounds.lower.y, bounds.upper.y))
        let hi = Vec2(max(bounds.lower.x, bounds.upper.x), max(bounds.lower.y, bounds.upper.y))
        let box = b.placed.bounds
        func axis(_ l: Double, _ h: Double, _ bl: Double, _ bh: Double) -> Double {
            // A body larger than the bounds cannot fit; centre it on that axis.
            if bh - bl > h - l { return 0.5 * (bl + bh) - 0.5 * (l + h) }
            if bl < l { return bl - l }
            if bh > h { return bh - h }
            return 0
        }
        return Vec2(axis(lo.x, hi.x, box.lo.x, box.hi.x), axis(lo.y, hi.y, box.lo.y, box.hi.y))
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let bounds = context.scene.bounds else { return [] }
        return state.bodies.compactMap { b in
            guard !b.isStatic, PriorGeometry.isFinite(b) else { return nil }
            let e = excess(b, bounds)
            let d = max(abs(e.x), abs(e.y))
            guard d > tolerance else { return nil }
            return Violation(prior: name, step: state.step, bodies: [b.name], magnitude: d,
                             message: "\(b.name) is \(formatted(d)) m outside the bounds")
        }
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        guard let bounds = context.scene.bounds else { return state }
        var out = state
        for i in out.bodies.indices where !out.bodies[i].isStatic && PriorGeometry.isFinite(out.bodies[i]) {
            let e = excess(out.bodies[i], bounds)
            guard max(abs(e.x), abs(e.y)) > tolerance else { continue }
            out.bodies[i].position -= e
            if e.x * out.bodies[i].velocity.x > 0 { out.bodies[i].velocity.x = 0 }
            if e.y * out.bodies[i].velocity.y > 0 { out.bodies[i].velocity.y = 0 }
        }
        return out
    }
}
