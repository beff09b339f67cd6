import Testing
@testable import WorldKit

// The training loop: progress, early stopping with the best weights kept, option checks.

@Test func trainerReportsProgressStopsEarlyAndKeepsTheBestWeights() throws {
    let data = try Dataset(scenes: familyScenes(15, seed: 3), steps: 30, seed: 3)
    let model = try WindowModel(k: 3, hidden: 16)
    var seen: [TrainingProgress] = []
    // A large learning rate and patience 1 make the held-out loss stall quickly.
    let options = TrainingOptions(epochs: 200, learningRate: 0.05, batchSize: 32, patience: 1, seed: 2)
    let report = try Trainer.train(model, on: data, options: options) { seen.append($0) }
    #expect(report.stoppedEarly)
    #expect(report.epochsRun < 200)
    #expect(seen.map(\.epoch) == Array(1...report.epochsRun))
    #expect(seen.last?.fraction == Double(report.epochsRun) / 200)
    // The kept epoch is the best held-out rollout (not the best one-step loss).
    let best = try #require(report.heldOutRolloutError.min())
    #expect(report.heldOutRolloutError[report.bestEpoch - 1] == best)
    // The installed weights are the best epoch's: re-measuring the held-out loss gives it back.
    let session = try model.makeTrainingSession(dataset: data, seed: 2)
    let fresh = try #require(try session.heldOutLoss())
    #expect(fresh != best)   // a fresh session starts from new random weights
    #expect(model.isTrained && model.trainingReport == report)
}

@Test func badTrainingOptionsAndUselessDatasetsAreErrors() throws {
    let data = try Dataset(scenes: familyScenes(3, seed: 3), steps: 10, seed: 3)
    for bad in [TrainingOptions(epochs: 0), TrainingOptions(learningRate: -1), TrainingOptions(learningRate: .nan),
                TrainingOptions(batchSize: 0), TrainingOptions(patience: 0), TrainingOptions(gradientClip: 0)] {
        #expect(throws: ModelError.self) { try Trainer.train(try WindowModel(k: 3, hidden: 4), on: data, options: bad) }
    }
    // Rollouts shorter than the window give no examples.
    let short = try Dataset(scenes: familyScenes(3, seed: 3), steps: 3, seed: 3)
    #expect(throws: ModelError.self) { try train(try WindowModel(k: 8, hidden: 4), short, epochs: 1) }
    // A learning rate that blows up is reported, not trained on.
    let model = try WindowModel(k: 3, hidden: 8)
    var message = ""
    do {
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 30, learningRate: 1e300, gradientClip: nil))
    } catch {
        message = "\(error)"
    }
    #expect(message.contains("diverged"))
    #expect(!model.isTrained)
}
