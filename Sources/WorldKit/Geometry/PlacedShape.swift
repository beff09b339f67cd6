#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Shapes placed in the world, and the gaps between them
//
// How far apart two estimated shapes (bodies, walls) are, negative when they
// overlap. The event detector, the models' features and the priors use these.
// The simulator has its own narrow phase over its rigid bodies; for a circle
// against a box both start from `CircleBoxContact`. The shapes of bodies and
// walls are made in Models/PlacedShape+Bodies.swift.

/// A convex shape placed in the world: a circle or an oriented rectangle.
public enum PlacedShape: Hashable, Sendable {
    case circle(center: Vec2, radius: Double)
    /// Half extents before rotation by `angle`.
    case box(center: Vec2, half: Vec2, angle: Double)

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
        return CircleBoxContact(centre: local, half: h).separation(radius: r)
    }

    static func boxBoxGap(_ ca: Vec2, _ ha: Vec2, _ aa: Double, _ cb: Vec2, _ hb: Vec2, _ ab: Double) -> Double {
        let a = OrientedBox(half: ha, angle: aa), b = OrientedBox(half: hb, angle: ab)
        let d = cb - ca
        var best = -Double.infinity
        for n in [a.axisX, a.axisY, b.axisX, b.axisY] {
            best = max(best, abs(d.dot(n)) - a.radius(along: n) - b.radius(along: n))
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
