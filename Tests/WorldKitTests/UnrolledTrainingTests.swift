import Testing
@testable import WorldKit

// Training that selects for rollouts: unrolled examples, the kept weights chosen on the
// held-out rollout error, priors in the multi-step loss, and models that read nothing
// of the scene's declared state beyond their observations.

/// Penalises bodies above `ceiling`: (y − ceiling)² each, differentiable in y.
private struct CeilingPrior: DifferentiablePrior {
    var ceiling: Double
    var name: String { "ceiling" }
    func check(previous: WorldState?, state: WorldState, context: PriorContext) throws -> [Violation] { [] }
    func correct(previous: WorldState?, state: WorldState, context: PriorContext) throws -> WorldState? { nil }
    func penalty(previous: WorldState?, state: WorldState, context: PriorContext) throws -> PriorPenalty {
        var p = PriorPenalty.zero(bodies: state.bodies.count)
        for (i, b) in state.bodies.enumerated() where !b.isStatic && b.position.y > ceiling {
            let over = b.position.y - ceiling
            p.value += over * over
            p.positionGradient[i] = Vec2(0, 2 * over)
        }
        return p
    }
}

/// Mean predicted height of the moving bodies over held-out scenes' rollouts.
private func meanHeight(_ model: any WorldModel, scenes: [Scene], steps: Int) throws -> Double {
    var sum = 0.0, n = 0
    for scene in scenes {
        let r = try ModelRollout.run(model, scene: scene, steps: steps)
        for s in r.states.dropFirst(model.contextLength) {
            for b in s.bodies where !b.isStatic {
                sum += b.position.y
                n += 1
            }
        }
    }
    return sum / Double(max(1, n))
}

@Test func aPriorInTheMultiStepLossPullsPredictionsOutOfWhatItPenalises() throws {
    let data = try Dataset(scenes: familyScenes(16, seed: 5), steps: 40, seed: 5)
    let held = familyScenes(6, seed: 77)
    let ceiling = CeilingPrior(ceiling: 0.8)
    let makers: [() throws -> any TrainableModel] = [{ try WindowModel(k: 3, hidden: 16) }, { try HybridModel(hidden: 16) },
                                                     { try ObjectNetModel(hidden: 16) }]
    for make in makers {
        let plain = try make(), guided = try make()
        let options = TrainingOptions(epochs: 4, learningRate: 3e-3, seed: 1, unroll: 4)
        try Trainer.train(plain, on: data, options: options)
        try Trainer.train(guided, on: data, options: options, priors: TrainingPriors(priors: [ceiling], weight: 50))
        let a = try meanHeight(plain, scenes: held, steps: 40), b = try meanHeight(guided, scenes: held, steps: 40)
        if plain is HybridModel {
            // The hybrid's network acts only near contacts (free flight is exact physics), so
            // the ceiling can only change what it does there: its predictions change.
            #expect(a != b, "hybrid: the prior changed nothing")
        } else {
            #expect(b < a - 0.05, "\(plain.kind): with the ceiling prior \(b) m, without \(a) m")
        }
    }
}

@Test func aModelThatCannotUsePriorsSaysSo() throws {
    let data = try Dataset(scenes: familyScenes(4, seed: 5), steps: 12, seed: 5)
    let model = try LatentModel(dim: 4, hidden: 8)
    var message = ""
    do {
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1), priors: TrainingPriors(priors: [CeilingPrior(ceiling: 1)], weight: 1))
    } catch {
        message = "\(error)"
    }
    #expect(message.contains("cannot train with priors"))
    #expect(throws: ModelError.self) {
        try Trainer.train(try WindowModel(k: 3, hidden: 4), on: data, options: TrainingOptions(epochs: 1),
                          priors: TrainingPriors(priors: [], weight: -1))
    }
    for bad in [TrainingOptions(unroll: 0), TrainingOptions(unroll: 100_000), TrainingOptions(noise: -1), TrainingOptions(noise: .nan)] {
        #expect(throws: ModelError.self) { try Trainer.train(try WindowModel(k: 3, hidden: 4), on: data, options: bad) }
    }
}

@Test func theKeptWeightsAreTheBestHeldOutRollout() throws {
    let data = try Dataset(scenes: familyScenes(15, seed: 3), steps: 40, seed: 3)
    for model in [try WindowModel(k: 3, hidden: 16) as any TrainableModel, try HybridModel(hidden: 16), try ObjectNetModel(hidden: 16)] {
        var seen: [TrainingProgress] = []
        let report = try Trainer.train(model, on: data, options: TrainingOptions(epochs: 6, learningRate: 3e-3, seed: 2)) { seen.append($0) }
        #expect(report.heldOutRolloutError.count == report.epochsRun, "\(model.kind)")
        #expect(report.heldOutLoss.count == report.epochsRun)
        #expect(report.rolloutHorizon == RolloutScoring.trainingHorizon)
        #expect(report.unroll > 1)
        let best = try #require(report.heldOutRolloutError.min())
        #expect(report.keptRolloutError == best)
        #expect(seen.last?.bestHeldOutRolloutError == best)
        #expect(seen.allSatisfy { $0.heldOutRolloutError != nil })
        // The report survives a model file, rollout curve included.
        let restored = try ModelFile.decode(ModelFile.encode(try #require(model as? any PersistentModel)))
        #expect((restored as? any TrainableModel)?.trainingReport == report)
    }
}

/// The same observations under a scene whose declared positions and velocities lie.
private func lyingScene(_ scene: Scene) -> Scene {
    var s = scene
    for i in 0..<s.bodies.count {
        s.bodies[i].position = s.bodies[i].position + Vec2(3.5, 2.25)
        s.bodies[i].velocity = Vec2(-7, 5)
        s.bodies[i].spin = 4
    }
    return s
}

@Test func noModelReadsTheScenesDeclaredStateBeyondItsObservations() throws {
    let data = try Dataset(scenes: familyScenes(12, seed: 4), steps: 30, seed: 4)
    let models: [any TrainableModel] = [try WindowModel(k: 3, hidden: 8), try MemoryModel(k: 3, hidden: 8),
                                        try HybridModel(hidden: 8), try ObjectNetModel(hidden: 8)]
    // A scene where `h` starts behind the screen (never observed in the context) and one where all are seen.
    let hidden = unusualScenes { ball in Scene(name: "bounded", bodies: [ball], bounds: Bounds(Vec2(-5, 0), Vec2(5, 6))) }[1]
    for model in models {
        try train(model, data, epochs: 1, seed: 4)
        for scene in [familyScenes(1, seed: 99)[0], hidden] {
            let truth = try Simulator.rollout(scene, steps: 30)
            // Observations as a camera makes them: bodies out of view are absent.
            let context = Array(truth.states.prefix(max(2, model.contextLength))).map(Observation.init)
            var honest = try model.start(scene: scene, context: context)
            var lied = try model.start(scene: lyingScene(scene), context: context)
            for _ in 0..<20 {
                #expect(try model.decode(honest) == model.decode(lied), "\(model.kind) on \(scene.name)")
                honest = try model.step(honest)
                lied = try model.step(lied)
            }
        }
    }
}
