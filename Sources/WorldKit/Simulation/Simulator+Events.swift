// MARK: - Event detection
//
// Events are observed at the end of each step, in a fixed order: contact
// begins and ends by pair (a, b) in solver order, then per scene body in
// declaration order: occlusion, view, regions (declaration order), rest.

extension Simulator {
    /// Sets the trackers from the initial state without emitting events: a body
    /// that starts hidden or inside a region is simply in that state at step 0.
    mutating func initialiseTracking() {
        let view = scene.camera.view(at: time)
        let regionCount = scene.regions.count
        for k in 0..<tracks.count {
            let b = bodies[staticCount + k]
            let (lo, hi) = box(of: b)
            tracks[k].occludedBy = occluder(covering: lo, hi)
            tracks[k].inView = view.intersects(lo: lo, hi: hi)
            for r in 0..<regionCount {
                inRegion[k * regionCount + r] = scene.regions[r].rect.contains(b.position)
            }
        }
    }

    func box(of b: RigidBody) -> (Vec2, Vec2) {
        let half = b.aabbHalf
        return (b.position - half, b.position + half)
    }

    /// The first occluder (declaration order) that fully covers the box, or -1.
    func occluder(covering lo: Vec2, _ hi: Vec2) -> Int32 {
        for (i, o) in scene.occluders.enumerated() where o.rect.contains(lo: lo, hi: hi) {
            return Int32(i)
        }
        return -1
    }

    mutating func detectEvents() {
        let now = time
        detectContactEvents(time: now)
        let view = scene.camera.view(at: now)
        let regionCount = scene.regions.count
        for k in 0..<tracks.count {
            let i = staticCount + k
            // Field by field: copying the whole body costs a memmove per body and step.
            let position = bodies[i].position, half = bodies[i].aabbHalf
            let name = names[i]
            let lo = position - half, hi = position + half
            let step = stepCount
            func event(_ kind: PhysicsEvent.Kind, _ other: String? = nil) {
                let e = PhysicsEvent(kind: kind, step: step, time: now, body: name, other: other)
                lastEvents.append(e)
            }
            let occ = occluder(covering: lo, hi)
            let was = tracks[k].occludedBy
            if occ != was {
                if was >= 0 { event(.occlusionEnd, scene.occluders[Int(was)].name) }
                if occ >= 0 { event(.occlusionBegin, scene.occluders[Int(occ)].name) }
                tracks[k].occludedBy = occ
            }
            let inView = view.intersects(lo: lo, hi: hi)
            if inView != tracks[k].inView {
                event(inView ? .enterView : .exitView)
                tracks[k].inView = inView
            }
            for r in 0..<regionCount {
                let inside = scene.regions[r].rect.contains(position)
                if inside != inRegion[k * regionCount + r] {
                    event(inside ? .regionEnter : .regionExit, scene.regions[r].name)
                    inRegion[k * regionCount + r] = inside
                }
            }
            if bodies[i].isStatic { continue }
            if bodies[i].asleep || isStill(velocity: bodies[i].velocity, spin: bodies[i].spin) {
                tracks[k].stillSteps &+= 1
                if tracks[k].stillSteps == Int32(PhysicsDefaults.restSteps) { event(.rest) }
            } else {
                tracks[k].stillSteps = 0
            }
        }
    }

    /// Compares touching pairs now with the last step's, by key.
    private mutating func detectContactEvents(time now: Double) {
        // Scratch arrays live in the simulator so a step allocates nothing here.
        var current = touchScratch
        touchScratch = []
        current.removeAll(keepingCapacity: true)
        touchSources.removeAll(keepingCapacity: true)
        for index in 0..<manifolds.count {
            let m = manifolds[index]
            if m.minSeparation <= PhysicsDefaults.touchingDistance || m.totalNormalImpulse > 0 {
                current.append(m.key)
                touchSources.append(index)
            }
        }
        // Pairs of two resting bodies are not re-tested while asleep; they still touch.
        var kept: [UInt64] = []
        var c = 0
        for key in touching {
            while c < current.count && current[c] < key { c += 1 }
            if c < current.count && current[c] == key { continue }
            let (a, b) = Self.split(key)
            if a < bodies.count && b < bodies.count && !bodies[a].isMoving && !bodies[b].isMoving {
                kept.append(key)
            }
        }
        var merged = current
        if !kept.isEmpty {
            merged.append(contentsOf: kept)
            merged.sort()
        }
        // Walk both sorted lists, emitting ends and begins in key order.
        var p = 0, q = 0, bi = 0
        while p < touching.count || q < merged.count {
            let old = p < touching.count ? touching[p] : UInt64.max
            let new = q < merged.count ? merged[q] : UInt64.max
            if old == new {
                p += 1; q += 1
            } else if old < new {
                let (a, b) = Self.split(old)
                let event = PhysicsEvent(kind: .contactEnd, step: stepCount, time: now, body: name(a), other: name(b))
                lastEvents.append(event)
                p += 1
            } else {
                let (a, b) = Self.split(new)
                while bi < current.count && current[bi] < new { bi += 1 }
                var point: Vec2? = nil
                var impulse = 0.0
                if bi < current.count && current[bi] == new {
                    let m = manifolds[touchSources[bi]]
                    let pa = bodies[a].position
                    point = m.count > 1 ? pa + (m.p0.rA + m.p1.rA) * 0.5 : pa + m.p0.rA
                    impulse = m.totalNormalImpulse
                }
                let event = PhysicsEvent(kind: .contactBegin, step: stepCount, time: now,
                                         body: name(a), other: name(b), point: point, impulse: impulse)
                lastEvents.append(event)
                q += 1
            }
        }
        swap(&touching, &merged)
        // `merged` now holds last step's keys (or a copy of current); keep its storage for next time.
        touchScratch = merged
    }

    static func split(_ key: UInt64) -> (Int, Int) {
        (Int(key >> 32), Int(key & 0xFFFF_FFFF))
    }

    func name(_ i: Int) -> String { i < names.count ? names[i] : "?" }

    /// Whether two colliders touch now by the test contact events use, from their positions
    /// alone. Contacts are observed at the end of a step, so at step 0 this is the only way to
    /// tell the contacts a scene starts with (reported at step 1) from new ones.
    func touches(_ first: String, _ second: String) -> Bool {
        guard let i = names.firstIndex(of: first), let j = names.firstIndex(of: second), i != j else { return false }
        var m = Manifold()
        return bodies.withUnsafeBufferPointer { colliders in
            guard let base = colliders.baseAddress,
                  Narrowphase.collide(base + min(i, j), base + max(i, j), margin: PhysicsDefaults.touchingDistance,
                                      into: &m) else { return false }
            return m.minSeparation <= PhysicsDefaults.touchingDistance
        }
    }
}
