import Testing
@testable import WorldKit

// Value semantics, determinism and interventions of the simulator.

/// A busy scene: balls and boxes falling into a bounded pit, so contacts (and their caches) are live.
func busyScene(noise: NoiseModel? = nil) -> Scene {
    var bodies: [BodySpec] = []
    for i in 0..<10 {
        var b = BodySpec.ball("ball\(i)", at: Vec2(1 + Double(i % 5) * 1.6, 1 + Double(i / 5) * 1.5), radius: 0.5)
        b.velocity = Vec2(Double(i % 3) - 1, 0)
        b.restitution = 0.5
        bodies.append(b)
    }
    for i in 0..<4 {
        bodies.append(.box("box\(i)", at: Vec2(1.5 + Double(i) * 2, 5), size: Vec2(1, 0.8), angle: 0.1 * Double(i)))
    }
    return Scene(name: "busy", bodies: bodies, ground: Ground(height: 0),
                 bounds: Bounds(Vec2(0, 0), Vec2(9, 12)), noise: noise)
}

@Test func twoRunsAreBitIdentical() throws {
    let a = try Simulator.rollout(busyScene(), steps: 200, seed: 1)
    let b = try Simulator.rollout(busyScene(), steps: 200, seed: 1)
    #expect(a == b)
    #expect(a.events.count > 0)
}

@Test func continuingFromASnapshotGivesTheRolloutThatNeverForked() throws {
    var sim = try Simulator(scene: busyScene(noise: NoiseModel(velocitySigma: 0.01, restitutionSigma: 0.05)), seed: 9)
    sim.advance(steps: 100)
    #expect(sim.contactCount > 0)
    var fork = sim                        // the snapshot: a plain copy
    let straight = sim.record(steps: 150)
    let forked = fork.record(steps: 150)
    #expect(straight == forked)
    #expect(sim == fork)                  // including contact caches and noise streams
}

@Test func aForkWithoutWarmStartDiffers() throws {
    // The contact cache matters: dropping it changes the future, so the fork test above is meaningful.
    var sim = try Simulator(scene: busyScene(), seed: 0)
    sim.advance(steps: 100)
    var cold = sim
    cold.manifolds.removeAll()
    sim.advance(steps: 50)
    cold.advance(steps: 50)
    #expect(sim.state != cold.state)
}

// MARK: - Interventions

@Test func settingMassChangesTheOutcome() throws {
    var crate = BodySpec.box("b", at: Vec2(6, 0.5), size: Vec2(1, 1))
    crate.mass = 1
    var a = BodySpec.ball("a", at: Vec2(1, 0.5), radius: 0.5)
    a.velocity = Vec2(4, 0)
    let scene = Scene(name: "push", bodies: [a, crate], ground: Ground(height: 0))
    var light = try Simulator(scene: scene)
    var heavy = light
    try heavy.set("b", .mass(10))
    let lightEnd = light.record(steps: 180).final, heavyEnd = heavy.record(steps: 180).final
    #expect(try #require(heavyEnd["b"]).position.x < (try #require(lightEnd["b"])).position.x)
    #expect(try #require(heavyEnd["b"]).mass == 10)
    #expect(throws: InterventionError.unknownBody("zz")) { try light.set("zz", .mass(1)) }
    #expect(throws: InterventionError.self) { try light.set("b", .mass(-1)) }
    #expect(throws: InterventionError.self) { try light.set("b", .radius(1)) }
}

@Test func removingABodyLetsTheOthersPass() throws {
    var a = BodySpec.ball("a", at: Vec2(0, 0), radius: 0.5)
    a.velocity = Vec2(3, 0)
    let scene = Scene(name: "rm", bodies: [a, .ball("c", at: Vec2(3, 0), radius: 0.5), .ball("d", at: Vec2(6, 0), radius: 0.5)],
                      gravity: .zero)
    var sim = try Simulator(scene: scene)
    sim.advance(steps: 10)
    var twin = sim
    try twin.remove("c")
    #expect(twin.state["c"] == nil && twin.state.bodies.count == 2)
    let r = twin.record(steps: 120)
    #expect(r.happened(.contact("a", "d")))
    #expect(!r.happened(.contact("a", "c")))
    #expect(throws: InterventionError.unknownBody("c")) { try twin.remove("c") }
}

@Test func removingABodyInContactRenumbersTheCache() throws {
    var sim = try Simulator(scene: busyScene(), seed: 0)
    sim.advance(steps: 60)
    try sim.remove("ball3")
    // Every cached manifold still refers to existing colliders, in (a, b) order.
    let keys = sim.manifolds.map(\.key)
    #expect(keys == keys.sorted())
    #expect(sim.manifolds.allSatisfy { Int($0.b) < sim.names.count && $0.a < $0.b })
    sim.advance(steps: 60)
    #expect(sim.state.bodies.count == 13)
}

@Test func addingABodyJoinsTheSimulation() throws {
    var sim = try Simulator(scene: Scene(name: "add", ground: Ground(height: 0)))
    try sim.add(.ball("late", at: Vec2(0, 3), radius: 0.5))
    let r = sim.record(steps: 120)
    #expect(r.happened(.contact("ground", "late")))
    #expect(abs(try #require(r.final["late"]).position.y - 0.5) < 0.02)
    #expect(throws: InterventionError.duplicateBody("late")) { try sim.add(.ball("late", at: Vec2(5, 3), radius: 0.5)) }
    #expect(throws: InterventionError.self) { try sim.add(.ball("bad", at: Vec2(5, 3), radius: -1)) }
}

@Test func anImpulseChangesVelocityByImpulseOverMass() throws {
    var b = BodySpec.ball("a", at: .zero, radius: 0.5)
    b.mass = 2
    var sim = try Simulator(scene: Scene(name: "kick", bodies: [b], gravity: .zero))
    try sim.applyImpulse(to: "a", Vec2(4, 0))
    #expect(sim.state["a"]?.velocity == Vec2(2, 0))
    // Off-centre: spin = r × J / I, with I = m r² / 2 = 0.25.
    try sim.applyImpulse(to: "a", Vec2(0, 1), at: Vec2(0.5, 0))
    #expect(abs((sim.state["a"]?.spin ?? 0) - 0.5 / 0.25) < 1e-12)
}

@Test func aFrozenBodyStaysPutAndStopsOthers() throws {
    var a = BodySpec.ball("a", at: Vec2(0, 0), radius: 0.5)
    a.velocity = Vec2(3, 0)
    var c = BodySpec.ball("c", at: Vec2(3, 0), radius: 0.5)
    c.velocity = Vec2(0, 0)
    var sim = try Simulator(scene: Scene(name: "freeze", bodies: [a, c], gravity: .zero))
    try sim.freeze("c")
    let r = sim.record(steps: 120)
    #expect(r.final["c"]?.position == Vec2(3, 0))
    #expect(r.final["c"]?.isStatic == true)
    #expect((r.final["a"]?.velocity.x ?? 0) < 0)
}

@Test func sleepingBodiesRestAndWakeWhenHit() throws {
    var scene = Scene(name: "sleep", bodies: [.ball("a", at: Vec2(0, 0.5), radius: 0.5)], ground: Ground(height: 0))
    scene.sleeping = true
    var sim = try Simulator(scene: scene)
    sim.advance(steps: 120)
    #expect(sim.state["a"]?.asleep == true)
    var hitter = BodySpec.ball("h", at: Vec2(-3, 0.5), radius: 0.5)
    hitter.velocity = Vec2(5, 0)
    try sim.add(hitter)
    let before = try #require(sim.state["a"])
    sim.advance(steps: 60)
    let after = try #require(sim.state["a"])
    // Asleep, the ball was bit-for-bit still; once hit it wakes and is pushed along.
    #expect(before.velocity == .zero && before.position.x == 0)
    #expect(after.position.x > 0.5)
    #expect(sim.scene.sleeping)
}

@Test func lotsOfBodiesStayOutOfEachOther() throws {
    // The grid broad phase must find every pair: 300 balls dropped into a box never overlap much.
    var bodies: [BodySpec] = []
    for i in 0..<300 {
        bodies.append(.ball("b\(i)", at: Vec2(0.6 + Double(i % 20) * 1.05, 0.6 + Double(i / 20) * 1.05), radius: 0.5))
    }
    let scene = Scene(name: "pile", bodies: bodies, bounds: Bounds(Vec2(0, 0), Vec2(21.5, 40)))
    var sim = try Simulator(scene: scene)
    sim.advance(steps: 120)
    let s = sim.state.bodies
    var worst = 0.0
    for i in 0..<s.count {
        for j in (i + 1)..<s.count {
            let d = (s[i].position - s[j].position).length
            worst = max(worst, 1 - d)
        }
    }
    #expect(worst < 0.05)
}
