import Testing
@testable import WorldKit

// Metrics against known answers, and events of learned rollouts.

private func shifted(_ r: Rollout, by d: Vec2, dropping name: String? = nil) -> Rollout {
    var out = r
    out.states = RolloutStates(r.states.map { s in
        var s = s
        s.bodies = s.bodies.filter { $0.name != name }.map { var b = $0; b.position += d; return b }
        return s
    })
    return out
}

@Test func positionErrorMatchesAKnownShiftAndChargesMissingBodies() throws {
    let truth = try Simulator.rollout(twoBallScene(), steps: 20)
    let e = Metrics.positionError(shifted(truth, by: Vec2(0.3, 0.4)), truth)
    #expect(abs(e.mean - 0.5) < 1e-12)
    #expect(e.perStep.count == 21 && e.perStep.allSatisfy { abs($0 - 0.5) < 1e-12 })
    #expect(e.perBody.map(\.body) == ["a", "c"])
    #expect(e.missing == 0 && e.samples == 42)
    let lost = Metrics.positionError(shifted(truth, by: .zero, dropping: "c"), truth)
    #expect(lost.missing == 21)
    #expect(abs(lost.mean - Metrics.missingBodyPenalty / 2) < 1e-12)
    #expect(Metrics.positionError(truth, truth).mean == 0)
}

@Test func pixelErrorIsZeroForTheTruthAndGrowsWithDisplacement() throws {
    let truth = try Simulator.rollout(twoBallScene(), steps: 10)
    let same = try Metrics.frameError(truth, truth, stride: 5)
    #expect(same.mse == 0 && same.psnr == .infinity)
    let near = try Metrics.frameError(shifted(truth, by: Vec2(0.1, 0)), truth, stride: 5)
    let far = try Metrics.frameError(shifted(truth, by: Vec2(1.5, 0)), truth, stride: 5)
    #expect(near.mse > 0 && far.mse > near.mse && far.psnr < near.psnr)
    // PSNR of an MSE of 1 is 20·log10(255) ≈ 48.13 dB.
    #expect(abs(Metrics.psnr(mse: 1) - 48.1308036) < 1e-6)
    let a = try Image(width: 2, height: 1, background: RGB(0, 0, 0)), b = try Image(width: 2, height: 1, background: RGB(10, 0, 0))
    #expect(try Metrics.pixelMSE(a, b) == 100.0 / 3)
    #expect(throws: ModelError.self) { try Metrics.pixelMSE(a, try Image(width: 1, height: 1)) }
}

@Test func physicsHasNoExposureBiasAndLearnedModelsReportBoth() throws {
    let physics = try Metrics.oneStepVersusRollout(PhysicsModel(), scene: twoBallScene(), steps: 30)
    #expect(physics.oneStep == 0 && physics.rollout == 0)
    let data = try Dataset(scenes: familyScenes(30, seed: 4), steps: 40, seed: 4)
    let model = try WindowModel(k: 3, hidden: 16)
    try train(model, data, epochs: 5, learningRate: 3e-3, seed: 4)
    let learned = try Metrics.oneStepVersusRollout(model, scene: familyScenes(1, seed: 50)[0], steps: 40)
    // Eating its own output, the model drifts: many-step error exceeds one-step error.
    #expect(learned.oneStep > 0 && learned.rollout > learned.oneStep)
}

@Test func learnedRolloutsHaveGeometricEvents() throws {
    let data = try Dataset(scenes: familyScenes(60, seed: 6), steps: 60, seed: 6)
    let model = try HybridModel(hidden: 24)
    try train(model, data, epochs: 10, learningRate: 3e-3, seed: 6)
    // a is thrown up and lands on the ground; it passes through a region on the way.
    var a = BodySpec.ball("a", at: Vec2(-4, 2), radius: 0.5)
    a.velocity = Vec2(2, 2)
    let scene = Scene(name: "throw", bodies: [a], ground: Ground(height: 0),
                      regions: [Region(name: "gate", center: Vec2(-3, 3), size: Vec2(0.5, 4))])
    let truth = try Simulator.rollout(scene, steps: 90)
    let r = try ModelRollout.run(model, scene: scene, steps: 90)
    let landing = EventPattern.contact("a", "ground")
    let tStep = try #require(truth.first(landing)).step, mStep = try #require(r.first(landing)).step
    // The detector's 5 cm tolerance sees a falling ball (about 10 cm per step) a step early.
    #expect(abs(tStep - mStep) <= 3, "truth lands at \(tStep), hybrid at \(mStep)")
    let tGate = try #require(truth.first(EventPattern(.regionEnter, "a", "gate"))).step
    let mGate = try #require(r.first(EventPattern(.regionEnter, "a", "gate"))).step
    #expect(abs(tGate - mGate) <= 1)
    #expect(r.states.count == 91 && r.states.map(\.step) == Array(0...90))
}

@Test func energyDriftIsSmallForTheSimulatorsElasticBoxAndLargeForAFakeRollout() throws {
    // Two elastic balls in a box without gravity or friction: energy is conserved up to
    // the solver's position correction.
    var a = BodySpec.ball("a", at: Vec2(-2, 3), radius: 0.5)
    a.velocity = Vec2(3, 1); a.restitution = 1; a.friction = 0
    var b = BodySpec.ball("b", at: Vec2(2, 4), radius: 0.5)
    b.velocity = Vec2(-1, 2); b.restitution = 1; b.friction = 0
    let scene = Scene(name: "box", bodies: [a, b], bounds: Bounds(Vec2(-4, 0), Vec2(4, 8), restitution: 1, friction: 0),
                      gravity: .zero)
    let truth = try Simulator.rollout(scene, steps: 300)
    let drift = Metrics.energyDrift(truth)
    #expect(drift.count == 301 && drift[0] == 0)
    #expect((drift.map(abs).max() ?? .infinity) < 0.05)
    // Doubling every velocity quadruples the kinetic energy: drift 3.
    var fake = truth
    fake.states = RolloutStates(truth.states.map { s in var s = s; s.bodies = s.bodies.map { var q = $0; q.velocity = q.velocity * 2; return q }; return s })
    fake.states[0] = truth.states[0]
    #expect(abs(Metrics.energyDrift(fake)[1] - 3) < 0.1)
    // With gravity, potential energy counts: a falling ball keeps its total.
    let fall = try Simulator.rollout(Scene(name: "fall", bodies: [.ball("p", at: Vec2(0, 10), radius: 0.2)]), steps: 30)
    #expect((Metrics.energyDrift(fall).map(abs).max() ?? .infinity) < 0.01)
}
