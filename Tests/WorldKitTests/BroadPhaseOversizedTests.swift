import Testing
@testable import WorldKit

// Bodies too large or too fast for a grid cell ("oversized") look in the cells their box
// reaches instead of being checked against every later body. The pairs the broad phase
// hands on must still be exactly the overlapping ones: compared here with all pairs.

/// Balls and boxes scattered with seeded positions and velocities, some very fast, one
/// long static bar and static boxes up to 6 long, so that many are oversized.
private func crowd(_ n: Int, seed: UInt64) -> Scene {
    var rng = RandomStream(seed: seed)
    var bodies: [BodySpec] = []
    for k in 0..<n {
        let at = Vec2(rng.uniform(0, 30), rng.uniform(0, 30))
        var b: BodySpec
        switch k % 7 {
        case 0:
            // Long static boxes: larger than a cell (cells follow the moving bodies).
            b = .box("k\(k)", at: at, size: Vec2(rng.uniform(0.5, 6), rng.uniform(0.5, 2)))
            b.isStatic = true
        case 1, 2: b = .box("k\(k)", at: at, size: Vec2(1, 1))
        default: b = .ball("b\(k)", at: at, radius: rng.uniform(0.2, 0.6))
        }
        b.angle = rng.uniform(0, 3)
        // One body in five is fast: its swept box spans many cells.
        let speed = k % 5 == 0 ? 400.0 : 3.0
        b.velocity = Vec2(rng.uniform(-speed, speed), rng.uniform(-speed, speed))
        bodies.append(b)
    }
    var bar = BodySpec.box("bar", at: Vec2(15, 12), size: Vec2(28, 0.4))
    bar.isStatic = true
    bodies.append(bar)
    return Scene(name: "crowd", bodies: bodies, ground: Ground(height: -1), allowOverlap: true)
}

/// (pairs from the broad phase, pairs whose boxes overlap by brute force, oversized bodies).
private func pairs(_ scene: Scene) throws -> (found: [UInt64], expected: [UInt64], oversized: Int) {
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
    return (found, expected, broad.oversized.count)
}

@Test func oversizedBodiesFindExactlyTheOverlappingPairs() throws {
    for seed: UInt64 in [1, 2, 3] {
        let (found, expected, oversized) = try pairs(crowd(300, seed: seed))
        #expect(oversized > 20, "seed \(seed): only \(oversized) oversized bodies; the test needs many")
        #expect(expected.count > 100, "seed \(seed): only \(expected.count) overlapping pairs")
        #expect(found == expected, "seed \(seed): \(found.count) pairs from the grid, \(expected.count) overlapping")
    }
}

@Test func aBodyFlyingFarOutsideTheGridIsStillPairedCorrectly() throws {
    var scene = crowd(60, seed: 9)
    var far = BodySpec.ball("far", at: Vec2(1e7, -3e6), radius: 0.5)
    far.velocity = Vec2(-6e8, 2e8)  // sweeps across the whole crowd within one step
    scene.bodies.append(far)
    let (found, expected, _) = try pairs(scene)
    #expect(found == expected)
}
