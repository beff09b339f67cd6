#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Contact geometry for estimated states
//
// Gaps between the shapes of estimated states: how far apart two bodies (or a
// body and a wall) are, negative when they overlap. The event detector and the
// models' features use it; the simulator has its own exact narrow phase.

/// A convex shape placed in the world: a circle or an oriented rectangle.
public enum PlacedShape: Hashable, Sendable {
    case circle(center: Vec2, radius: Double)
    /// Half extents before rotation by `angle`.
    case box(center: Vec2, half: Vec2, angle: Double)

    public init(_ body: BodyState) {
        switch body.kind {
        case .ball: self = .circle(center: body.position, radius: body.radius)
        case .box: self = .box(center: body.position, half: body.size * 0.5, angle: body.angle)
        }
    }

    public init(_ body: ObservedBody) {
        switch body.kind {
        case .ball: self = .circle(center: body.position, radius: body.radius)
        case .box: self = .box(center: body.position, half: body.size * 0.5, angle: body.angle)
        }
    }

    /// A wall segment with its thickness, as the simulator builds it (a thin box).
    public init(wall: WallSpec) {
        let d = wall.to - wall.from
        self = .box(center: (wall.from + wall.to) * 0.5, half: Vec2(d.length * 0.5, wall.thickness * 0.5),
                    angle: atan2(d.y, d.x))
    }

    public var center: Vec2 {
        switch self {
        case .circle(let c, _): return c
        case .box(let c, _, _): return c
        }
    }

    /// Separation between two shapes: the distance for a circle pair or circle–box pair,
    /// and the largest separating-axis gap for two boxes (a lower bound of the distance,
    /// exact when the boxes face each other). Negative when they overlap.
    public static func gap(_ a: PlacedShape, _ b: PlacedShape) -> Double {
        switch (a, b) {
        case let (.circle(ca, ra), .circle(cb, rb)):
            return (ca - cb).length - ra - rb
        case let (.circle(c, r), .box(bc, h, ang)), let (.box(bc, h, ang), .circle(c, r)):
            return circleBoxGap(c, r, bc, h, ang)
        case let (.box(ca, ha, aa), .box(cb, hb, ab)):
            return boxBoxGap(ca, ha, aa, cb, hb, ab)
        }
    }

    static func circleBoxGap(_ c: Vec2, _ r: Double, _ bc: Vec2, _ h: Vec2, _ angle: Double) -> Double {
        // Into the box's frame.
        let local = (c - bc).rotated(by: -angle)
        let q = Vec2(min(max(local.x, -h.x), h.x), min(max(local.y, -h.y), h.y))
        if q == local {
            // Centre inside the box: negative depth to the nearest face.
            return -min(h.x - abs(local.x), h.y - abs(local.y)) - r
        }
        return (local - q).length - r
    }

    static func boxBoxGap(_ ca: Vec2, _ ha: Vec2, _ aa: Double, _ cb: Vec2, _ hb: Vec2, _ ab: Double) -> Double {
        let axes = [Vec2(cos(aa), sin(aa)), Vec2(-sin(aa), cos(aa)), Vec2(cos(ab), sin(ab)), Vec2(-sin(ab), cos(ab))]
        let d = cb - ca
        var best = -Double.infinity
        for n in axes {
            let ra = ha.x * abs(n.dot(Vec2(cos(aa), sin(aa)))) + ha.y * abs(n.dot(Vec2(-sin(aa), cos(aa))))
            let rb = hb.x * abs(n.dot(Vec2(cos(ab), sin(ab)))) + hb.y * abs(n.dot(Vec2(-sin(ab), cos(ab))))
            best = max(best, abs(d.dot(n)) - ra - rb)
        }
        return best
    }

    /// Gap to the ground half-plane at `height`.
    public func gap(toGround height: Double) -> Double {
        switch self {
        case .circle(let c, let r): return c.y - r - height
        case .box(let c, let h, let a):
            return c.y - (abs(sin(a)) * h.x + abs(cos(a)) * h.y) - height
        }
    }

    /// The axis-aligned bounding box.
    public var bounds: (lo: Vec2, hi: Vec2) {
        switch self {
        case .circle(let c, let r): return (c - Vec2(r, r), c + Vec2(r, r))
        case .box(let c, let h, let a):
            let e = Vec2(abs(cos(a)) * h.x + abs(sin(a)) * h.y, abs(sin(a)) * h.x + abs(cos(a)) * h.y)
            return (c - e, c + e)
        }
    }
}
