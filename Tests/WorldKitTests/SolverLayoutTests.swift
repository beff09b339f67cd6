import Testing
@testable import WorldKit

// The simulator's speed work keeps every result bit-identical. Two of its changes
// could break that silently, so they are checked against the plain computation:
// - the solver runs all iterations of one island before the next (contacts stay in
//   cache), which equals sweeping the whole contact list once per iteration only if
//   islands share no body the solver writes;
// - the broad phase hashes a cell's row and keeps neighbouring cells of a row in
//   consecutive buckets, with the boxes copied into bucket order; the pairs it finds
//   must still be exactly the overlapping ones.

/// Columns of boxes with balls on top, nudged sideways so some fall between the columns
/// (many islands, two-point blocks, ball–box and ball–ball contacts), a few steps in.
private func stacksAndBalls(columns: Int) -> Scene {
    var bodies: [BodySpec] = []
    for c in 0..<columns {
        let x = 1 + 2.2 * Double(c)
        for level in 0..<4 {
            bodies.append(.box("k\(c)_\(level)", at: Vec2(x, 0.5 + Double(level)), size: Vec2(1, 1)))
        }
        for level in 0..<3 {
            var b = BodySpec.ball("b\(c)_\(level)", at: Vec2(x, 4.45 + 0.9 * Double(level)), radius: 0.4)
            b.velocity = Vec2(Double(c % 5 - 2) * 0.4, 0)
            bodies.append(b)
        }
    }
    return Scene(name: "stacks", bodies: bodies, ground: Ground(height: 0))
}

/// The bit patterns of what the solver leaves behind: body velocities and contact impulses.
private func bits(_ bodies: [SolverBody], _ contacts: [SolverContact]) -> [UInt64] {
    var out: [UInt64] = []
    for b in bodies {
        out += [b.v.x, b.v.y, b.w, b.pv.x, b.pv.y, b.pw].map(\.bitPattern)
    }
    for c in contacts {
        out += [c.normalImpulse, c.tangentImpulse, c.pseudoImpulse].map(\.bitPattern)
    }
    return out
}

@Test func solvingIslandByIslandEqualsSweepingTheWholeListEachIteration() throws {
    var sim = try Simulator(scene: stacksAndBalls(columns: 12))
    sim.advance(steps: 40)
    let h = sim.scene.dt, gravity = sim.scene.gravity, iterations = sim.scene.iterations
    var bodies = sim.bodies
    var broad = BroadPhase(), islands = ContactIslands()
    var next: [Manifold] = []
    var solverBodies: [SolverBody] = [], contacts: [SolverContact] = [], blocks: [SolverBlock] = []
    bodies.withUnsafeMutableBufferPointer { b in
        ContactSolver.integrateVelocities(b, gravity: gravity, h: h)
        sim.manifolds.withUnsafeBufferPointer { old in
            ContactSolver.findContacts(b, staticCount: sim.staticCount, broad: &broad, previous: old,
                                       into: &next, h: h, wakeSleepers: false)
        }
        next.withUnsafeMutableBufferPointer { m in
            islands.build(UnsafeBufferPointer(b), UnsafeBufferPointer(m), lanes: PhysicsDefaults.solverLanes)
            let order = Array(islands.order[0..<islands.manifoldCount])
            order.withUnsafeBufferPointer { o in
                ContactSolver.prepare(b, m, order: o, h: h, gravity: gravity,
                                      bodies: &solverBodies, contacts: &contacts, blocks: &blocks)
            }
        }
    }
    solverBodies.withUnsafeMutableBufferPointer { sb in
        contacts.withUnsafeMutableBufferPointer { sc in ContactSolver.warmStart(sb, sc) }
    }
    let visit = Array(islands.visit[0..<islands.pointCount])
    let points = Array(islands.points[0..<islands.islandCount])

    func solved(_ stretches: [Int32]) -> [UInt64] {
        var sb = solverBodies, sc = contacts
        sb.withUnsafeMutableBufferPointer { sb in
            sc.withUnsafeMutableBufferPointer { sc in
                blocks.withUnsafeBufferPointer { k in
                    visit.withUnsafeBufferPointer { v in
                        stretches.withUnsafeBufferPointer { p in
                            ContactSolver.solve(sb, sc, blocks: k, visit: v, islandPoints: p, iterations: iterations)
                        }
                    }
                }
            }
        }
        return bits(sb, sc)
    }

    #expect(points.count >= 10, "only \(points.count) islands; the test needs many")
    #expect(!blocks.isEmpty, "no two-point blocks")
    #expect(points.reduce(0) { $0 + Int($1) } == visit.count)
    let byIsland = solved(points), wholeList = solved([Int32(visit.count)])
    #expect(byIsland == wholeList)
}

/// Pairs from the broad phase and by brute force over the boxes, for a scene's first substep.
private func broadPairs(_ scene: Scene) throws -> (found: [UInt64], expected: [UInt64]) {
    let sim = try Simulator(scene: scene)
    var bodies = sim.bodies
    var broad = BroadPhase()
    var found: [UInt64] = [], expected: [UInt64] = []
    bodies.withUnsafeMutableBufferPointer { b in
        broad.build(b, first: sim.staticCount, h: scene.dt)
        for i in sim.staticCount..<b.count {
            broad.gatherCandidates(of: i, count: b.count)
            var last: Int32 = -1
            for c in broad.candidates where c != last {
                last = c
                found.append(UInt64(i) << 32 | UInt64(c))
            }
            for j in (i + 1)..<b.count where broad.overlaps(i, j) { expected.append(UInt64(i) << 32 | UInt64(j)) }
        }
    }
    return (found, expected)
}

@Test func rowHashedGridFindsExactlyTheOverlappingPairs() throws {
    // Touching balls in stacked rows on both sides of the origin (negative cells), in a
    // table small enough that rows wrap around its end; then a loose random crowd.
    var rows: [BodySpec] = []
    for k in 0..<400 {
        let at = Vec2(-12 + Double(k % 25) * 0.999, -7 + Double(k / 25) * 0.999)
        var b = BodySpec.ball("r\(k)", at: at, radius: 0.5)
        b.velocity = Vec2(Double(k % 7) - 3, Double(k % 5) - 2)
        rows.append(b)
    }
    var crowd: [BodySpec] = []
    var rng = RandomStream(seed: 4)
    for k in 0..<300 {
        var b = BodySpec.ball("c\(k)", at: Vec2(rng.uniform(-20, 20), rng.uniform(-20, 20)), radius: rng.uniform(0.2, 0.7))
        b.velocity = Vec2(rng.uniform(-8, 8), rng.uniform(-8, 8))
        crowd.append(b)
    }
    for bodies in [rows, crowd] {
        let scene = Scene(name: "grid", bodies: bodies, ground: Ground(height: -100), allowOverlap: true)
        let (found, expected) = try broadPairs(scene)
        #expect(expected.count > 100, "only \(expected.count) overlapping pairs")
        #expect(found == expected, "\(found.count) pairs from the grid, \(expected.count) overlapping")
    }
}
