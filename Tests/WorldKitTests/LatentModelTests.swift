import Testing
@testable import WorldKit

@Suite struct LatentModelTests {
    /// Trains a latent model on one-ball rollouts (shared by the tests below).
    static func trained(dim: Int = 32) throws -> (LatentModel, [Rollout]) {
        let data = try ModelFixtures.rollouts(ModelFixtures.oneBall, n: 30, steps: 50, seed: 11)
        let model = try LatentModel(dim: dim)
        try model.train(on: data)
        return (model, data)
    }

    @Test func pcaRecoversAPlane() throws {
        // Points on a 2D plane in 5D: two components explain everything.
        var rng = RandomStream(seed: 3)
        var data: [Double] = []
        for _ in 0..<40 {
            let a = rng.uniform(-1, 1), b = rng.uniform(-1, 1)
            data += [a, b, a + b, a - b, 2 * a]
        }
        let pca = try PCA(fitting: data, count: 40, dimension: 5, dim: 2)
        #expect(pca.explainedVariance > 0.999999)
        let x = Array(data[0..<5])
        let back = pca.decode(pca.encode(x))
        for i in 0..<5 { #expect(abs(back[i] - x[i]) < 1e-9) }
        // Fewer samples than dimensions takes the Gram path and agrees.
        let few = try PCA(fitting: Array(data[0..<(3 * 5)]), count: 3, dimension: 5, dim: 2)
        let y = Array(data[5..<10])
        let back2 = few.decode(few.encode(y))
        for i in 0..<5 { #expect(abs(back2[i] - y[i]) < 1e-9) }
    }

    @Test func pcaRejectsBadShapes() {
        #expect(throws: ModelError.self) { try PCA(fitting: [1, 2, 3], count: 2, dimension: 2, dim: 1) }
        #expect(throws: ModelError.self) { try PCA(fitting: [1, 2, 3, 4], count: 2, dimension: 2, dim: 3) }
    }

    @Test func learnsBetterThanNothingMoves() throws {
        let (model, data) = try Self.trained()
        let report = try #require(model.report)
        // One-step latent prediction on held-out rollouts, against "nothing moves".
        #expect(report.heldOutStepError < 0.6 * report.heldOutStillError)
        #expect(report.explainedVariance > 0.9)
        // Probes: every R² is reported, at most 1; positions are read well.
        #expect(report.probeR2.map(\.key) == ["a.vx", "a.vy", "a.x", "a.y"])
        for p in report.probeR2 { #expect(p.r2 <= 1) }
        #expect(report.probeR2[2].r2 > 0.9)
        #expect(report.probeR2[3].r2 > 0.9)
        // Decoded positions from held-out frames follow the ball.
        let test = data[data.count - 1]
        var error = 0.0
        for t in 1..<test.states.count {
            let s = try model.start(scene: test.scene, context: [Observation(test.states[t - 1]), Observation(test.states[t])])
            error += (try model.decode(s)["a"]!.position - test.states[t]["a"]!.position).length
        }
        #expect(error / Double(test.states.count - 1) < 0.2)
    }

    @Test func frameErrorAgainstStillBaselines() throws {
        let (model, data) = try Self.trained()
        let scene = data[data.count - 1].scene
        let f = try model.frameError(scene: scene, steps: 6)
        #expect(f.perStep.count == 5)
        #expect(f.perStep.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(f.psnr == Metrics.psnr(mse: f.mse))
        #expect(f.stillMSE.isFinite && f.trueStillMSE.isFinite)
        #expect(throws: ModelError.self) { try model.frameError(scene: scene, steps: 1) }
    }

    @Test func stepsAndDecodesFrames() throws {
        let (model, data) = try Self.trained()
        let test = data[data.count - 1]
        var state = try model.start(scene: test.scene, context: [Observation(test.states[0]), Observation(test.states[1])])
        for _ in 0..<5 { state = try model.step(state) }
        #expect(state.step == 6)
        let frame = try model.decodeFrame(state)
        #expect(frame.count == model.frameWidth * model.frameHeight)
        let image = try model.image(ofFrame: frame)
        #expect(image.width == model.frameWidth)
        #expect(model.taxonomy.state == .explicit && model.taxonomy.memory == .latent)
    }

    @Test func modelFileRoundTrip() throws {
        let (model, data) = try Self.trained(dim: 8)
        let loaded = try #require(try ModelFile.decode(ModelFile.encode(model)) as? LatentModel)
        #expect(loaded.pca == model.pca && loaded.dynamics == model.dynamics && loaded.probes == model.probes)
        let scene = data[0].scene
        #expect(try ModelRollout.run(loaded, scene: scene, steps: 10) == ModelRollout.run(model, scene: scene, steps: 10))
        var record = try ModelFile.decodeRecord(ModelFile.encode(model))
        record.hyperparameters["frame_height"] = 7
        #expect(throws: ModelError.self) { try LatentModel(record: record) }
    }

    @Test func trainingIsDeterministic() throws {
        let (a, _) = try Self.trained(dim: 8)
        let (b, _) = try Self.trained(dim: 8)
        #expect(a.dynamics == b.dynamics)
        #expect(a.probes == b.probes)
        #expect(a.pca == b.pca)
    }

    @Test func untrainedAndMismatchedUseAreErrors() throws {
        let model = try LatentModel(dim: 4)
        let scene = ModelFixtures.box(bodies: [.ball("a", at: Vec2(0, 2), radius: 0.5)])
        let s0 = try Simulator(scene: scene).state
        #expect(throws: ModelError.self) { try model.start(scene: scene, context: [Observation(s0)]) }
        #expect(throws: ModelError.self) { try LatentModel(dim: 0) }
        #expect(throws: ModelError.self) { try model.train(on: []) }
    }
}

// MARK: - Training memory

@Suite struct LatentTrainingMemoryTests {
    /// 20 rollouts of 20,000 steps (400,020 states, a tenth of what a dataset may hold)
    /// sharing one replayed state list, so the test itself stays small.
    static func longRollouts() throws -> [Rollout] {
        var rng = RandomStream(seed: 3)
        let short = try Simulator.rollout(ModelFixtures.oneBall(&rng), steps: 50)
        let states = (0...20_000).map { k -> WorldState in
            var s = short.states[k % short.states.count]
            s.step = k
            return s
        }
        let long = Rollout(scene: short.scene, seed: 0, states: states, events: [], noise: NoiseRecord())
        return Array(repeating: long, count: 20)
    }

    @Test func aFitBeyondTheLimitIsRefusedWithItsEstimate() throws {
        // Width 128 on the 10×6 camera: 128×77 frames. The fit would hold the frames
        // several times over (tens of GiB); it is refused before anything large is allocated.
        let model = try LatentModel(dim: 16, frameWidth: 128)
        let rollouts = try Self.longRollouts()
        let estimate = try #require(try model.memoryEstimate(training: Array(rollouts[..<16]), heldOut: Array(rollouts[16...])))
        #expect(estimate.bytes == 83_986_514_688)  // 78.2 GiB, as docs/models.md quotes
        #expect(estimate.detail == "400020 frames of 128×77 pixels, dim 16")
        #expect(throws: ModelError("latent: training would need about \(MemoryEstimate.formatted(estimate.bytes)) (400020 frames of 128×77 pixels, dim 16), more than the memory limit of 4 GiB; use fewer or shorter rollouts or smaller frames")) {
            try model.train(on: rollouts)
        }
        #expect(!model.isTrained)
    }

    @Test func theTrainerTakesTheLimitFromItsOptions() throws {
        var rng = RandomStream(seed: 4)
        let data = try Dataset(scenes: (0..<6).map { _ in ModelFixtures.oneBall(&rng) }, steps: 30, seed: 4)
        let model = try LatentModel(dim: 4, hidden: 8)
        let estimate = try #require(try model.trainingMemoryEstimate(dataset: data))
        #expect(estimate.bytes > 1 << 20 && estimate.bytes < 64 << 20)
        let tight = TrainingOptions(epochs: 2, memoryLimit: estimate.bytes - 1)
        #expect(throws: ModelError.self) { try Trainer.train(model, on: data, options: tight) }
        #expect(!model.isTrained)
        // The default limit: the same training runs.
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 2))
        #expect(model.isTrained)
        #expect(TrainingOptions(memoryLimit: 0).validationMessage() == "memory limit must be at least 1 byte, got 0")
    }

    @Test func estimatesReadForPeople() {
        #expect(MemoryEstimate.formatted(512) == "512 bytes")
        #expect(MemoryEstimate.formatted(4 << 30) == "4 GiB")
        #expect(MemoryEstimate.formatted(3 << 29) == "1.5 GiB")
        #expect(MemoryEstimate.formatted(Int.max) == "8 EiB")
    }
}
