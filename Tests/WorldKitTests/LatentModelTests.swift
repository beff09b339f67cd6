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
