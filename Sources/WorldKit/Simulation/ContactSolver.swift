/// The hot loop: contact detection and the sequential-impulse solver, as static
/// functions over unsafe buffers of plain structs (no allocation, no existentials).
@usableFromInline enum ContactSolver {
    // MARK: - Integration

    /// Semi-implicit Euler, velocity half: gravity on every moving body.
    @inlinable static func integrateVelocities(_ b: UnsafeMutableBufferPointer<RigidBody>, gravity: Vec2, h: Double) {
        let dv = gravity * h
        for i in 0..<b.count where b[i].isMoving {
            b[i].velocity += dv
        }
    }

    /// Semi-implicit Euler, position half, with the split-impulse pseudo velocities.
    @inlinable static func integratePositions(_ b: UnsafeMutableBufferPointer<RigidBody>, h: Double) {
        for i in 0..<b.count where b[i].isMoving {
            var body = b[i]
            body.position += (body.velocity + body.pseudoVelocity) * h
            let dAngle = (body.spin + body.pseudoSpin) * h
            if dAngle != 0 {
                body.angle += dAngle
                // Circles never read their rotation; boxes need it for collision.
                if body.kind == .box {
                    body.cosA = _cos(body.angle)
                    body.sinA = _sin(body.angle)
                }
            }
            body.pseudoVelocity = .zero
            body.pseudoSpin = 0
            b[i] = body
        }
    }

    // MARK: - Detection

    /// Builds this substep's manifolds in (a, b) order, carrying impulses over from `previous`.
    @usableFromInline static func findContacts(
        _ b: UnsafeMutableBufferPointer<RigidBody>, staticCount: Int, broad: inout BroadPhase,
        previous: [Manifold], into next: inout [Manifold], h: Double, wakeSleepers: Bool
    ) {
        next.removeAll(keepingCapacity: true)
        let n = b.count
        broad.build(b, first: staticCount, h: h)
        var cursor = 0

        // Static geometry against every moving body.
        for s in 0..<min(staticCount, n) {
            let st = b[s]
            for j in staticCount..<n where b[j].isMoving {
                if st.kind == .plane {
                    if broad.lower[j].y > st.position.y + broad.expansion[s] { continue }
                } else if !broad.overlaps(s, j) {
                    continue
                }
                emit(b, s, j, margin: broad.expansion[s] + broad.expansion[j], previous, &cursor, &next, wakeSleepers)
            }
        }
        // Body pairs through the grid.
        if staticCount < n {
            for i in staticCount..<n {
                broad.gatherCandidates(of: i, count: n)
                let movingI = b[i].isMoving
                for t in 0..<broad.candidates.count {
                    let j = Int(broad.candidates[t])
                    if t > 0 && broad.candidates[t - 1] == broad.candidates[t] { continue }
                    if !movingI && !b[j].isMoving { continue }
                    if !broad.overlaps(i, j) { continue }
                    emit(b, i, j, margin: broad.expansion[i] + broad.expansion[j], previous, &cursor, &next,
                         wakeSleepers)
                }
            }
        }
    }

    /// Runs the narrow phase for one pair and appends the manifold, warm-started from the cache.
    @inlinable static func emit(
        _ b: UnsafeMutableBufferPointer<RigidBody>, _ i: Int, _ j: Int, margin: Double,
        _ previous: [Manifold], _ cursor: inout Int, _ next: inout [Manifold], _ wakeSleepers: Bool
    ) {
        var m = Manifold()
        guard Narrowphase.collide(b[i], b[j], margin: margin, into: &m) else { return }
        m.a = Int32(i)
        m.b = Int32(j)
        m.friction = (b[i].friction * b[j].friction).squareRoot()
        m.restitution = max(b[i].restitution, b[j].restitution)
        let key = m.key
        while cursor < previous.count && previous[cursor].key < key { cursor += 1 }
        if cursor < previous.count && previous[cursor].key == key {
            let old = previous[cursor]
            matchImpulses(&m.p0, old)
            if m.count > 1 { matchImpulses(&m.p1, old) }
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

    @inlinable static func matchImpulses(_ p: inout ContactPoint, _ old: Manifold) {
        if old.p0.id == p.id {
            p.normalImpulse = old.p0.normalImpulse
            p.tangentImpulse = old.p0.tangentImpulse
        } else if old.count > 1 && old.p1.id == p.id {
            p.normalImpulse = old.p1.normalImpulse
            p.tangentImpulse = old.p1.tangentImpulse
        }
    }

    // MARK: - Solver

    /// Effective masses, restitution / speculative velocity targets and position-correction targets.
    @inlinable static func prepare(_ b: UnsafeMutableBufferPointer<RigidBody>, _ ms: UnsafeMutableBufferPointer<Manifold>,
                                   h: Double, gravity: Vec2) {
        let threshold = max(PhysicsDefaults.restitutionThresholdGravitySteps * gravity.length * h,
                            PhysicsDefaults.restitutionThresholdMinimum)
        let slop = PhysicsDefaults.linearSlop
        let beta = PhysicsDefaults.positionCorrection
        let invH = 1 / h
        for k in 0..<ms.count {
            var m = ms[k]
            let A = b[Int(m.a)], B = b[Int(m.b)]
            m.invMassA = A.isMoving ? A.invMass : 0
            m.invInertiaA = A.isMoving ? A.invInertia : 0
            m.invMassB = B.isMoving ? B.invMass : 0
            m.invInertiaB = B.isMoving ? B.invInertia : 0
            let n = m.normal
            let t = Vec2(n.y, -n.x)
            let mA = m.invMassA, mB = m.invMassB, iA = m.invInertiaA, iB = m.invInertiaB
            let e = m.restitution
            func setup(_ p: inout ContactPoint) {
                let rnA = p.rA.cross(n), rnB = p.rB.cross(n)
                let kN = mA + mB + iA * rnA * rnA + iB * rnB * rnB
                p.normalMass = kN > 0 ? 1 / kN : 0
                let rtA = p.rA.cross(t), rtB = p.rB.cross(t)
                let kT = mA + mB + iA * rtA * rtA + iB * rtB * rtB
                p.tangentMass = kT > 0 ? 1 / kT : 0
                let dv = B.velocity + Vec2(-B.spin * p.rB.y, B.spin * p.rB.x)
                    - A.velocity - Vec2(-A.spin * p.rA.y, A.spin * p.rA.x)
                let vn = dv.dot(n)
                let sep = p.separation
                if sep > 0 {
                    // Speculative: not touching yet. If the gap closes within this substep,
                    // bounce now (restitution), else allow closing at most the gap.
                    if vn < -threshold && e > 0 && vn * h + sep < 0 {
                        p.velocityTarget = -e * vn
                    } else {
                        p.velocityTarget = -sep * invH
                    }
                } else {
                    p.velocityTarget = vn < -threshold ? -e * vn : 0
                }
                p.pseudoTarget = sep < -slop ? beta * (-sep - slop) * invH : 0
                p.pseudoImpulse = 0
            }
            setup(&m.p0)
            if m.count > 1 { setup(&m.p1) }
            ms[k] = m
        }
    }

    /// Applies last substep's accumulated impulses as a starting guess.
    @inlinable static func warmStart(_ b: UnsafeMutableBufferPointer<RigidBody>, _ ms: UnsafeMutableBufferPointer<Manifold>) {
        for k in 0..<ms.count {
            let m = ms[k]
            let n = m.normal
            let t = Vec2(n.y, -n.x)
            let ia = Int(m.a), ib = Int(m.b)
            var vA = b[ia].velocity, wA = b[ia].spin, vB = b[ib].velocity, wB = b[ib].spin
            for q in 0..<Int(m.count) {
                let p = q == 0 ? m.p0 : m.p1
                let P = n * p.normalImpulse + t * p.tangentImpulse
                vA -= P * m.invMassA
                wA -= m.invInertiaA * p.rA.cross(P)
                vB += P * m.invMassB
                wB += m.invInertiaB * p.rB.cross(P)
            }
            if m.invMassA > 0 || m.invInertiaA > 0 { b[ia].velocity = vA; b[ia].spin = wA }
            if m.invMassB > 0 || m.invInertiaB > 0 { b[ib].velocity = vB; b[ib].spin = wB }
        }
    }

    /// Sequential impulses: friction, then the normal constraint, then the pseudo-velocity correction.
    @inlinable static func solve(_ b: UnsafeMutableBufferPointer<RigidBody>, _ ms: UnsafeMutableBufferPointer<Manifold>,
                                 iterations: Int) {
        for _ in 0..<iterations {
            for k in 0..<ms.count {
                var m = ms[k]
                let ia = Int(m.a), ib = Int(m.b)
                var A = b[ia], B = b[ib]
                solvePoint(&m.p0, m, &A, &B)
                if m.count > 1 { solvePoint(&m.p1, m, &A, &B) }
                ms[k] = m
                // Static and sleeping bodies are never written, so they stay bit-identical.
                if m.invMassA > 0 || m.invInertiaA > 0 { b[ia] = A }
                if m.invMassB > 0 || m.invInertiaB > 0 { b[ib] = B }
            }
        }
    }

    @inline(__always) @inlinable
    static func solvePoint(_ p: inout ContactPoint, _ m: Manifold, _ A: inout RigidBody, _ B: inout RigidBody) {
        let n = m.normal
        let t = Vec2(n.y, -n.x)
        let rA = p.rA, rB = p.rB
        let mA = m.invMassA, mB = m.invMassB, iA = m.invInertiaA, iB = m.invInertiaB

        // Friction, bounded by the current normal impulse (Coulomb).
        var dv = B.velocity + Vec2(-B.spin * rB.y, B.spin * rB.x) - A.velocity - Vec2(-A.spin * rA.y, A.spin * rA.x)
        let vt = dv.dot(t)
        let maxFriction = m.friction * p.normalImpulse
        let oldT = p.tangentImpulse
        let newT = min(max(oldT - p.tangentMass * vt, -maxFriction), maxFriction)
        p.tangentImpulse = newT
        let Pt = t * (newT - oldT)
        A.velocity -= Pt * mA
        A.spin -= iA * rA.cross(Pt)
        B.velocity += Pt * mB
        B.spin += iB * rB.cross(Pt)

        // Normal: drive the approach speed to the target, never pulling.
        dv = B.velocity + Vec2(-B.spin * rB.y, B.spin * rB.x) - A.velocity - Vec2(-A.spin * rA.y, A.spin * rA.x)
        let vn = dv.dot(n)
        let oldN = p.normalImpulse
        let newN = max(oldN + p.normalMass * (p.velocityTarget - vn), 0)
        p.normalImpulse = newN
        let Pn = n * (newN - oldN)
        A.velocity -= Pn * mA
        A.spin -= iA * rA.cross(Pn)
        B.velocity += Pn * mB
        B.spin += iB * rB.cross(Pn)

        // Position correction on pseudo velocities only, so it adds no kinetic energy.
        if p.pseudoTarget > 0 || p.pseudoImpulse > 0 {
            let dp = B.pseudoVelocity + Vec2(-B.pseudoSpin * rB.y, B.pseudoSpin * rB.x)
                - A.pseudoVelocity - Vec2(-A.pseudoSpin * rA.y, A.pseudoSpin * rA.x)
            let vp = dp.dot(n)
            let oldP = p.pseudoImpulse
            let newP = max(oldP + p.normalMass * (p.pseudoTarget - vp), 0)
            p.pseudoImpulse = newP
            let Pp = n * (newP - oldP)
            A.pseudoVelocity -= Pp * mA
            A.pseudoSpin -= iA * rA.cross(Pp)
            B.pseudoVelocity += Pp * mB
            B.pseudoSpin += iB * rB.cross(Pp)
        }
    }
}
