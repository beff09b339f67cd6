import Testing
@testable import WorldKit

// The object-slot and latent models on unusual scenes: boxes, static bodies, no
// ground, a moving camera, bodies hidden from the start or far off screen, an empty
// world. Nothing may trap; every rollout has one finite state per step.

private func wallScenes() -> [Scene] {
    unusualScenes { ball in
        Scene(name: "walls", bodies: [ball], walls: [WallSpec(name: "w", from: Vec2(3, 0), to: Vec2(3, 4))],
              bounds: Bounds(Vec2(-5, 0), Vec2(5, 6)))
    }
}

@Test func objectNetAndLatentRollEveryUnusualSceneWithoutTrouble() throws {
    let scenes = wallScenes()
    let data = try Dataset(scenes: scenes.filter { !$0.bodies.isEmpty } + scenes.filter { !$0.bodies.isEmpty },
                           steps: 30, seed: 9)
    let models: [any TrainableModel] = [try ObjectNetModel(hidden: 8), try LatentModel(dim: 6, hidden: 8)]
    for model in models {
        try train(model, data, epochs: 2, seed: 9)
        for scene in scenes {
            let r = try ModelRollout.run(model, scene: scene, steps: 60, seed: 3)
            #expect(r.states.count == 61, "\(model.kind) on \(scene.name)")
            #expect(r.states.allSatisfy { s in s.bodies.allSatisfy { $0.position.x.isFinite && $0.position.y.isFinite } })
            let truth = try Simulator.rollout(scene, steps: 60, seed: 3)
            #expect(Metrics.positionError(r, truth).mean.isFinite || scene.bodies.isEmpty)
            let state = try model.start(scene: scene, context: truth.states.prefix(model.contextLength).map(Observation.init))
            for f in model.factors(state).prefix(2) {
                let edited = try model.edit(state, body: f.body, factor: f.name, to: f.value + 1)
                #expect(model.factors(edited).first { $0.body == f.body && $0.name == f.name }?.value == f.value + 1)
            }
            #expect(throws: ModelError.self) { try model.edit(state, body: "nobody", factor: "x", to: 1) }
        }
    }
}

@Test func objectNetGivesNoSlotToABodyNeverObserved() throws {
    let scene = wallScenes()[1]
    let data = try Dataset(scenes: [scene, scene], steps: 30, seed: 2)
    let model = try ObjectNetModel(hidden: 8)
    try train(model, data, epochs: 2, seed: 2)
    let truth = try Simulator.rollout(scene, steps: 10)
    #expect(truth.states[0]["h"]?.visible == false)
    let r = try ModelRollout.run(model, scene: scene, steps: 10)
    // Never seen: the declaration is the ground truth, not an observation, so no slot.
    #expect(r.states.allSatisfy { $0["h"] == nil })
}
