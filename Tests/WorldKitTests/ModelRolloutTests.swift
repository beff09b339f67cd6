import Testing
@testable import WorldKit

// The model protocol's plumbing: datasets, the simulator as a model, rollouts
// and post-hoc events.

func twoBallScene(ax: Double = 1, vx: Double = 3, cx: Double = 6) -> Scene {
    var a = BodySpec.ball("a", at: Vec2(ax, 0.5), radius: 0.5)
    a.velocity = Vec2(vx, 0)
    let c = BodySpec.ball("c", at: Vec2(cx, 0.5), radius: 0.5)
    return Scene(name: "pair", bodies: [a, c], ground: Ground(height: 0))
}

@Test func datasetIsDeterministicAndSplitsTheLastFifth() throws {
    let scenes = (0..<10).map { twoBallScene(vx: 1 + Double($0) * 0.3) }
    let d1 = try Dataset(scenes: scenes, steps: 20, seed: 7)
    let d2 = try Dataset(scenes: scenes, steps: 20, seed: 7)
    #expect(d1.rollouts == d2.rollouts)
    #expect(d1.trainingIndices == 0..<8)
    #expect(d1.heldOutIndices == 8..<10)
    #expect(d1.rollouts[0].states.count == 21)
    #expect(d1.observations[3][5].bodies.count == 2)
    #expect(try Dataset(scene: twoBallScene(), n: 1, steps: 5, seed: 0).heldOutCount == 0)
    #expect(try Dataset(scene: twoBallScene(), n: 2, steps: 5, seed: 0).heldOutCount == 1)
    #expect(throws: ModelError.self) { try Dataset(scenes: [], steps: 5, seed: 0) }
    #expect(throws: ModelError.self) { try Dataset(scenes: scenes, steps: 0, seed: 0) }
    #expect(throws: ModelError.self) { try Dataset(scene: twoBallScene(), n: 1_000_000, steps: 100, seed: 0) }
}

@Test func physicsModelRolloutEqualsTheSimulator() throws {
    var scene = twoBallScene()
    scene.occluders = [Occluder(name: "screen", center: Vec2(3.5, 1.5), size: Vec2(1.5, 3))]
    scene.noise = NoiseModel(velocitySigma: 0.01)
    let truth = try Simulator.rollout(scene, steps: 120, seed: 5)
    let r = try ModelRollout.run(PhysicsModel(), scene: scene, steps: 120, seed: 5)
    #expect(r.states == truth.states)
    #expect(r.events == truth.events)
    #expect(r.noise == truth.noise)
    #expect(r.happened(.contact("a", "c")))
}

@Test func eventDetectorFindsTheSimulatorsEventsOnTrueStates() throws {
    var scene = twoBallScene()
    scene.occluders = [Occluder(name: "screen", center: Vec2(3.5, 1.5), size: Vec2(1.5, 3))]
    scene.regions = [Region(name: "goal", center: Vec2(9, 1), size: Vec2(2, 2))]
    let truth = try Simulator.rollout(scene, steps: 240)
    let detected = EventDetector.events(scene: scene, states: truth.states)
    // Occlusion, view, region and rest events are geometric in both: identical.
    let geometric: Set<PhysicsEvent.Kind> = [.occlusionBegin, .occlusionEnd, .regionEnter, .regionExit, .exitView, .enterView]
    let simGeo = truth.events.filter { geometric.contains($0.kind) }
    let detGeo = detected.filter { geometric.contains($0.kind) }
    #expect(!simGeo.isEmpty)
    #expect(detGeo == simGeo)
    // The ball–ball contact: the 5 cm tolerance (vs the simulator's 1 cm) sees it up to
    // two steps earlier at a closing speed of about 3 m/s (5 cm per step).
    let simContact = try #require(truth.first(.contact("a", "c")))
    let detContact = try #require(EventPattern.contact("a", "c").firstMatch(in: detected))
    #expect(detContact.step <= simContact.step && simContact.step - detContact.step <= 2, "sim \(simContact.step) detected \(detContact.step)")
    #expect(detected.contains { $0.kind == .contactBegin && $0.involves("ground") })
}

@Test func untrainedModelsAndBadStepsAreErrors() throws {
    #expect(throws: ModelError.self) { try ModelRollout.run(PhysicsModel(), scene: twoBallScene(), steps: -1) }
}

extension EventPattern {
    func firstMatch(in events: [PhysicsEvent]) -> PhysicsEvent? { events.first(where: matches) }
}

@Test func editingThePhysicsModelMidRolloutEqualsTheSimulatorsIntervention() throws {
    let scene = twoBallScene()
    var run = try ModelRun(PhysicsModel(), scene: scene, steps: 90, seed: 1)
    try run.advance(to: 30)
    let model = run.model
    try run.edit { try model.edit($0, body: "a", factor: "vx", to: 0) }
    try run.advance(to: 90)
    let edited = run.rollout()

    var sim = try Simulator(scene: scene, seed: 1)
    sim.advance(steps: 30)
    let a = try #require(sim.state["a"])
    try sim.set("a", .velocity(Vec2(0, a.velocity.y)))
    let after = sim.record(steps: 60)
    #expect(Array(edited.states[30...]) == after.states)
    #expect(edited.states.count == 91)
    // Without the edit the rollouts differ: a would have reached c.
    #expect(try ModelRollout.run(PhysicsModel(), scene: scene, steps: 90, seed: 1).final != edited.final)
}
