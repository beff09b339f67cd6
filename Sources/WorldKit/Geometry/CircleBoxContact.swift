// MARK: - A circle against a box, in the box's frame
//
// Circle–box contact is decided in the box's own frame, where the box is centred at
// the origin and axis-aligned: the circle's centre is either inside (it leaves
// through the nearest face) or outside (the box's nearest point is the centre
// clamped to the box). The simulator's narrow phase, the gap between estimated
// shapes and the priors' penetration depth all start from this one answer. Each
// caller rotates into the frame itself (the simulator with the sines it caches).

/// A face of an axis-aligned box. The raw values are stable feature ids: the
/// simulator warm-starts a contact by them (and uses 5 for a centre outside the box).
@usableFromInline enum BoxFace: UInt32 {
    case left = 1, right, bottom, top

    /// The outward unit normal.
    @inlinable var normal: Vec2 {
        switch self {
        case .left: return Vec2(-1, 0)
        case .right: return Vec2(1, 0)
        case .bottom: return Vec2(0, -1)
        case .top: return Vec2(0, 1)
        }
    }
}

/// Where a circle's centre lies against a box centred at the origin with half extents
/// `half`, both in the box's frame.
@usableFromInline enum CircleBoxContact {
    /// The centre is inside the box or on its boundary, `depth` below the nearest
    /// face; `surfacePoint` is the centre moved out onto that face.
    case inside(face: BoxFace, depth: Double, surfacePoint: Vec2)
    /// The centre is outside; `surfacePoint` is the box's point nearest to it, and
    /// `offset` runs from there to the centre, `distance` long.
    case outside(surfacePoint: Vec2, offset: Vec2, distance: Double)

    @inlinable init(centre c: Vec2, half h: Vec2) {
        let q = Vec2(min(max(c.x, -h.x), h.x), min(max(c.y, -h.y), h.y))
        // Clamping leaves the centre where it is exactly when it is inside (a NaN is outside).
        if q.x == c.x && q.y == c.y {
            // Ties go to the y faces. `min(dx, dy)` is the chosen face's depth, and stays
            // NaN when an estimated box has a NaN extent.
            let dx = h.x - abs(c.x), dy = h.y - abs(c.y)
            let depth = min(dx, dy)
            if dx < dy {
                let sx: Double = c.x < 0 ? -1 : 1
                self = .inside(face: sx < 0 ? .left : .right, depth: depth, surfacePoint: Vec2(sx * h.x, c.y))
            } else {
                let sy: Double = c.y < 0 ? -1 : 1
                self = .inside(face: sy < 0 ? .bottom : .top, depth: depth, surfacePoint: Vec2(c.x, sy * h.y))
            }
        } else {
            let d = c - q
            self = .outside(surfacePoint: q, offset: d, distance: d.length)
        }
    }

    /// How far a circle of radius `r` centred here is from the box (negative: overlapping).
    @inlinable func separation(radius r: Double) -> Double {
        switch self {
        case .inside(_, let depth, _): return -depth - r
        case .outside(_, _, let distance): return distance - r
        }
    }

    /// How deep a circle of radius `r` centred here overlaps the box (negative: apart).
    /// Written out rather than `-separation(radius:)`, which would make a touch -0.
    @inlinable func overlap(radius r: Double) -> Double {
        switch self {
        case .inside(_, let depth, _): return depth + r
        case .outside(_, _, let distance): return r - distance
        }
    }

    /// The box's point nearest the centre (on the nearest face when the centre is inside).
    @inlinable var surfacePoint: Vec2 {
        switch self {
        case .inside(_, _, let p), .outside(let p, _, _): return p
        }
    }

    /// The unit normal from the box towards the centre: the nearest face's normal from
    /// inside; from outside the direction of `offset`, or up (+y) when the centre is
    /// no further than `coincident` from the box and the direction means nothing.
    @inlinable func normal(coincident: Double) -> Vec2 {
        switch self {
        case .inside(let face, _, _): return face.normal
        case .outside(_, let offset, let distance): return distance > coincident ? offset / distance : Vec2(0, 1)
        }
    }
}
