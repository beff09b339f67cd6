/// Exact contact geometry between two colliders.
///
/// Every function writes the normal (from the first collider to the second),
/// up to two points with their offsets and separations, and feature ids that
/// stay the same while the same features touch (so impulses can be warm-started).
/// Points further apart than `margin` are not reported: positive separations up
/// to the margin are speculative contacts. Bodies are passed by pointer: copying
/// a whole `RigidBody` per pair showed up as a memcpy in profiles.
@usableFromInline enum Narrowphase {
    /// Contact between any two colliders; false when they are further apart than `margin`.
    @inlinable static func collide(_ a: UnsafePointer<RigidBody>, _ b: UnsafePointer<RigidBody>, margin: Double, into m: inout Manifold) -> Bool {
        m.count = 0
        switch (a.pointee.kind, b.pointee.kind) {
        case (.circle, .circle):
            return circleCircle(a, b, margin, &m)
        case (.box, .circle):
            return boxCircle(a, b, margin, &m)
        case (.circle, .box):
            guard boxCircle(b, a, margin, &m) else { return false }
            m.flip()
            return true
        case (.box, .box):
            return boxBox(a, b, margin, &m)
        case (.plane, .circle), (.plane, .box):
            return planeBody(a, b, margin, &m)
        case (.circle, .plane), (.box, .plane):
            guard planeBody(b, a, margin, &m) else { return false }
            m.flip()
            return true
        case (.plane, .plane):
            return false
        }
    }

    // MARK: - Circles

    @inlinable static func circleCircle(_ a: UnsafePointer<RigidBody>, _ b: UnsafePointer<RigidBody>, _ margin: Double, _ m: inout Manifold) -> Bool {
        let d = b.pointee.position - a.pointee.position
        let dist2 = d.lengthSquared
        let reach = a.pointee.radius + b.pointee.radius + margin
        if dist2 > reach * reach { return false }
        let dist = dist2.squareRoot()
        let n = dist > 0 ? d / dist : Vec2(0, 1)
        let sep = dist - a.pointee.radius - b.pointee.radius
        let onA = a.pointee.position + n * a.pointee.radius
        let onB = b.pointee.position - n * b.pointee.radius
        let p = (onA + onB) * 0.5
        m.normal = n
        m.count = 1
        m.p0.rA = p - a.pointee.position
        m.p0.rB = p - b.pointee.position
        m.p0.separation = sep
        m.p0.id = 0
        return true
    }

    /// Box `a` against circle `b`.
    @inlinable static func boxCircle(_ a: UnsafePointer<RigidBody>, _ b: UnsafePointer<RigidBody>, _ margin: Double, _ m: inout Manifold) -> Bool {
        // In the box's frame; a centre inside is pushed out through the nearest face.
        let contact = CircleBoxContact(centre: a.pointee.unrotate(b.pointee.position - a.pointee.position), half: a.pointee.half)
        let r = b.pointee.radius
        let sep = contact.separation(radius: r)
        if sep > margin { return false }
        let nLocal = contact.normal(coincident: 0)
        let qLocal = contact.surfacePoint
        let id: UInt32
        switch contact {
        case .inside(let face, _, _): id = face.rawValue
        case .outside: id = 5  // after the four faces
        }
        let n = a.pointee.rotate(nLocal)
        let onA = a.pointee.position + a.pointee.rotate(qLocal)
        let onB = b.pointee.position - n * r
        let p = (onA + onB) * 0.5
        m.normal = n
        m.count = 1
        m.p0.rA = p - a.pointee.position
        m.p0.rB = p - b.pointee.position
        m.p0.separation = sep
        m.p0.id = id
        return true
    }

    // MARK: - Ground plane

    /// Ground plane `a` against circle or box `b`.
    @inlinable static func planeBody(_ a: UnsafePointer<RigidBody>, _ b: UnsafePointer<RigidBody>, _ margin: Double, _ m: inout Manifold) -> Bool {
        let height = a.pointee.position.y
        let n = Vec2(0, 1)
        m.normal = n
        if b.pointee.kind == .circle {
            let sep = b.pointee.position.y - b.pointee.radius - height
            if sep > margin { return false }
            let p = Vec2(b.pointee.position.x, height + 0.5 * sep)
            m.count = 1
            m.p0.rA = p - a.pointee.position
            m.p0.rB = p - b.pointee.position
            m.p0.separation = sep
            m.p0.id = 0
            return true
        }
        // Box: the two lowest corners within the margin (ties go to the lower index).
        var bestSep = Double.infinity, secondSep = Double.infinity
        var best = Vec2.zero, second = Vec2.zero
        var bestId: UInt32 = 0, secondId: UInt32 = 0
        for i in 0..<4 {
            // Corners counter-clockwise from bottom-left.
            let sx: Double = (i == 1 || i == 2) ? 1 : -1
            let sy: Double = i >= 2 ? 1 : -1
            let v = b.pointee.position + b.pointee.rotate(Vec2(sx * b.pointee.half.x, sy * b.pointee.half.y))
            let sep = v.y - height
            if sep > margin { continue }
            if sep < bestSep {
                secondSep = bestSep; second = best; secondId = bestId
                bestSep = sep; best = v; bestId = UInt32(i)
            } else if sep < secondSep {
                secondSep = sep; second = v; secondId = UInt32(i)
            }
        }
        guard bestSep.isFinite else { return false }
        let p0 = Vec2(best.x, height + 0.5 * bestSep)
        m.count = 1
        m.p0.rA = p0 - a.pointee.position
        m.p0.rB = p0 - b.pointee.position
        m.p0.separation = bestSep
        m.p0.id = bestId
        if secondSep.isFinite {
            let p1 = Vec2(second.x, height + 0.5 * secondSep)
            m.count = 2
            m.p1.rA = p1 - a.pointee.position
            m.p1.rB = p1 - b.pointee.position
            m.p1.separation = secondSep
            m.p1.id = secondId
        }
        return true
    }

    // MARK: - Boxes (separating axes, then clipping, after Box2D-lite)

    @inlinable static func boxBox(_ a: UnsafePointer<RigidBody>, _ b: UnsafePointer<RigidBody>, _ margin: Double, _ m: inout Manifold) -> Bool {
        let hA = a.pointee.half, hB = b.pointee.half
        let axA1 = Vec2(a.pointee.cosA, a.pointee.sinA), axA2 = Vec2(-a.pointee.sinA, a.pointee.cosA)
        let axB1 = Vec2(b.pointee.cosA, b.pointee.sinA), axB2 = Vec2(-b.pointee.sinA, b.pointee.cosA)
        let dp = b.pointee.position - a.pointee.position
        let dA = Vec2(dp.dot(axA1), dp.dot(axA2))
        let dB = Vec2(dp.dot(axB1), dp.dot(axB2))
        // C = RotA^T RotB, entries |c_ij| project one box's extents onto the other's axes.
        let c11 = abs(axA1.dot(axB1)), c12 = abs(axA1.dot(axB2))
        let c21 = abs(axA2.dot(axB1)), c22 = abs(axA2.dot(axB2))
        let faceAx = abs(dA.x) - hA.x - (c11 * hB.x + c12 * hB.y)
        let faceAy = abs(dA.y) - hA.y - (c21 * hB.x + c22 * hB.y)
        let faceBx = abs(dB.x) - hB.x - (c11 * hA.x + c21 * hA.y)
        let faceBy = abs(dB.y) - hB.y - (c12 * hA.x + c22 * hA.y)
        if faceAx > margin || faceAy > margin || faceBx > margin || faceBy > margin { return false }

        // Prefer A's faces, then x axes, unless another is clearly better (stable manifolds).
        let relTol = PhysicsDefaults.boxAxisRelativeTolerance, absTol = PhysicsDefaults.boxAxisAbsoluteTolerance
        var axis = 0
        var separation = faceAx
        var normal = dA.x > 0 ? axA1 : -axA1
        if faceAy > separation + relTol * abs(separation) + absTol * hA.y {
            axis = 1; separation = faceAy; normal = dA.y > 0 ? axA2 : -axA2
        }
        if faceBx > separation + relTol * abs(separation) + absTol * hB.x {
            axis = 2; separation = faceBx; normal = dB.x > 0 ? axB1 : -axB1
        }
        if faceBy > separation + relTol * abs(separation) + absTol * hB.y {
            axis = 3; separation = faceBy; normal = dB.y > 0 ? axB2 : -axB2
        }

        let frontNormal: Vec2, sideNormal: Vec2
        let front: Double, negSide: Double, posSide: Double
        var e0: Vec2, e1: Vec2
        switch axis {
        case 0:
            frontNormal = normal; front = a.pointee.position.dot(frontNormal) + hA.x
            sideNormal = axA2; let side = a.pointee.position.dot(sideNormal)
            negSide = -side + hA.y; posSide = side + hA.y
            (e0, e1) = incidentEdge(b, frontNormal)
        case 1:
            frontNormal = normal; front = a.pointee.position.dot(frontNormal) + hA.y
            sideNormal = axA1; let side = a.pointee.position.dot(sideNormal)
            negSide = -side + hA.x; posSide = side + hA.x
            (e0, e1) = incidentEdge(b, frontNormal)
        case 2:
            frontNormal = -normal; front = b.pointee.position.dot(frontNormal) + hB.x
            sideNormal = axB2; let side = b.pointee.position.dot(sideNormal)
            negSide = -side + hB.y; posSide = side + hB.y
            (e0, e1) = incidentEdge(a, frontNormal)
        default:
            frontNormal = -normal; front = b.pointee.position.dot(frontNormal) + hB.y
            sideNormal = axB1; let side = b.pointee.position.dot(sideNormal)
            negSide = -side + hB.x; posSide = side + hB.x
            (e0, e1) = incidentEdge(a, frontNormal)
        }
        // Clip the incident edge against the reference face's two side planes.
        var id0: UInt32 = 0, id1: UInt32 = 1
        guard clip(&e0, &e1, &id0, &id1, -sideNormal, negSide, 2),
              clip(&e0, &e1, &id0, &id1, sideNormal, posSide, 3) else { return false }

        m.normal = normal
        var count: Int32 = 0
        let base = UInt32(axis) << 4
        for k in 0..<2 {
            let v = k == 0 ? e0 : e1
            let vid = k == 0 ? id0 : id1
            let sep = frontNormal.dot(v) - front
            if sep > margin { continue }
            // Midway between the incident point and the reference face.
            let p = v - frontNormal * (0.5 * sep)
            var cp = ContactPoint()
            cp.rA = p - a.pointee.position
            cp.rB = p - b.pointee.position
            cp.separation = sep
            cp.id = base | vid
            if count == 0 { m.p0 = cp } else { m.p1 = cp }
            count += 1
        }
        m.count = count
        return count > 0
    }

    /// The edge of box `box` most anti-parallel to the reference normal, in world space.
    @inlinable static func incidentEdge(_ box: UnsafePointer<RigidBody>, _ normal: Vec2) -> (Vec2, Vec2) {
        let n = -box.pointee.unrotate(normal)
        let h = box.pointee.half
        let v0: Vec2, v1: Vec2
        if abs(n.x) > abs(n.y) {
            if n.x > 0 { v0 = Vec2(h.x, -h.y); v1 = Vec2(h.x, h.y) } else { v0 = Vec2(-h.x, h.y); v1 = Vec2(-h.x, -h.y) }
        } else {
            if n.y > 0 { v0 = Vec2(h.x, h.y); v1 = Vec2(-h.x, h.y) } else { v0 = Vec2(-h.x, -h.y); v1 = Vec2(h.x, -h.y) }
        }
        return (box.pointee.position + box.pointee.rotate(v0), box.pointee.position + box.pointee.rotate(v1))
    }

    /// Keeps the part of segment (v0, v1) with `normal·v <= offset`; false if fewer than two points remain.
    @inlinable static func clip(_ v0: inout Vec2, _ v1: inout Vec2, _ id0: inout UInt32, _ id1: inout UInt32,
                                _ normal: Vec2, _ offset: Double, _ clipId: UInt32) -> Bool {
        let d0 = normal.dot(v0) - offset
        let d1 = normal.dot(v1) - offset
        if d0 <= 0 && d1 <= 0 { return true }
        if d0 > 0 && d1 > 0 { return false }
        let t = d0 / (d0 - d1)
        let p = v0 + (v1 - v0) * t
        if d0 > 0 {
            v0 = p; id0 = clipId << 2 | id0
        } else {
            v1 = p; id1 = clipId << 2 | id1
        }
        return true
    }
}
