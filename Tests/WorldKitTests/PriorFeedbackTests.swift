import Testing
@testable import WorldKit

// Which models take a prior's correction in (project mode's feedback): each model, trained
// briefly on two-ball box scenes, is stepped to step 12; its decode is moved (a.x + 0.3,
// a.y + 0.2, a.v + (1, −1)) and assimilated; the model's new decode must land on it.
// All of them take it in exactly: physics through simulator interventions, window and memory
// by shifting and re-aiming their frame histories, hybrid and objectnet by setting their
// explicit state, latent through its linear probes (exact for the probed decode; whether the
// frames and later dynamics follow is the probes' R², see EditTests).

private func assimilationGap(_ model: any WorldModel, scene: Scene) throws -> (position: Double, velocity: Double) {
    var run = try ModelRun(model, scene: scene, steps: 30)
    try run.advance(to: 12)
    var target = try #require(run.states.last)
    let i = try #require(target.bodies.firstIndex { $0.name == "a" })
    target.bodies[i].position += Vec2(0.3, 0.2)
    target.bodies[i].velocity += Vec2(1, -1)
    let goal = target
    try run.edit { try model.assimilate($0, corrected: goal) }
    let got = try #require(run.states.last?["a"])
    return ((got.position - goal.bodies[i].position).length, (got.velocity - goal.bodies[i].velocity).length)
}

@Test func modelsTakeCorrectionsInThroughTheirFactors() throws {
    var rng = RandomStream(seed: 3)
    let scenes = (0..<24).map { _ in ModelFixtures.twoBalls(&rng) }
    let data = try Dataset(scenes: scenes, steps: 40, seed: 3)
    let probe = ModelFixtures.twoBalls(&rng)

    let window = try WindowModel(k: 4, hidden: 16)
    let memory = try MemoryModel(k: 4, hidden: 16, mode: .retrieval)
    let hybrid = try HybridModel(hidden: 16)
    let objectnet = try ObjectNetModel(hidden: 16)
    for m in [window, memory, hybrid, objectnet] as [any TrainableModel] { try train(m, data, epochs: 2, seed: 1) }
    for model in [PhysicsModel(), window, memory, hybrid, objectnet] as [any WorldModel] {
        let gap = try assimilationGap(model, scene: probe)
        #expect(gap.position < 1e-9 && gap.velocity < 1e-6, "\(model.kind): \(gap)")
    }

    let latent = try LatentModel(dim: 16)
    try train(latent, data, epochs: 2)
    let gap = try assimilationGap(latent, scene: probe)
    #expect(gap.position < 1e-6 && gap.velocity < 1e-6, "latent: \(gap)")
}
