import Testing
@testable import WorldKit

// The keypoint video model (`video(keypoints:)`): tiny (32×32 frames, a handful of
// scenes, one or two epochs) — behaviour, not quality: keypoints inside the frame, the
// spatial soft-argmax gradient, the renderer's transport, deterministic training, file
// round trip, edits, and bad input refused.

@Suite struct KeypointVideoModelTests {
    static func data(_ n: Int = 5, steps: Int = 14) throws -> Dataset {
        try Dataset(scenes: BenchmarkScenes.training(n, seed: 11), steps: steps, seed: 11)
    }

    static func small() throws -> KeypointVideoModel {
        try KeypointVideoModel(size: 32, keypoints: 3, channels: 4, window: 3, hidden: 16)
    }

    @Test func softArgmaxGradientMatchesFiniteDifferences() throws {
        var random = RandomStream(seed: 3)
        let a = KeypointArchitecture(size: 8, keypoints: 2, channels: 2, window: 2, hidden: 4, reach: 1)
        let net = try KeypointNetwork(architecture: a, random: &random)
        var frames = Matrix(rows: 3, cols: 2 * 64)
        for i in 0..<frames.values.count { frames.values[i] = random.uniform(0, 1) }
        // L = Σ c·kp with fixed coefficients.
        let coefficients = (0..<8).map { Double($0 % 3) - 0.7 }
        func loss(_ n: KeypointNetwork) -> Double {
            let kp = n.encode(frames, images: 2).keypoints
            return (0..<8).reduce(0) { $0 + coefficients[$1] * kp.values[$1] }
        }
        let trace = net.encode(frames, images: 2)
        let grads = net.encoderBackward(Matrix(rows: 2, cols: 4, unchecked: coefficients), trace: trace, images: 2)
        for (tensor, (i, j)) in [(0, (0, 5)), (2, (1, 7)), (3, (0, 1))] {
            let h = 1e-6
            var plus = net, minus = net
            var p = net.parameters, m = net.parameters
            p[tensor][i, j] += h
            m[tensor][i, j] -= h
            plus.parameters = p
            minus.parameters = m
            let numeric = (loss(plus) - loss(minus)) / (2 * h)
            #expect(abs(numeric - grads[tensor][i, j]) <= 1e-5 * max(1, abs(numeric)))
        }
    }

    @Test func rendererTransportsPixelsAlongTheKeypoint() {
        // A 16×16 grey frame with one white pixel at (4, 4); move its keypoint 3 pixels right.
        let s = 16, plane = s * s
        var frame = [Double](repeating: 0.2, count: 3 * plane)
        for ch in 0..<3 { frame[ch * plane + 4 * s + 4] = 1 }
        let out = KeypointRenderer.render(last: frame, size: s, from: [[4.5, 4.5]], to: [[7.5, 4.5]], reach: 2)
        #expect(out[4 * s + 7] == 1)
        #expect(out[4 * s + 4] == 0.2)
        // Nothing moves: the last frame exactly; far pixels are never touched.
        #expect(KeypointRenderer.render(last: frame, size: s, from: [[4.5, 4.5]], to: [[4.5, 4.5]], reach: 2) == frame)
        #expect(out[15 * s + 15] == 0.2)
        // Absurd keypoints do not trap.
        _ = KeypointRenderer.render(last: frame, size: s, from: [[4.5, 4.5]], to: [[.nan, 1e300]], reach: 2)
    }

    @Test func trainsDeterministicallyWithKeypointsInTheFrame() throws {
        let data = try Self.data()
        let a = try Self.small(), b = try Self.small()
        var progress: [Int] = []
        let options = TrainingOptions(epochs: 2, learningRate: 3e-3, batchSize: 8, seed: 4)
        let report = try Trainer.train(a, on: data, options: options) { progress.append($0.epoch) }
        try Trainer.train(b, on: data, options: options)
        #expect(progress == [1, 2])
        #expect(a.isTrained && VideoModelTests.same(a.tensors(), b.tensors()))
        #expect(a.slots == ["a", "b", "c"])
        let fresh = try a.makeTrainingSession(dataset: data, seed: 4)
        #expect(try #require(report.heldOutLoss.min()) < (try #require(try fresh.heldOutLoss())))
        // Rollouts: deterministic, keypoints stay inside the frame, bodies decoded by name.
        let scene = data.rollouts[data.count - 1].scene
        let r1 = try ModelRollout.run(a, scene: scene, steps: 6), r2 = try ModelRollout.run(b, scene: scene, steps: 6)
        #expect(r1.states == r2.states)
        #expect(r1.states.last?.bodies.map(\.name) == scene.bodies.map(\.name))
        let context = data.rollouts[0].states.prefix(3).map(Observation.init)
        var state = try a.start(scene: data.rollouts[0].scene, context: Array(context))
        for _ in 0..<5 { state = try a.step(state) }
        let s = try a.own(state)
        #expect(s.history.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 <= 32 } })
        let frame = try a.decodeFrame(state)
        #expect(frame.width == 32 && frame.height == 32)
        #expect(a.taxonomy.summary.contains("state supervision"))
        let e = try a.frameError(scene: scene, context: 3, steps: 4)
        #expect(e.modelMSE.count == 4 && e.modelMSE.allSatisfy(\.isFinite))
    }

    @Test func savesLoadsEditsAndRefusesBadInput() throws {
        let data = try Self.data(6)
        let model = try Self.small()
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, learningRate: 3e-3, batchSize: 8, seed: 1))
        let bytes = ModelFile.encode(model)
        let loaded = try #require(try ModelFile.decode(bytes) as? KeypointVideoModel)
        #expect(VideoModelTests.same(loaded.tensors(), model.tensors()) && loaded.hyperparameters == model.hyperparameters)
        #expect(loaded.slots == model.slots)
        let scene = data.rollouts[0].scene
        #expect(try ModelRollout.run(loaded, scene: scene, steps: 4).states == ModelRollout.run(model, scene: scene, steps: 4).states)
        // A damaged file and another layout version are errors.
        var record = try ModelFile.decodeRecord(bytes)
        let i = try #require(record.tensors.firstIndex { $0.name == "conv1.w" })
        record.tensors[i].value = Matrix(rows: 1, cols: 1)
        #expect(throws: ModelError.self) { try KeypointVideoModel(record: record) }
        record = try ModelFile.decodeRecord(bytes)
        record.hyperparameters["format"] = 1
        #expect(throws: ModelError.self) { try KeypointVideoModel(record: record) }
        // Edits: a body's x moves by the asked amount (the probe is linear).
        let state = try model.start(scene: scene, context: data.rollouts[0].states.prefix(3).map(Observation.init))
        let ax = try #require(model.factors(state).first { $0.body == "a" && $0.name == "x" })
        let edited = try model.edit(state, body: "a", factor: "x", to: ax.value + 1)
        let after = try #require(model.factors(edited).first { $0.body == "a" && $0.name == "x" })
        #expect(abs(after.value - (ax.value + 1)) < 1e-6)
        let moved = try model.edit(state, body: nil, factor: "k0u", to: 10)
        let before = try model.own(state).history, after0 = try model.own(moved).history
        #expect(abs(after0[after0.count - 1][0] - 10) < 1e-9)
        #expect(zip(before, after0).allSatisfy { abs(($1[0] - $0[0]) - (after0[after0.count - 1][0] - before[before.count - 1][0])) < 1e-9 })
        #expect(throws: ModelError.self) { try model.edit(state, body: "a", factor: "mass", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(state, body: nil, factor: "k9u", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(state, body: "a", factor: "x", to: .nan) }
        // Bad hyperparameters.
        #expect(throws: ModelError.self) { try KeypointVideoModel(size: 36) }
        #expect(throws: ModelError.self) { try KeypointVideoModel(keypoints: 0) }
        #expect(throws: ModelError.self) { try KeypointVideoModel(window: 1) }
        #expect(throws: ModelError.self) { try KeypointVideoModel(reach: .infinity) }
        // Untrained: a clear error.
        #expect(throws: ModelError.self) { try Self.small().start(scene: scene, context: Array(data.rollouts[0].states.prefix(3).map(Observation.init))) }
    }
}
