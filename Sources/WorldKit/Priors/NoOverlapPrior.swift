// MARK: - no_overlap: bodies do not interpenetrate

/// `no_overlap`: no two bodies, and no body and an explicit wall, overlap by more than a tolerance.
///
/// Magnitude: the interpenetration depth in metres. Correction: each overlapping pair is
/// pushed apart along the contact normal by the full depth, split by inverse mass (a
/// static body or wall does not move), and the pair's approach velocity along the normal
/// is removed the same way, so momentum is kept and the pair does not sink back in.
/// Bounds walls belong to `inside_bounds` and the ground to `above_ground`.
public struct NoOverlapPrior: Prior {
    public let tolerance: Double
    public var name: String { "no_overlap" }

    public init(tolerance: Double = PriorTolerances.overlapDepth) {
        self.tolerance = tolerance
    }

    /// One overlapping pair: indices into the state's bodies (`b` nil for a wall).
    struct Contact {
        var a: Int
        var b: Int?
        var wall: String?
        var penetration: Penetration
    }

    func contacts(_ state: WorldState, scene: Scene) -> [Contact] {
        var out: [Contact] = []
        let bodies = state.bodies
        let walls = scene.walls.map { ($0.name, PlacedShape(wall: $0)) }
        let boxes = bodies.map { $0.placed.bounds }
        for i in bodies.indices where PriorGeometry.isFinite(bodies[i]) {
            let si = bodies[i].placed
            for j in (i + 1)..<bodies.count where PriorGeometry.isFinite(bodies[j]) {
                if bodies[i].isStatic && bodies[j].isStatic { continue }
                // Bounding boxes apart by more than the tolerance cannot overlap by more.
                if boxes[i].lo.x > boxes[j].hi.x + tolerance || boxes[j].lo.x > boxes[i].hi.x + tolerance
                    || boxes[i].lo.y > boxes[j].hi.y + tolerance || boxes[j].lo.y > boxes[i].hi.y + tolerance { continue }
                let p = Penetration.between(si, bodies[j].placed)
                if p.depth > tolerance { out.append(Contact(a: i, b: j, wall: nil, penetration: p)) }
            }
            guard !bodies[i].isStatic else { continue }
            for (name, shape) in walls {
                // Normal from the wall to the body.
                let p = Penetration.between(shape, si)
                if p.depth > tolerance { out.append(Contact(a: i, b: nil, wall: name, penetration: p)) }
            }
        }
        return out
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        contacts(state, scene: context.scene).map { c in
            let first = state.bodies[c.a].name, second = c.b.map { state.bodies[$0].name } ?? c.wall ?? "wall"
            return Violation(prior: name, step: state.step, bodies: [first, second], magnitude: c.penetration.depth,
                             message: "\(first) and \(second) overlap by \(formatted(c.penetration.depth)) m")
        }
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        var out = state
        for c in contacts(state, scene: context.scene) {
            // Recompute on the state corrected so far: an earlier push may have resolved this pair.
            let a = out.bodies[c.a]
            if let j = c.b {
                let b = out.bodies[j]
                let p = Penetration.between(a.placed, b.placed)
                guard p.depth > tolerance else { continue }
                let wa = inverseMass(a), wb = inverseMass(b), w = wa + wb
                guard w > 0 else { continue }
                out.bodies[c.a].position -= p.normal * (p.depth * wa / w)
                out.bodies[j].position += p.normal * (p.depth * wb / w)
                // Remove the approach speed along the normal, keeping momentum.
                let approach = (a.velocity - b.velocity).dot(p.normal)
                if approach > 0 {
                    out.bodies[c.a].velocity -= p.normal * (approach * wa / w)
                    out.bodies[j].velocity += p.normal * (approach * wb / w)
                }
            } else if let wallName = c.wall, let wall = context.scene.walls.first(where: { $0.name == wallName }) {
                let p = Penetration.between(PlacedShape(wall: wall), a.placed)
                guard p.depth > tolerance else { continue }
                out.bodies[c.a].position += p.normal * p.depth
                let into = a.velocity.dot(p.normal)
                if into < 0 { out.bodies[c.a].velocity -= p.normal * into }
            }
        }
        return out
    }

    private func inverseMass(_ b: BodyState) -> Double {
        if b.isStatic { return 0 }
        return b.mass > 0 && b.mass.isFinite ? 1 / b.mass : 1
    }
}

/// A magnitude for a message: four significant digits.
func formatted(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    let scale = 10_000.0
    return "\((x * scale).rounded() / scale)"
}
