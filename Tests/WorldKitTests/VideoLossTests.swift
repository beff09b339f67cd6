import Testing
@testable import WorldKit

// What the video model's training loss sees (behaviour, not quality): the state
// targets that supervise the first latents, the loss settings in files and in
// `describe`, bad settings refused; and the latent model on the video model's RGB
// frames (`color`), so the two predict the same pixels.

@Suite struct VideoLossTests {
    static func data(_ n: Int = 5, steps: Int = 14) throws -> Dataset {
        try Dataset(scenes: BenchmarkScenes.training(n, seed: 11), steps: steps, seed: 11)
    }

    @Test func stateTargetsAreNormalisedBodyStatesByName() throws {
        let data = try Self.data(6)
        let (targets, count) = VideoTrainingSession.stateTargets(dataset: data, dim: 32)
        // Bodies a, b, c: three slots of x, y, vx, vy.
        #expect(count == 12)
        #expect(targets.count == data.count && targets[0].count == data.rollouts[0].states.count)
        // A scene without body c has no target for its slot; one with it has all four.
        for (r, rollout) in data.rollouts.enumerated() {
            let hasC = rollout.scene.bodies.contains { $0.name == "c" }
            #expect(targets[r][3][8..<12].allSatisfy { $0.isFinite } == hasC)
            #expect(targets[r][3][0..<8].allSatisfy { $0.isFinite })
        }
        // Normalised over the training rollouts: each factor has mean 0 and deviation 1.
        for f in 0..<4 {
            var values: [Double] = []
            for i in data.trainingIndices { for row in targets[i] { for k in 0..<3 where row[4 * k + f].isFinite { values.append(row[4 * k + f]) } } }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            #expect(abs(mean) < 1e-9 && abs(variance - 1) < 1e-6)
        }
        // The x target of body a follows its x position.
        let a0 = data.rollouts[0].states[0].bodies.first { $0.name == "a" }!.position.x
        let a5 = data.rollouts[0].states[5].bodies.first { $0.name == "a" }!.position.x
        #expect((targets[0][5][0] - targets[0][0][0]).sign == (a5 - a0).sign)
        // A latent too small for every body supervises the slots that fit.
        #expect(VideoTrainingSession.stateTargets(dataset: data, dim: 9).count == 8)
        #expect(VideoTrainingSession.stateTargets(dataset: data, dim: 3).count == 0)
    }

    @Test func lossSettingsTrainPersistAndDescribe() throws {
        let data = try Self.data()
        let model = try VideoModel(size: 32, channels: 4, dim: 12, window: 2, hidden: 16, horizon: 3,
                                   motionWeight: 10, stateWeight: 0.5)
        #expect(model.taxonomy.summary.contains("state supervision"))
        #expect(model.taxonomy.summary.contains("changing pixels weighted ×11"))
        let report = try Trainer.train(model, on: data, options: TrainingOptions(epochs: 2, learningRate: 3e-3, batchSize: 8, seed: 3))
        #expect(report.heldOutLoss.allSatisfy { $0.isFinite })
        let loaded = try #require(try ModelFile.decode(ModelFile.encode(model)) as? VideoModel)
        #expect(loaded.loss == model.loss && loaded.hyperparameters == model.hyperparameters)
        // A file without the settings (written before them) reads as the plain pixel loss.
        var record = try ModelFile.decodeRecord(ModelFile.encode(model))
        record.hyperparameters["motion_weight"] = nil
        record.hyperparameters["state_weight"] = nil
        #expect(try VideoModel(record: record).loss == VideoLoss())
        record.hyperparameters["state_weight"] = -1
        #expect(throws: ModelError.self) { try VideoModel(record: record) }
        let plain = try VideoModel(size: 32, motionWeight: 0, stateWeight: 0)
        #expect(!plain.taxonomy.summary.contains("supervision"))
        #expect(throws: ModelError.self) { try VideoModel(motionWeight: .nan) }
        #expect(throws: ModelError.self) { try VideoModel(stateWeight: 1e9) }
    }

    @Test func latentReadsTheVideoModelsRGBFrames() throws {
        let data = try Self.data(6)
        let model = try LatentModel(dim: 6, frameWidth: 32, hidden: 8, color: true)
        let scene = data.rollouts[0].scene, state = data.rollouts[0].states[3]
        let frame = try model.frame(scene: scene, state: state)
        let video = try VideoModel.frame(scene: scene, state: state, size: 32)
        #expect(frame.height == 32 && frame.pixels == video.map { Double($0) / 255 })
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, seed: 1))
        #expect(model.taxonomy.summary.contains("32×32 RGB"))
        let s = try model.start(scene: scene, context: data.rollouts[0].states.prefix(2).map(Observation.init))
        let decoded = try model.decodeFrame(s)
        #expect(decoded.count == 3 * 32 * 32)
        let image = try model.image(ofFrame: decoded)
        #expect(image.width == 32 && image.height == 32)
        let loaded = try #require(try ModelFile.decode(ModelFile.encode(model)) as? LatentModel)
        #expect(loaded.color && loaded.hyperparameters == model.hyperparameters)
        #expect(try loaded.decodeFrame(try loaded.start(scene: scene, context: data.rollouts[0].states.prefix(2).map(Observation.init))) == decoded)
        // Grey models stay grey.
        #expect(try LatentModel(dim: 6).frame(scene: scene, state: state).pixels.count < 3 * 32 * 32)
    }
}
