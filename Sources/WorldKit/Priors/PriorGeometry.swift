// MARK: - Shapes of a state

extension BodyState {
    /// The body's placed shape.
    var placed: PlacedShape { PlacedShape(self) }
}

/// Contact queries the built-in priors share.
enum PriorGeometry {
    /// Whether `b` touches (within `gap`) the ground, an explicit wall or a static body of `state`.
    static func touchesStatic(_ b: BodyState, in state: WorldState, scene: Scene, gap: Double) -> Bool {
        let shape = b.placed
        if let g = scene.ground, shape.gap(toGround: g.height) < gap { return true }
        for w in scene.allWalls where PlacedShape.gap(shape, PlacedShape(wall: w)) < gap { return true }
        for o in state.bodies where o.isStatic && o.name != b.name {
            if PlacedShape.gap(shape, o.placed) < gap { return true }
        }
        return false
    }

    /// Names of the non-static bodies of `state` that `b` touches (within `gap`).
    static func dynamicNeighbours(of b: BodyState, in state: WorldState, gap: Double) -> [String] {
        let shape = b.placed
        return state.bodies.filter { !$0.isStatic && $0.name != b.name && PlacedShape.gap(shape, $0.placed) < gap }.map(\.name)
    }

    /// True when every coordinate and dimension of the body is finite (decodes of diverged models may not be).
    static func isFinite(_ b: BodyState) -> Bool {
        b.position.x.isFinite && b.position.y.isFinite && b.velocity.x.isFinite && b.velocity.y.isFinite
            && b.angle.isFinite && b.spin.isFinite && b.radius.isFinite && b.size.x.isFinite && b.size.y.isFinite
    }
}
