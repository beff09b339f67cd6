import Testing
@testable import WorldKit

// The broad phase stays linear: on a resting stack of equal boxes, the candidate
// pairs per body must not grow with the number of bodies. (A rounding mismatch once
// marked most resting boxes "oversized", each then checked against every later one.)

/// Columns of `n` equal boxes stacked on the ground, touching, at rest.
private func boxStacks(_ n: Int) -> Scene {
    let perColumn = 10, size = Vec2(1, 0.5)
    var bodies: [BodySpec] = []
    for k in 0..<n {
        let column = k / perColumn, level = k % perColumn
        bodies.append(.box("box\(k)", at: Vec2(1 + Double(column) * 1.5, 0.25 + Double(level) * 0.5), size: size))
    }
    return Scene(name: "stacks", bodies: bodies, ground: Ground(height: 0))
}

/// Candidate pairs the broad phase hands to the narrow phase in one substep, per body.
private func candidatesPerBody(_ n: Int) throws -> Double {
    var sim = try Simulator(scene: boxStacks(n))
    sim.advance(steps: 30)
    var broad = sim.broad
    var total = 0
    sim.bodies.withUnsafeMutableBufferPointer { b in
        broad.build(b, first: sim.staticCount, h: sim.scene.dt)
        for i in sim.staticCount..<b.count {
            broad.gatherCandidates(of: i, count: b.count)
            total += broad.candidates.count
        }
    }
    return Double(total) / Double(n)
}

@Test func candidatePairsPerBodyDoNotGrowOnARestingStack() throws {
    let small = try candidatesPerBody(200), large = try candidatesPerBody(1600)
    #expect(small < 20, "\(small) candidates per body at 200 boxes")
    #expect(large <= 1.25 * small, "\(small) per body at 200 boxes, \(large) at 1600: grows with n")
}
