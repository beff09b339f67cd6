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

    /// Centres (or a centre and a box) closer than this, in metres, have no direction
    /// between them worth trusting; the normal is then +y.
    static let coincident = 1e-12

    /// The penetration of `b` into `a` (normal from `a` to `b`).
    public static func between(_ a: PlacedShape, _ b: PlacedShape) -> Penetration {
        switch (a, b) {
        case let (.circle(ca, ra), .circle(cb, rb)):
            let d = cb - ca, len = d.length
            // Concentric circles have no preferred direction; push along +y (up) deterministically.
            let n = len > coincident ? d / len : Vec2(0, 1)
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
        // In the box's frame; a centre inside leaves through the nearest face.
        let contact = CircleBoxContact(centre: (c - bc).rotated(by: -angle), half: h)
        return Penetration(depth: contact.overlap(radius: r), normal: contact.normal(coincident: coincident).rotated(by: angle))
    }

    /// Box against box: the separating axis of least overlap; normal from the first to the second.
    static func boxBox(_ ca: Vec2, _ ha: Vec2, _ aa: Double, _ cb: Vec2, _ hb: Vec2, _ ab: Double) -> Penetration {
        let a = OrientedBox(half: ha, angle: aa), b = OrientedBox(half: hb, angle: ab)
        let d = cb - ca
        var best = Penetration(depth: .infinity, normal: Vec2(0, 1))
        for n in [a.axisX, a.axisY, b.axisX, b.axisY] {
            let along = d.dot(n)
            let depth = a.radius(along: n) + b.radius(along: n) - abs(along)
            if depth < best.depth { best = Penetration(depth: depth, normal: along < 0 ? -n : n) }
        }
        return best
    }
}
