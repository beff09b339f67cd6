import Testing
@testable import WorldKit

// Every model on unusual scenes: boxes, static bodies, no ground, a moving camera,
// bodies hidden from the start, an empty world. Nothing may trap; every rollout has
// one finite state per step.

private func oddScenes() -> [Scene] {
    unusualScenes { ball in Scene(name: "bounded", bodies: [ball], bounds: Bounds(Vec2(-5, 0), Vec2(5, 6))) }
}

@Test func everyModelRollsEveryOddSceneWithoutTrouble() throws {
    let data = try Dataset(scenes: familyScenes(12, seed: 9) + oddScenes().filter { !$0.bodies.isEmpty }, steps: 30, seed: 9)
    let models: [any WorldModel] = [PhysicsModel(), try WindowModel(k: 3, hidden: 8), try MemoryModel(k: 3, hidden: 8),
                                    try MemoryModel(k: 3, hidden: 8, mode: .compression(stride: 2, levels: 3)),
                                    try HybridModel(hidden: 8)]
    for model in models {
        if let t = model as? TrainableModel { try train(t, data, epochs: 2, seed: 9) }
        for scene in oddScenes() {
            let r = try ModelRollout.run(model, scene: scene, steps: 90, seed: 3)
            #expect(r.states.count == 91, "\(model.kind) on \(scene.name)")
            #expect(r.states.allSatisfy { s in s.bodies.allSatisfy { $0.position.x.isFinite && $0.position.y.isFinite } })
            let truth = try Simulator.rollout(scene, steps: 90, seed: 3)
            let e = Metrics.positionError(r, truth)
            #expect(e.mean.isFinite)
            // Factors and edits work on whatever the model tracks.
            let state = try model.start(scene: scene, context: truth.states.prefix(model.contextLength).map(Observation.init))
            for f in model.factors(state).prefix(2) {
                let edited = try model.edit(state, body: f.body, factor: f.name, to: f.value + 1)
                #expect(model.factors(edited).first { $0.body == f.body && $0.name == f.name }?.value == f.value + 1)
            }
            #expect(throws: ModelError.self) { try model.edit(state, body: "nobody", factor: "x", to: 1) }
        }
    }
}

@Test func aBodyHiddenFromTheStartIsUnknownToImplicitModels() throws {
    let data = try Dataset(scenes: familyScenes(12, seed: 9), steps: 30, seed: 9)
    let window = try WindowModel(k: 3, hidden: 8)
    try train(window, data, epochs: 2, seed: 9)
    let scene = oddScenes()[1]
    let r = try ModelRollout.run(window, scene: scene, steps: 10)
    // `h` starts behind the screen: never observed, so never tracked.
    #expect(r.states.allSatisfy { $0["h"] == nil })
    #expect(r.states.allSatisfy { $0["a"] != nil })
    // The explicit-state hybrid does not read it from the scene's declaration either: that
    // would be the ground truth leaking into the rollout.
    let hybrid = try HybridModel(hidden: 8)
    try train(hybrid, data, epochs: 2, seed: 9)
    let h = try ModelRollout.run(hybrid, scene: scene, steps: 10)
    #expect(h.states.allSatisfy { $0["h"] == nil })
    #expect(h.states.allSatisfy { $0["a"] != nil })
}

/// The window and memory models take their factors and edits from the shared window-tracker
/// rollout, not the empty defaults every model has.
@Test func windowTrackedModelsExposeFactorsAndEdits() throws {
    let scene = oddScenes()[0]
    let models: [any WorldModel] = [try WindowModel(k: 3, hidden: 8), try MemoryModel(k: 3, hidden: 8)]
    for model in models {
        let truth = try Simulator.rollout(scene, steps: 5, seed: 3)
        let state = try model.start(scene: scene, context: truth.states.prefix(model.contextLength).map(Observation.init))
        let factors = model.factors(state)
        #expect(!factors.isEmpty, "\(model.kind)")
        if let f = factors.first {
            let edited = try model.edit(state, body: f.body, factor: f.name, to: f.value + 1)
            #expect(model.factors(edited).first { $0.body == f.body && $0.name == f.name }?.value == f.value + 1)
        }
    }
}
