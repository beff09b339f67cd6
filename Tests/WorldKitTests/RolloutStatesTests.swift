import Testing
@testable import WorldKit

/// States recorded step by step (as arrays did before), for comparing with the compact storage.
private func recordedArray(_ scene: Scene, steps: Int, seed: UInt64 = 3,
                           edit: (Int, inout Simulator) throws -> Void = { _, _ in }) throws -> [WorldState] {
    var sim = try Simulator(scene: scene, seed: seed)
    var out = [sim.state]
    for k in 0..<steps {
        try edit(k, &sim)
        sim.step()
        out.append(sim.state)
    }
    return out
}

@Test func compactStatesGiveBackEveryStateBitForBit() throws {
    var scene = twoBallScene()
    scene.occluders = [Occluder(name: "screen", center: Vec2(3.5, 1.5), size: Vec2(1.5, 3))]
    let array = try recordedArray(scene, steps: 120)
    let compact = RolloutStates(array)
    #expect(compact.count == array.count)
    #expect(compact == array)
    for (a, b) in zip(compact, array) {
        #expect(a.step == b.step && a.time.bitPattern == b.time.bitPattern)
        for (p, q) in zip(a.bodies, b.bodies) {
            #expect(p == q)
            #expect(p.position.x.bitPattern == q.position.x.bitPattern && p.spin.bitPattern == q.spin.bitPattern)
        }
    }
    // Visibility changes behind the occluder: the bits must follow it.
    #expect(Set(array.compactMap { $0["a"]?.visible }).count == 2)
    // The recording loop builds the same states.
    let r = try Simulator.rollout(scene, steps: 120, seed: 3)
    #expect(r.states == compact)
    #expect(r.states.first == array.first && r.states.last == array.last)
    #expect(r.series("a", .x) == array.map { $0["a"]!.position.x })
    #expect(compact.body("c", inState: 50) == array[50]["c"])
    #expect(compact.body("nobody", inState: 50) == nil)
}

@Test func bodiesAddedAndRemovedMidRolloutStartNewSpans() throws {
    let scene = twoBallScene()
    let array = try recordedArray(scene, steps: 60) { k, sim in
        if k == 20 { try sim.add(.ball("d", at: Vec2(3, 3), radius: 0.25)) }
        if k == 40 { try sim.remove("a") }
    }
    let compact = RolloutStates(array)
    #expect(compact == array)
    #expect(compact.spans.count == 3)
    #expect(compact[30].bodies.map(\.name).sorted() == ["a", "c", "d"])
    #expect(compact[50]["a"] == nil && compact[50]["d"] == array[50]["d"])
    // A static field that changes (a new colour) starts a span too.
    var recoloured = array
    for i in 10..<20 { recoloured[i].bodies[0].color = Color(r: 1, g: 2, b: 3) }
    let c2 = RolloutStates(recoloured)
    #expect(c2 == recoloured)
    #expect(c2.spans.count == 5)
}

@Test func settingAndRemovingStatesKeepsTheStorageCanonical() throws {
    let scene = twoBallScene()
    let array = try recordedArray(scene, steps: 30)
    var compact = RolloutStates(array)
    var expected = array
    // Same bodies: overwritten in place.
    var s = array[7]
    s.bodies[1].position = Vec2(9, 9)
    s.bodies[1].visible = false
    s.bodies[0].asleep = true
    compact[7] = s
    expected[7] = s
    #expect(compact == expected)
    // Different bodies in the middle: still equal to appending the edited array.
    var fewer = array[12]
    fewer.bodies.removeFirst()
    compact[12] = fewer
    expected[12] = fewer
    #expect(compact == expected)
    #expect(compact == RolloutStates(expected))
    #expect(compact.hashValue == RolloutStates(expected).hashValue)
    // The last state replaced by one with other bodies, then removed.
    compact[compact.count - 1] = fewer
    expected[expected.count - 1] = fewer
    #expect(compact == RolloutStates(expected))
    compact.removeLast()
    expected.removeLast()
    #expect(compact == RolloutStates(expected))
    #expect(RolloutStates([]).isEmpty)
}

@Test func aRecordedBodyStepCostsAtMostFiftySixBytes() throws {
    var bodies: [BodySpec] = []
    for i in 0..<40 {
        var b = BodySpec.ball("b\(i)", at: Vec2(Double(i % 10) * 1.2, 0.5 + Double(i / 10) * 1.2), radius: 0.4)
        b.velocity = Vec2(Double(i % 3) - 1, 0)
        bodies.append(b)
    }
    let scene = Scene(name: "many", bodies: bodies, ground: Ground(height: 0))
    let r = try Simulator.rollout(scene, steps: 100)
    let perBodyStep = Double(r.states.storedBytes) / Double(r.states.bodyStateCount)
    #expect(r.states.bodyStateCount == 40 * 101)
    #expect(perBodyStep <= 56, "\(perBodyStep) bytes per body-step")
    // What the states cost as arrays of BodyState, at least.
    #expect(perBodyStep * 2 < Double(MemoryLayout<BodyState>.stride))
}
