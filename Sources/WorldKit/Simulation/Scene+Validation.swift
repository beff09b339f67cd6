// MARK: - Problems

/// One thing wrong with a scene, naming the body (or element) it concerns so
/// the language can point at the line that declared it.
public struct SceneProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        case duplicateName
        case nonPositiveSize
        case negativeMass
        case negativeDensity
        case zeroMass
        case overlap
        case overlapsStatic
        case nonFinite
        case invalidSetting
    }

    public var kind: Kind
    /// The body, wall, occluder or region concerned; nil for scene settings.
    public var subject: String?
    /// The other body for overlaps.
    public var other: String?
    public var message: String

    public init(kind: Kind, subject: String?, other: String? = nil, message: String) {
        self.kind = kind
        self.subject = subject
        self.other = other
        self.message = message
    }

    public var description: String { message }
}

/// Thrown by `Scene.validated()` and `Simulator(scene:)` for an invalid scene.
public struct SceneError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [SceneProblem]
    public init(problems: [SceneProblem]) { self.problems = problems }
    public var description: String { problems.map(\.message).joined(separator: "\n") }
}

// MARK: - Validation

extension Scene {
    /// Every problem with this scene, in declaration order; empty when valid.
    public func validate() -> [SceneProblem] {
        var problems: [SceneProblem] = []
        validateSettings(into: &problems)
        validateNames(into: &problems)
        for body in bodies { validate(body, into: &problems) }
        for wall in allWalls { validate(wall, into: &problems) }
        for o in occluders { validateRect(o.rect, name: o.name, what: "occluder", into: &problems) }
        for r in regions { validateRect(r.rect, name: r.name, what: "region", into: &problems) }
        if !allowOverlap, problems.isEmpty { validateOverlaps(into: &problems) }
        return problems
    }

    /// This scene, or a `SceneError` listing every problem.
    public func validated() throws -> Scene {
        let problems = validate()
        if !problems.isEmpty { throw SceneError(problems: problems) }
        return self
    }

    private func validateSettings(into problems: inout [SceneProblem]) {
        func bad(_ message: String) {
            problems.append(SceneProblem(kind: .invalidSetting, subject: nil, message: message))
        }
        if !(gravity.x.isFinite && gravity.y.isFinite) {
            problems.append(SceneProblem(kind: .nonFinite, subject: nil, message: "gravity must be finite"))
        }
        if !(dt.isFinite && dt > 0) { bad("dt must be a positive number, got \(dt)") }
        if substeps < 1 || substeps > 1000 { bad("substeps must be between 1 and 1000, got \(substeps)") }
        if iterations < 1 || iterations > 1000 { bad("iterations must be between 1 and 1000, got \(iterations)") }
        let c = camera
        if !(c.center.x.isFinite && c.center.y.isFinite) { bad("camera center must be finite") }
        if !(c.size.x.isFinite && c.size.y.isFinite && c.size.x > 0 && c.size.y > 0) {
            bad("camera size must be positive")
        }
        if !(c.pixelsPerUnit.isFinite && c.pixelsPerUnit > 0) { bad("camera pixels per unit must be positive") }
        switch c.motion {
        case .fixed: break
        case .velocity(let v):
            if !(v.x.isFinite && v.y.isFinite) { bad("camera velocity must be finite") }
        case .keyframes(let frames):
            for f in frames where !(f.time.isFinite && f.center.x.isFinite && f.center.y.isFinite) {
                bad("camera keyframes must be finite")
            }
        }
        if let g = ground, !g.height.isFinite {
            problems.append(SceneProblem(kind: .nonFinite, subject: "ground", message: "ground height must be finite"))
        }
        if let n = noise {
            if !(n.velocitySigma.isFinite && n.velocitySigma >= 0 && n.restitutionSigma.isFinite && n.restitutionSigma >= 0) {
                bad("noise standard deviations must be finite and non-negative")
            }
        }
    }

    private func validateNames(into problems: inout [SceneProblem]) {
        var seen: Set<String> = []
        let names = bodies.map(\.name) + allWalls.map(\.name) + (ground == nil ? [] : ["ground"])
        for name in names {
            if !seen.insert(name).inserted {
                problems.append(SceneProblem(
                    kind: .duplicateName, subject: name, message: "duplicate body name '\(name)'"))
            }
        }
    }

    func validate(_ b: BodySpec, into problems: inout [SceneProblem]) {
        let n = b.name
        let numbers = [b.position.x, b.position.y, b.angle, b.velocity.x, b.velocity.y, b.spin,
                       b.restitution, b.friction, b.mass ?? 0, b.density ?? 0]
        if numbers.contains(where: { !$0.isFinite }) {
            problems.append(SceneProblem(kind: .nonFinite, subject: n, message: "body '\(n)' has a non-finite number"))
            return
        }
        let before = problems.count
        switch b.shape {
        case .ball(let r):
            if !(r.isFinite && r > 0) {
                problems.append(SceneProblem(kind: .nonPositiveSize, subject: n,
                                             message: "ball '\(n)' needs a positive radius, got \(r)"))
            }
        case .box(let s):
            if !(s.x.isFinite && s.y.isFinite && s.x > 0 && s.y > 0) {
                problems.append(SceneProblem(kind: .nonPositiveSize, subject: n,
                                             message: "box '\(n)' needs a positive size, got (\(s.x), \(s.y))"))
            }
        }
        if let m = b.mass, m < 0 {
            problems.append(SceneProblem(kind: .negativeMass, subject: n, message: "body '\(n)' has negative mass \(m)"))
        } else if let d = b.density, d < 0 {
            problems.append(SceneProblem(kind: .negativeDensity, subject: n,
                                         message: "body '\(n)' has negative density \(d)"))
        } else if !b.isStatic, problems.count == before, !(b.resolvedMass > 0) {
            // (A bad size already explains a zero mass; say it once.)
            problems.append(SceneProblem(kind: .zeroMass, subject: n,
                                         message: "dynamic body '\(n)' needs a positive mass"))
        }
        if b.restitution < 0 || b.friction < 0 {
            problems.append(SceneProblem(kind: .invalidSetting, subject: n,
                                         message: "body '\(n)' needs non-negative restitution and friction"))
        }
    }

    private func validate(_ w: WallSpec, into problems: inout [SceneProblem]) {
        let numbers = [w.from.x, w.from.y, w.to.x, w.to.y, w.thickness, w.restitution, w.friction]
        if numbers.contains(where: { !$0.isFinite }) {
            problems.append(SceneProblem(kind: .nonFinite, subject: w.name,
                                         message: "wall '\(w.name)' has a non-finite number"))
        } else if w.thickness <= 0 || (w.to - w.from).length <= 0 {
            problems.append(SceneProblem(kind: .nonPositiveSize, subject: w.name,
                                         message: "wall '\(w.name)' needs a positive length and thickness"))
        }
    }

    private func validateRect(_ r: AxisRect, name: String, what: String, into problems: inout [SceneProblem]) {
        if !(r.center.x.isFinite && r.center.y.isFinite && r.size.x.isFinite && r.size.y.isFinite) {
            problems.append(SceneProblem(kind: .nonFinite, subject: name,
                                         message: "\(what) '\(name)' has a non-finite number"))
        } else if r.size.x <= 0 || r.size.y <= 0 {
            problems.append(SceneProblem(kind: .nonPositiveSize, subject: name,
                                         message: "\(what) '\(name)' needs a positive size"))
        }
    }

    /// Dynamic bodies must not start inside each other or inside static geometry.
    ///
    /// Candidate pairs come from the simulator's broad phase (a uniform grid), so a scene
    /// of n small bodies validates in about O(n) rather than O(n²); the ground and walls,
    /// which are few, are tested against every dynamic body. Problems are reported in the
    /// order of a full pairwise scan: by dynamic body in declaration order, then by the
    /// other collider (ground, walls, then bodies in declaration order); a pair of dynamic
    /// bodies is reported once, from the one declared first.
    private func validateOverlaps(into problems: inout [SceneProblem]) {
        problems.append(contentsOf: overlaps().problems)
    }

    /// The overlap problems and how many collider pairs were examined to find them (tests
    /// check that a crowd costs a few pairs per body, not one per pair of bodies).
    func overlaps() -> (problems: [SceneProblem], pairsExamined: Int) {
        var colliders = ColliderSet(scene: self)
        var examined = 0
        let wallCount = colliders.staticCount
        let names = colliders.names
        var found: [(i: Int, j: Int, problem: SceneProblem)] = []
        colliders.bodies.withUnsafeMutableBufferPointer { bodies in
            guard let base = bodies.baseAddress else { return }
            let n = bodies.count
            func check(_ i: Int, _ j: Int) {
                examined += 1
                guard let problem = overlapProblem(base, i, j, wallCount: wallCount, names: names) else { return }
                found.append((i, j, problem))
            }
            // Ground and walls against every dynamic body.
            for j in 0..<min(wallCount, n) {
                for i in wallCount..<n where bodies[i].invMass > 0 { check(i, j) }
            }
            guard wallCount < n else { return }
            // Body pairs the grid puts near each other (h = 0: the boxes are not swept).
            var broad = BroadPhase()
            broad.build(bodies, first: wallCount, h: 0)
            for a in wallCount..<n {
                broad.gatherCandidates(of: a, count: n)
                let dynamicA = bodies[a].invMass > 0
                var last: Int32 = -1
                for t in 0..<broad.candidateCount where broad.candidateStore[t] != last {
                    let c = broad.candidateStore[t]
                    last = c
                    let b = Int(c)
                    // Reported from the dynamic side; from the first declared when both are.
                    if dynamicA {
                        check(a, b)
                    } else if bodies[b].invMass > 0 {
                        check(b, a)
                    }
                }
            }
        }
        found.sort { ($0.i, $0.j) < ($1.i, $1.j) }
        return (found.map(\.problem), examined)
    }

    /// The problem when dynamic collider `i` starts inside collider `j` deeper than the
    /// tolerance, else nil.
    private func overlapProblem(_ base: UnsafeMutablePointer<RigidBody>, _ i: Int, _ j: Int, wallCount: Int,
                                names: [String]) -> SceneProblem? {
        // Cheap rejection before the exact test (planes have no extent).
        if base[j].kind != .plane {
            let d = base[i].position - base[j].position
            let reach = base[i].radius + base[j].radius
            if d.lengthSquared > reach * reach { return nil }
        }
        var m = Manifold()
        guard Narrowphase.collide(base + i, base + j, margin: 0, into: &m), m.count > 0 else { return nil }
        let deepest = m.count == 2 ? min(m.p0.separation, m.p1.separation) : m.p0.separation
        guard deepest < -PhysicsDefaults.overlapTolerance else { return nil }
        let nameA = names[i], nameB = names[j]
        if base[j].invMass > 0 {
            return SceneProblem(kind: .overlap, subject: nameA, other: nameB,
                                message: "bodies '\(nameA)' and '\(nameB)' overlap at the start")
        }
        let what = j < wallCount ? "'\(nameB)'" : "static body '\(nameB)'"
        return SceneProblem(kind: .overlapsStatic, subject: nameA, other: nameB,
                            message: "body '\(nameA)' overlaps \(what) at the start")
    }
}
