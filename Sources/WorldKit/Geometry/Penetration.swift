#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Penetration depth and contact normal
//
// `PlacedShape.gap` says how far apart two shapes are; a correction also needs the
// direction to push them apart. These are the separating-axis answers for circles
// and oriented boxes: depth > 0 when the shapes overlap, and the unit normal that
// points from the first shape towards the second.

/// How deeply two shapes overlap and along which direction to separate them.
public struct Penetration: Hashable, Sendable {
    /// Overlap depth in metres (negative: the shapes are that far apart).
    public var depth: Double
    /// Unit vector from the first shape towards the second.
    public var normal: Vec2

    /// The penetration of `b` into `a` (normal from `a` to `b`).
    public static func between(_ a: PlacedShape, _ b: PlacedShape) -> Penetration {
        switch (a, b) {
        case let (.circle(ca, ra), .circle(cb, rb)):
            let d = cb - ca, len = d.length
            // Concentric circles have no preferred direction; push along +y (up) deterministically.
            let n = len > 1e-12 ? d / len : Vec2(0, 1)
            return Penetration(depth: ra + rb - len, normal: n)
        case let (.circle(c, r), .box(bc, h, ang)):
            var p = circleBox(c, r, bc, h, ang)
            p.normal = -p.normal
            return p
        case let (.box(bc, h, ang), .circle(c, r)):
            return circleBox(c, r, bc, h, ang)
        case let (.box(ca, ha, aa), .box(cb, hb, ab)):
            return boxBox(ca, ha, aa, cb, hb, ab)
        }
    }

    /// Circle against box; the normal points from the box to the circle.
    static func circleBox(_ c: Vec2, _ r: Double, _ bc: Vec2, _ h: Vec2, _ angle: Double) -> Penetration {
        let local = (c - bc).rotated(by: -angle)
        let q = Vec2(min(max(local.x, -h.x), h.x), min(max(local.y, -h.y), h.y))
        if q == local {
            // Centre inside the box: leave through the nearest face.
            let dx = h.x - abs(local.x), dy = h.y - abs(local.y)
            let n = dx < dy ? Vec2(local.x < 0 ? -1 : 1, 0) : Vec2(0, local.y < 0 ? -1 : 1)
            return Penetration(depth: min(dx, dy) + r, normal: n.rotated(by: angle))
        }
        let d = local - q, len = d.length
        let n = len > 1e-12 ? d / len : Vec2(0, 1)
        return Penetration(depth: r - len, normal: n.rotated(by: angle))
    }

    /// Box against box: the separating axis of least overlap; normal from the first to the second.
    static func boxBox(_ ca: Vec2, _ ha: Vec2, _ aa: Double, _ cb: Vec2, _ hb: Vec2, _ ab: Double) -> Penetration {
        let ua = (Vec2(cos(aa), sin(aa)), Vec2(-sin(aa), cos(aa)))
        let ub = (Vec2(cos(ab), sin(ab)), Vec2(-sin(ab), cos(ab)))
        let d = cb - ca
        var best = Penetration(depth: .infinity, normal: Vec2(0, 1))
        for n in [ua.0, ua.1, ub.0, ub.1] {
            let ra = ha.x * abs(n.dot(ua.0)) + ha.y * abs(n.dot(ua.1))
            let rb = hb.x * abs(n.dot(ub.0)) + hb.y * abs(n.dot(ub.1))
            let along = d.dot(n)
            let depth = ra + rb - abs(along)
            if depth < best.depth { best = Penetration(depth: depth, normal: along < 0 ? -n : n) }
        }
        return best
    }
}

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
