import Testing
@testable import WorldKit
#if canImport(Glibc)
import Glibc
#endif

// Mass response: the models see a contact's impulse (closing speed × (1 + restitution) ×
// the other body's share of the mass), so a user's edit of mass changes a push in the
// right direction; and the features' impulses are what the simulator does to first order.

/// A ball of mass 1 rolling at `speed` into a box of mass `mass` (the benchmark's push).
private func push(box mass: Double, ball: Double = 1, speed: Double = 5, at x: Double = 3, name: String = "push") -> Scene {
    var a = BodySpec.ball("a", at: Vec2(0, 0.5), radius: 0.5)
    a.velocity = Vec2(speed, 0)
    a.mass = ball
    var b = BodySpec.box("b", at: Vec2(x, 0.5), size: Vec2(1, 1))
    b.mass = mass
    return Scene(name: name, bodies: [a, b], ground: Ground(height: 0))
}

/// A small mixed-mass push family: log-uniform masses, speeds and gaps varied.
private func pushFamily(_ n: Int, seed: UInt64) -> [Scene] {
    var rng = RandomStream(seed: seed)
    return (0..<n).map { i in
        push(box: exp(rng.uniform(log(0.5), log(6))), ball: exp(rng.uniform(log(0.5), log(2))),
             speed: rng.uniform(3, 6), at: rng.uniform(2.2, 3.2), name: "push\(i)")
    }
}

/// How far the box moved along x over the rollout.
private func boxTravel(_ r: Rollout) -> Double {
    guard let first = r.states.first?["b"], let last = r.final["b"] else { return .nan }
    return last.position.x - first.position.x
}

@Test func theGroundImpulseOfARestingBoxCancelsGravity() throws {
    let scene = Scene(name: "rest", bodies: [BodySpec.box("b", at: Vec2(0, 0.4), size: Vec2(1, 0.8))], ground: Ground(height: 0))
    let geometry = SceneGeometry(scene)
    let shape = BodyShapeInfo(try Simulator.rollout(scene, steps: 1).states[0].bodies[0])
    let p = Vec2(0, 0.4)
    let row = DynamicsFeatures.row(history: [p, p], angles: [0, 0], shape: shape, neighbour: nil, geometry: geometry)
    let fall = geometry.gravity.y * geometry.dt * geometry.dt
    #expect(row.count == DynamicsFeatures.width(displacements: 1))
    #expect(abs(row[row.count - 1] + fall) < 1e-15, "ground impulse \(row[row.count - 1]), gravity step \(fall)")
    // Nothing nearby: no share, no body impulse.
    #expect(Array(row[(row.count - 4)..<(row.count - 1)]) == [0, 0, 0])
}

@Test func aBodysImpulseFollowsTheMassShare() throws {
    let geometry = SceneGeometry(push(box: 1))
    func impulse(boxMass: Double) throws -> (share: Double, x: Double) {
        let t = try Simulator.rollout(push(box: boxMass), steps: 1).states[0]
        let ball = BodyShapeInfo(t["a"]!), box = BodyShapeInfo(t["b"]!)
        // The box at rest, the ball 1 cm away closing at 5 m/s.
        let p = Vec2(3, 0.5)
        let ballNow = Vec2(3 - 1.01, 0.5), ballBefore = ballNow - Vec2(5 * geometry.dt, 0)
        let row = DynamicsFeatures.row(history: [p, p], angles: [0, 0], shape: box,
                                       neighbour: NeighbourView(position: ballNow, previous: ballBefore, shape: ball), geometry: geometry)
        return (row[row.count - 4], row[row.count - 3])
    }
    let light = try impulse(boxMass: 1), heavy = try impulse(boxMass: 5)
    let sixth: Double = 1.0 / 6
    #expect(abs(light.share - 0.5) < 1e-12)
    #expect(abs(heavy.share - sixth) < 1e-12)
    // Pushed along +x, three times less hard: (1 + e) · share · closing.
    #expect(light.x > 0)
    let ratio: Double = heavy.x / light.x
    #expect(abs(ratio - sixth / 0.5) < 1e-12)
    let expected: Double = (1 + PhysicsDefaults.restitution) * 0.5 * 5 * geometry.dt
    #expect(abs(light.x - expected) < 1e-12)
}

@Test func objectnetRelationsCarryTheSameImpulse() {
    var ball = ObjectSlot(name: "a", kind: .ball, position: Vec2(1.99, 0.5), velocity: Vec2(5, 0), angle: 0, radius: 0.5,
                          size: Vec2(1, 1), color: PhysicsDefaults.color, isStatic: false, mass: 1, lastSeen: 0)
    var box = ObjectSlot(name: "b", kind: .box, position: Vec2(3, 0.5), velocity: .zero, angle: 0, radius: 0.5,
                         size: Vec2(1, 1), color: PhysicsDefaults.color, isStatic: false, mass: 5, lastSeen: 0)
    ball.restitution = 0.2
    box.restitution = 0.2
    let dt = PhysicsDefaults.dt
    let f = ObjectNetModel.features(slots: [ball, box], statics: [], gravity: PhysicsDefaults.gravity, dt: dt)
    let w = InteractionNetwork.relationWidth
    #expect(f.relations.count == 2 * w)
    // Relation 1: receiver b, sender a; b takes 1.2 × 1/6 × 5 m/s along +x.
    let toBox: [Double] = Array(f.relations[w..<(2 * w)])
    let boxShare: Double = 1.0 / 6, boxPush: Double = 1.2 / 6 * 5, ballPush: Double = -1.2 * 5 / 6 * 5
    #expect(abs(toBox[w - 3] - boxShare) < 1e-12)
    #expect(abs(toBox[w - 2] - boxPush) < 1e-9)
    #expect(toBox[w - 1] == 0)
    // Receiver a is pushed back by its share 5/6.
    let toBall: [Double] = Array(f.relations[0..<w])
    #expect(abs(toBall[w - 2] - ballPush) < 1e-9)
}

@Test func aHeavierBoxIsPushedLessByEveryModelThatSeesMass() throws {
    let data = try Dataset(scenes: pushFamily(16, seed: 21), steps: 60, seed: 21)
    let light = push(box: 1), heavy = push(box: 5)
    let truthRatio = boxTravel(try Simulator.rollout(heavy, steps: 60)) / boxTravel(try Simulator.rollout(light, steps: 60))
    #expect(truthRatio < 0.5)
    let models: [any TrainableModel] = [try WindowModel(k: 4, hidden: 32), try HybridModel(hidden: 32), try ObjectNetModel(hidden: 32)]
    for model in models {
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 6, learningRate: 3e-3, seed: 1))
        let l = boxTravel(try ModelRollout.run(model, scene: light, steps: 60))
        let h = boxTravel(try ModelRollout.run(model, scene: heavy, steps: 60))
        // The light box is really pushed, and the heavy one clearly less.
        #expect(l > 0.2, "\(model.kind): light box moved \(l) m")
        #expect(h < 0.7 * l, "\(model.kind): heavy box moved \(h) m, light \(l) m (simulator ratio \(truthRatio))")
    }
}
