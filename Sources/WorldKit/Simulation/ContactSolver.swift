/// The hot loop: contact detection and the sequential-impulse solver, as static
/// functions over unsafe buffers of plain structs (no allocation, no existentials).
@usableFromInline enum ContactSolver {
    // MARK: - Integration

    /// Semi-implicit Euler, velocity half: gravity on every moving body.
    @inlinable static func integrateVelocities(_ b: UnsafeMutableBufferPointer<RigidBody>, gravity: Vec2, h: Double) {
        guard let base = b.baseAddress else { return }
        let dv = gravity * h
        for i in 0..<b.count {
            let body = base + i
            if body.pointee.invMass > 0 && !body.pointee.asleep { body.pointee.velocity += dv }
        }
    }

    /// Semi-implicit Euler, position half, with the split-impulse pseudo velocities.
    @inlinable static func integratePositions(_ b: UnsafeMutableBufferPointer<RigidBody>, h: Double) {
        guard let base = b.baseAddress else { return }
        for i in 0..<b.count {
            // Field by field through the pointer: copying whole bodies costs a memmove each.
            let body = base + i
            guard body.pointee.invMass > 0 && !body.pointee.asleep else { continue }
            body.pointee.position += (body.pointee.velocity + body.pointee.pseudoVelocity) * h
            let dAngle = (body.pointee.spin + body.pointee.pseudoSpin) * h
            if dAngle != 0 {
                body.pointee.angle += dAngle
                // Circles never read their rotation; boxes need it for collision.
                if body.pointee.kind == .box {
                    body.pointee.cosA = _cos(body.pointee.angle)
                    body.pointee.sinA = _sin(body.pointee.angle)
                }
            }
            body.pointee.pseudoVelocity = .zero
            body.pointee.pseudoSpin = 0
        }
    }

    // MARK: - Detection

    /// Builds this substep's manifolds in (a, b) order, carrying impulses over from `previous`.
    @usableFromInline static func findContacts(
        _ b: UnsafeMutableBufferPointer<RigidBody>, staticCount: Int, broad: inout BroadPhase,
        previous: UnsafeBufferPointer<Manifold>, into next: inout [Manifold], h: Double, wakeSleepers: Bool
    ) {
        next.removeAll(keepingCapacity: true)
        let n = b.count
        broad.build(b, first: staticCount, h: h)
        guard let base = b.baseAddress else { return }
        var cursor = 0
        @inline(__always) func moving(_ i: Int) -> Bool { base[i].invMass > 0 && !base[i].asleep }

        // Static geometry against every moving body.
        for s in 0..<min(staticCount, n) {
            let isPlane = base[s].kind == .plane
            let height = base[s].position.y + broad.entries[s].expansion
            for j in staticCount..<n where moving(j) {
                if isPlane {
                    if broad.entries[j].lower.y > height { continue }
                } else if !broad.overlaps(s, j) {
                    continue
                }
                emit(b, s, j, margin: broad.entries[s].expansion + broad.entries[j].expansion, previous, &cursor, &next, wakeSleepers)
            }
        }
        // Body pairs through the grid.
        if staticCount < n {
            for i in staticCount..<n {
                broad.gatherCandidates(of: i, count: n)
                // Candidates overlap body i already (the broad phase tests the boxes).
                let count = broad.candidateCount
                if count == 0 { continue }
                let expansionI = broad.entries[i].expansion
                let movingI = moving(i)
                var last: Int32 = -1
                for t in 0..<count {
                    let c = broad.candidateStore[t]
                    if c == last { continue }
                    last = c
                    let j = Int(c)
                    if !movingI && !moving(j) { continue }
                    emit(b, i, j, margin: expansionI + broad.entries[j].expansion, previous, &cursor, &next,
                         wakeSleepers)
                }
            }
        }
    }

    /// Runs the narrow phase for one pair and appends the manifold, warm-started from the cache.
    @inlinable static func emit(
        _ b: UnsafeMutableBufferPointer<RigidBody>, _ i: Int, _ j: Int, margin: Double,
        _ previous: UnsafeBufferPointer<Manifold>, _ cursor: inout Int, _ next: inout [Manifold], _ wakeSleepers: Bool
    ) {
        guard let base = b.baseAddress else { return }
        var m = Manifold()
        guard Narrowphase.collide(base + i, base + j, margin: margin, into: &m) else { return }
        m.a = Int32(i)
        m.b = Int32(j)
        m.friction = (b[i].friction * b[j].friction).squareRoot()
        m.restitution = max(b[i].restitution, b[j].restitution)
        let key = m.key
        while cursor < previous.count && previous[cursor].key < key { cursor += 1 }
        if cursor < previous.count && previous[cursor].key == key, let old = previous.baseAddress {
            matchImpulses(&m.p0, old + cursor)
            if m.count > 1 { matchImpulses(&m.p1, old + cursor) }
        }
        if wakeSleepers {
            // A moving body touching a sleeper wakes it.
            if b[i].asleep && b[j].isMoving && b[j].velocity.length >= PhysicsDefaults.restSpeed {
                b[i].asleep = false; b[i].stillSteps = 0
            }
            if b[j].asleep && b[i].isMoving && b[i].velocity.length >= PhysicsDefaults.restSpeed {
                b[j].asleep = false; b[j].stillSteps = 0
            }
        }
        next.append(m)
    }

    @inlinable static func matchImpulses(_ p: inout ContactPoint, _ old: UnsafePointer<Manifold>) {
        if old.pointee.p0.id == p.id {
            p.normalImpulse = old.pointee.p0.normalImpulse
            p.tangentImpulse = old.pointee.p0.tangentImpulse
        } else if old.pointee.count > 1 && old.pointee.p1.id == p.id {
            p.normalImpulse = old.pointee.p1.normalImpulse
            p.tangentImpulse = old.pointee.p1.tangentImpulse
        }
    }

    // MARK: - Solver

    /// Builds the dense solver arrays: one entry per collider (one cache line) and
    /// one per contact point with its effective masses, its restitution or
    /// speculative velocity target, and its position-correction target.
    /// Contacts come out in `order` (island by island, see `ContactIslands`).
    @inlinable static func prepare(_ b: UnsafeMutableBufferPointer<RigidBody>, _ ms: UnsafeMutableBufferPointer<Manifold>,
                                   order: UnsafeBufferPointer<Int32>, h: Double, gravity: Vec2,
                                   bodies out: inout [SolverBody], contacts: inout [SolverContact],
                                   blocks: inout [SolverBlock]) {
        let threshold = restitutionThreshold(h: h, gravity: gravity)
        let slop = PhysicsDefaults.linearSlop
        let beta = PhysicsDefaults.positionCorrection
        let invH = 1 / h
        let kick = gravity * h
        out.removeAll(keepingCapacity: true)
        contacts.removeAll(keepingCapacity: true)
        blocks.removeAll(keepingCapacity: true)
        guard let bodies = b.baseAddress, let manifolds = ms.baseAddress else { return }
        for i in 0..<b.count {
            let body = bodies + i
            let moving = body.pointee.invMass > 0 && !body.pointee.asleep
            out.append(SolverBody(v: body.pointee.velocity, w: body.pointee.spin,
                                  invMass: moving ? body.pointee.invMass : 0,
                                  invInertia: moving ? body.pointee.invInertia : 0))
        }
        for k in order {
            let m = manifolds + Int(k)
            let ia = Int(m.pointee.a), ib = Int(m.pointee.b)
            let A = out[ia], B = out[ib]
            let mA = A.invMass, iA = A.invInertia, mB = B.invMass, iB = B.invInertia
            let vA = A.v, wA = A.w, vB = B.v, wB = B.w
            let n = m.pointee.normal
            let t = Vec2(n.y, -n.x)
            let e = m.pointee.restitution
            // Part of the relative normal velocity that is this substep's gravity kick.
            let gravityShift = ((mB > 0 ? kick : .zero) - (mA > 0 ? kick : .zero)).dot(n)
            for q in 0..<Int(m.pointee.count) {
                let p = q == 0 ? m.pointee.p0 : m.pointee.p1
                var c = SolverContact(a: m.pointee.a, b: m.pointee.b, normal: n, friction: m.pointee.friction,
                                      rA: p.rA, rB: p.rB, normalImpulse: p.normalImpulse,
                                      tangentImpulse: p.tangentImpulse)
                let rnA = p.rA.cross(n), rnB = p.rB.cross(n)
                let kN = mA + mB + iA * rnA * rnA + iB * rnB * rnB
                c.normalMass = kN > 0 ? 1 / kN : 0
                let rtA = p.rA.cross(t), rtB = p.rB.cross(t)
                let kT = mA + mB + iA * rtA * rtA + iB * rtB * rtB
                c.tangentMass = kT > 0 ? 1 / kT : 0
                let dv = vB + Vec2(-wB * p.rB.y, wB * p.rB.x) - vA - Vec2(-wA * p.rA.y, wA * p.rA.x)
                let vn = dv.dot(n)
                // Bounce off the approach speed from before this substep's gravity kick:
                // reflecting the kick as well would pump energy into every bounce (a
                // ball on the floor would never settle).
                let approach = vn - gravityShift
                let sep = p.separation
                if sep > 0 {
                    // Speculative: not touching yet. If the gap closes within this substep,
                    // bounce now (restitution), else allow closing at most the gap.
                    if approach < -threshold && e > 0 && vn * h + sep < 0 {
                        c.velocityTarget = -e * approach
                    } else {
                        c.velocityTarget = -sep * invH
                    }
                } else {
                    c.velocityTarget = approach < -threshold ? -e * approach : 0
                }
                c.pseudoTarget = sep < -slop ? beta * (-sep - slop) * invH : 0
                contacts.append(c)
            }
            if m.pointee.count == 2 { markBlock(&contacts, &blocks, mA: mA, iA: iA, mB: mB, iB: iB) }
        }
    }

    /// Lets the last two contacts (one two-point manifold) be solved as a block: both
    /// normal impulses at once (Box2D's block solver), so neither point is favoured
    /// and stacked boxes do not creep sideways. Skipped when badly conditioned.
    /// The block's matrices go to `blocks` (the first contact holds their index), keeping
    /// every contact within two cache lines for the iterations.
    @inlinable static func markBlock(_ contacts: inout [SolverContact], _ blocks: inout [SolverBlock],
                                     mA: Double, iA: Double, mB: Double, iB: Double) {
        let k = contacts.count - 2
        guard k >= 0 else { return }
        let n = contacts[k].normal
        let rn1A = contacts[k].rA.cross(n), rn1B = contacts[k].rB.cross(n)
        let rn2A = contacts[k + 1].rA.cross(n), rn2B = contacts[k + 1].rB.cross(n)
        let k11 = mA + mB + iA * rn1A * rn1A + iB * rn1B * rn1B
        let k22 = mA + mB + iA * rn2A * rn2A + iB * rn2B * rn2B
        let k12 = mA + mB + iA * rn1A * rn2A + iB * rn1B * rn2B
        let det = k11 * k22 - k12 * k12
        guard k11 * k11 < PhysicsDefaults.blockConditionLimit * det, det != 0 else { return }
        let invDet = 1 / det
        contacts[k].block = 1
        contacts[k + 1].block = 2
        contacts[k].blockIndex = Int32(truncatingIfNeeded: blocks.count)
        blocks.append(SolverBlock(k11: k11, k12: k12, k22: k22,
                                  invK11: k22 * invDet, invK12: -k12 * invDet, invK22: k11 * invDet))
    }

    /// Approach speed below which contacts do not bounce (see `PhysicsDefaults`).
    @inlinable static func restitutionThreshold(h: Double, gravity: Vec2) -> Double {
        max(PhysicsDefaults.restitutionThresholdGravitySteps * gravity.length * h,
            PhysicsDefaults.restitutionThresholdMinimum)
    }

    /// Writes velocities of moving bodies and accumulated impulses back; `order` is the one `prepare` used.
    @inlinable static func scatter(_ b: UnsafeMutableBufferPointer<RigidBody>, _ ms: UnsafeMutableBufferPointer<Manifold>,
                                   order: UnsafeBufferPointer<Int32>, bodies: [SolverBody], contacts: [SolverContact]) {
        for i in 0..<min(b.count, bodies.count) where bodies[i].invMass > 0 || bodies[i].invInertia > 0 {
            b[i].velocity = bodies[i].v
            b[i].spin = bodies[i].w
            b[i].pseudoVelocity = bodies[i].pv
            b[i].pseudoSpin = bodies[i].pw
        }
        var c = 0
        for index in order where c < contacts.count {
            let k = Int(index)
            ms[k].p0.normalImpulse = contacts[c].normalImpulse
            ms[k].p0.tangentImpulse = contacts[c].tangentImpulse
            c += 1
            if ms[k].count > 1 && c < contacts.count {
                ms[k].p1.normalImpulse = contacts[c].normalImpulse
                ms[k].p1.tangentImpulse = contacts[c].tangentImpulse
                c += 1
            }
        }
    }

    /// Applies last substep's accumulated impulses as a starting guess.
    @inlinable static func warmStart(_ bodies: UnsafeMutableBufferPointer<SolverBody>,
                                     _ contacts: UnsafeMutableBufferPointer<SolverContact>) {
        guard let bb = bodies.baseAddress, let cb = contacts.baseAddress else { return }
        for k in 0..<contacts.count {
            let c = cb + k
            let A = bb + Int(c.pointee.a), B = bb + Int(c.pointee.b)
            let n = c.pointee.normal
            let P = n * c.pointee.normalImpulse + Vec2(n.y, -n.x) * c.pointee.tangentImpulse
            A.pointee.v -= P * A.pointee.invMass
            A.pointee.w -= A.pointee.invInertia * c.pointee.rA.cross(P)
            B.pointee.v += P * B.pointee.invMass
            B.pointee.w += B.pointee.invInertia * c.pointee.rB.cross(P)
        }
    }

    /// Sequential impulses: normal and friction together, then the pseudo-velocity correction.
    /// Contacts are visited in `visit` order: island by island (`ContactIslands.schedule`),
    /// `islandPoints[i]` visits for island i. All iterations of one island run before the
    /// next island starts: islands share no body the solver writes (static and sleeping
    /// bodies have zero inverse mass and are never stored to), so each island sees exactly
    /// the sequence of updates of iterating over the whole list, and the result is
    /// bit-identical; but a small island's contacts stay in cache through its iterations
    /// instead of the whole list streaming from memory once per iteration.
    @inlinable static func solve(_ bodies: UnsafeMutableBufferPointer<SolverBody>,
                                 _ contacts: UnsafeMutableBufferPointer<SolverContact>,
                                 blocks: UnsafeBufferPointer<SolverBlock>,
                                 visit: UnsafeBufferPointer<Int32>, islandPoints: UnsafeBufferPointer<Int32>,
                                 iterations: Int) {
        var start = 0
        for island in 0..<islandPoints.count {
            let end = min(start + max(0, Int(islandPoints[island])), visit.count)
            solveStretch(bodies, contacts, blocks: blocks, visit: visit, start..<end, iterations: iterations)
            start = end
        }
        // Visits beyond the islands' counts (none when they add up) are solved as one stretch.
        if start < visit.count {
            solveStretch(bodies, contacts, blocks: blocks, visit: visit, start..<visit.count, iterations: iterations)
        }
    }

    /// `iterations` rounds over the visits in `range` (one island's stretch).
    @inlinable @inline(__always)
    static func solveStretch(_ bodies: UnsafeMutableBufferPointer<SolverBody>,
                             _ contacts: UnsafeMutableBufferPointer<SolverContact>,
                             blocks: UnsafeBufferPointer<SolverBlock>,
                             visit: UnsafeBufferPointer<Int32>, _ range: Range<Int>, iterations: Int) {
        guard let bb = bodies.baseAddress, let cb = contacts.baseAddress else { return }
        let blockCount = blocks.count
        let n = contacts.count
        for _ in 0..<iterations {
            for index in range {
                let k = Int(visit[index])
                if k >= n { continue }
                let c = cb + k
                if c.pointee.block != 0 {
                    // The second point of a block is solved with the first.
                    let j = Int(c.pointee.blockIndex)
                    if c.pointee.block == 1 && k + 1 < n && j < blockCount, let kb = blocks.baseAddress {
                        solveBlock(c, c + 1, kb + j, bb)
                    }
                    continue
                }
                let A = bb + Int(c.pointee.a), B = bb + Int(c.pointee.b)
                var vA = A.pointee.v, wA = A.pointee.w, vB = B.pointee.v, wB = B.pointee.w
                let mA = A.pointee.invMass, iA = A.pointee.invInertia
                let mB = B.pointee.invMass, iB = B.pointee.invInertia
                let n = c.pointee.normal
                let t = Vec2(n.y, -n.x)
                let rA = c.pointee.rA, rB = c.pointee.rB

                // Normal and friction impulses from one relative velocity, applied together:
                // a shorter dependency chain than solving them one after the other, and
                // the iterations converge to the same Coulomb solution.
                let dv = vB + Vec2(-wB * rB.y, wB * rB.x) - vA - Vec2(-wA * rA.y, wA * rA.x)
                let oldN = c.pointee.normalImpulse
                let newN = max(oldN + c.pointee.normalMass * (c.pointee.velocityTarget - dv.dot(n)), 0)
                c.pointee.normalImpulse = newN
                let maxFriction = c.pointee.friction * newN
                let oldT = c.pointee.tangentImpulse
                let newT = min(max(oldT - c.pointee.tangentMass * dv.dot(t), -maxFriction), maxFriction)
                c.pointee.tangentImpulse = newT
                let P = n * (newN - oldN) + t * (newT - oldT)
                vA -= P * mA
                wA -= iA * rA.cross(P)
                vB += P * mB
                wB += iB * rB.cross(P)
                // Never store into static bodies: every ground contact would otherwise
                // wait on the previous one through the ground's (unchanging) velocity.
                if mA > 0 || iA > 0 { A.pointee.v = vA; A.pointee.w = wA }
                if mB > 0 || iB > 0 { B.pointee.v = vB; B.pointee.w = wB }

                // Position correction on pseudo velocities only, so it adds no kinetic energy.
                correctPosition(c, A, B, mA: mA, iA: iA, mB: mB, iB: iB, normal: n)
            }
        }
    }

    /// One two-point manifold: friction per point, then both normal impulses as a
    /// 2×2 linear complementarity problem solved by enumerating its four cases
    /// (both active, only the first, only the second, neither), as Box2D does.
    @inline(__always) @inlinable
    static func solveBlock(_ c1: UnsafeMutablePointer<SolverContact>, _ c2: UnsafeMutablePointer<SolverContact>,
                           _ K: UnsafePointer<SolverBlock>, _ bb: UnsafeMutablePointer<SolverBody>) {
        let A = bb + Int(c1.pointee.a), B = bb + Int(c1.pointee.b)
        var vA = A.pointee.v, wA = A.pointee.w, vB = B.pointee.v, wB = B.pointee.w
        let mA = A.pointee.invMass, iA = A.pointee.invInertia
        let mB = B.pointee.invMass, iB = B.pointee.invInertia
        let n = c1.pointee.normal
        let t = Vec2(n.y, -n.x)
        let rA1 = c1.pointee.rA, rB1 = c1.pointee.rB, rA2 = c2.pointee.rA, rB2 = c2.pointee.rB

        // Friction at each point, bounded by its current normal impulse.
        @inline(__always) func friction(_ c: UnsafeMutablePointer<SolverContact>) {
            let rA = c.pointee.rA, rB = c.pointee.rB
            let dv = vB + Vec2(-wB * rB.y, wB * rB.x) - vA - Vec2(-wA * rA.y, wA * rA.x)
            let maxFriction = c.pointee.friction * c.pointee.normalImpulse
            let oldT = c.pointee.tangentImpulse
            let newT = min(max(oldT - c.pointee.tangentMass * dv.dot(t), -maxFriction), maxFriction)
            c.pointee.tangentImpulse = newT
            let P = t * (newT - oldT)
            vA -= P * mA
            wA -= iA * rA.cross(P)
            vB += P * mB
            wB += iB * rB.cross(P)
        }
        friction(c1)
        friction(c2)

        // Normal impulses x >= 0 with vn = K x + b >= 0 and x · vn = 0.
        let a1 = c1.pointee.normalImpulse, a2 = c2.pointee.normalImpulse
        let dv1 = vB + Vec2(-wB * rB1.y, wB * rB1.x) - vA - Vec2(-wA * rA1.y, wA * rA1.x)
        let dv2 = vB + Vec2(-wB * rB2.y, wB * rB2.x) - vA - Vec2(-wA * rA2.y, wA * rA2.x)
        let k11 = K.pointee.k11, k12 = K.pointee.k12, k22 = K.pointee.k22
        let bx = dv1.dot(n) - c1.pointee.velocityTarget - (k11 * a1 + k12 * a2)
        let by = dv2.dot(n) - c2.pointee.velocityTarget - (k12 * a1 + k22 * a2)
        var x1 = -(K.pointee.invK11 * bx + K.pointee.invK12 * by)
        var x2 = -(K.pointee.invK12 * bx + K.pointee.invK22 * by)
        if !(x1 >= 0 && x2 >= 0) {
            x1 = -c1.pointee.normalMass * bx
            x2 = 0
            if !(x1 >= 0 && k12 * x1 + by >= 0) {
                x1 = 0
                x2 = -c2.pointee.normalMass * by
                if !(x2 >= 0 && k12 * x2 + bx >= 0) {
                    x1 = 0
                    x2 = 0
                    if !(bx >= 0 && by >= 0) {
                        // No case fits (degenerate); keep the impulses as they are.
                        x1 = a1
                        x2 = a2
                    }
                }
            }
        }
        c1.pointee.normalImpulse = x1
        c2.pointee.normalImpulse = x2
        let P1 = n * (x1 - a1), P2 = n * (x2 - a2)
        vA -= (P1 + P2) * mA
        wA -= iA * (rA1.cross(P1) + rA2.cross(P2))
        vB += (P1 + P2) * mB
        wB += iB * (rB1.cross(P1) + rB2.cross(P2))
        if mA > 0 || iA > 0 { A.pointee.v = vA; A.pointee.w = wA }
        if mB > 0 || iB > 0 { B.pointee.v = vB; B.pointee.w = wB }

        // Position correction, point by point on the pseudo velocities.
        correctPosition(c1, A, B, mA: mA, iA: iA, mB: mB, iB: iB, normal: n)
        correctPosition(c2, A, B, mA: mA, iA: iA, mB: mB, iB: iB, normal: n)
    }
}

/// Split-impulse position correction of one contact point: a non-negative impulse on the
/// bodies' pseudo velocities that removes penetration beyond the slop without adding
/// kinetic energy. Static bodies (zero inverse mass and inertia) are never written.
@inlinable @inline(__always)
func correctPosition(_ c: UnsafeMutablePointer<SolverContact>,
                             _ A: UnsafeMutablePointer<SolverBody>, _ B: UnsafeMutablePointer<SolverBody>,
                             mA: Double, iA: Double, mB: Double, iB: Double, normal n: Vec2) {
    guard c.pointee.pseudoTarget > 0 || c.pointee.pseudoImpulse > 0 else { return }
    let rA = c.pointee.rA, rB = c.pointee.rB
    let pvA = A.pointee.pv, pwA = A.pointee.pw, pvB = B.pointee.pv, pwB = B.pointee.pw
    let dp = pvB + Vec2(-pwB * rB.y, pwB * rB.x) - pvA - Vec2(-pwA * rA.y, pwA * rA.x)
    let oldP = c.pointee.pseudoImpulse
    let newP = max(oldP + c.pointee.normalMass * (c.pointee.pseudoTarget - dp.dot(n)), 0)
    c.pointee.pseudoImpulse = newP
    let Pp = n * (newP - oldP)
    if mA > 0 || iA > 0 {
        A.pointee.pv = pvA - Pp * mA
        A.pointee.pw = pwA - iA * rA.cross(Pp)
    }
    if mB > 0 || iB > 0 {
        B.pointee.pv = pvB + Pp * mB
        B.pointee.pw = pwB + iB * rB.cross(Pp)
    }
}

/// What the solver iterations need of a body, in one cache line.
@usableFromInline struct SolverBody: Sendable, Equatable {
    @usableFromInline var v: Vec2
    @usableFromInline var w: Double
    @usableFromInline var pv: Vec2 = .zero
    @usableFromInline var pw: Double = 0
    /// Zero for static and sleeping bodies, so impulses leave them untouched.
    @usableFromInline var invMass: Double
    @usableFromInline var invInertia: Double

    @inlinable init(v: Vec2, w: Double, invMass: Double, invInertia: Double) {
        self.v = v
        self.w = w
        self.invMass = invMass
        self.invInertia = invInertia
    }
}

/// One contact point as the solver iterations see it: 128 bytes (two cache lines), what
/// every iteration reads; the matrices of two-point blocks live apart in `SolverBlock`.
@usableFromInline struct SolverContact: Sendable, Equatable {
    @usableFromInline var a: Int32
    @usableFromInline var b: Int32
    @usableFromInline var normal: Vec2
    @usableFromInline var friction: Double
    @usableFromInline var rA: Vec2
    @usableFromInline var rB: Vec2
    @usableFromInline var normalMass: Double
    @usableFromInline var tangentMass: Double
    @usableFromInline var velocityTarget: Double
    @usableFromInline var pseudoTarget: Double
    @usableFromInline var normalImpulse: Double
    @usableFromInline var tangentImpulse: Double
    @usableFromInline var pseudoImpulse: Double = 0
    /// 0: solved alone; 1: first of a two-point block (`blockIndex` names its matrices); 2: second.
    @usableFromInline var block: UInt8 = 0
    /// For the first point of a block: its entry in the solver's `SolverBlock` array.
    @usableFromInline var blockIndex: Int32 = 0

    @inlinable init(a: Int32, b: Int32, normal: Vec2, friction: Double, rA: Vec2, rB: Vec2,
                    normalImpulse: Double, tangentImpulse: Double) {
        self.a = a
        self.b = b
        self.normal = normal
        self.friction = friction
        self.rA = rA
        self.rB = rB
        self.normalMass = 0
        self.tangentMass = 0
        self.velocityTarget = 0
        self.pseudoTarget = 0
        self.normalImpulse = normalImpulse
        self.tangentImpulse = tangentImpulse
    }
}

/// The 2×2 normal mass matrix of a two-point block and its inverse (see `markBlock`).
@usableFromInline struct SolverBlock: Sendable, Equatable {
    @usableFromInline var k11: Double
    @usableFromInline var k12: Double
    @usableFromInline var k22: Double
    @usableFromInline var invK11: Double
    @usableFromInline var invK12: Double
    @usableFromInline var invK22: Double

    @inlinable init(k11: Double, k12: Double, k22: Double, invK11: Double, invK12: Double, invK22: Double) {
        self.k11 = k11
        self.k12 = k12
        self.k22 = k22
        self.invK11 = invK11
        self.invK12 = invK12
        self.invK22 = invK22
    }
}
