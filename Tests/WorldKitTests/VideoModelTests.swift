import Testing
@testable import WorldKit

// The video model: trains end to end through the common trainer (tiny: 32×32 frames,
// a handful of scenes, one or two epochs — behaviour, not quality), is deterministic,
// saves and loads, decodes bodies by name, edits, and refuses bad input.

@Suite struct VideoModelTests {
    static func data(_ n: Int = 5, steps: Int = 14) throws -> Dataset {
        try Dataset(scenes: BenchmarkScenes.training(n, seed: 11), steps: steps, seed: 11)
    }

    static func small(memory: Int = 0) throws -> VideoModel {
        try VideoModel(size: 32, channels: 4, dim: 8, window: 2, memory: memory, hidden: 16, horizon: 3)
    }

    /// Bit-identical tensors (a probe R² is NaN when no held-out rollout had the body).
    static func same(_ a: [NamedTensor], _ b: [NamedTensor]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.name == y.name && x.value.shape == y.value.shape
                && zip(x.value.values, y.value.values).allSatisfy { $0.bitPattern == $1.bitPattern }
        }
    }

    @Test(arguments: [0, 4]) func trainsDeterministicallyAndLearns(memory: Int) throws {
        let data = try Self.data()
        let a = try Self.small(memory: memory), b = try Self.small(memory: memory)
        var progress: [Int] = []
        let options = TrainingOptions(epochs: 2, learningRate: 3e-3, batchSize: 8, seed: 4)
        let report = try Trainer.train(a, on: data, options: options) { progress.append($0.epoch) }
        try Trainer.train(b, on: data, options: options)
        #expect(progress == [1, 2])
        #expect(a.isTrained && Self.same(a.tensors(), b.tensors()))
        // The multi-step pixel loss falls below a fresh network's.
        let fresh = try a.makeTrainingSession(dataset: data, seed: 4)
        let untrained = try #require(try fresh.heldOutLoss())
        #expect(try #require(report.heldOutLoss.min()) < untrained)
        // Rollouts are deterministic and decode the scene's bodies by name.
        let scene = data.rollouts[data.count - 1].scene
        let r1 = try ModelRollout.run(a, scene: scene, steps: 6), r2 = try ModelRollout.run(b, scene: scene, steps: 6)
        #expect(r1.states == r2.states)
        #expect(r1.states.last?.bodies.map(\.name) == scene.bodies.map(\.name))
        #expect(a.taxonomy.memory == (memory > 0 ? .latent : .consolidation))
    }

    @Test func savesLoadsAndDecodesBodiesByIdentity() throws {
        let data = try Self.data(6)
        let model = try Self.small()
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, learningRate: 3e-3, batchSize: 8, seed: 1))
        let bytes = ModelFile.encode(model)
        let loaded = try #require(try ModelFile.decode(bytes) as? VideoModel)
        #expect(Self.same(loaded.tensors(), model.tensors()) && loaded.hyperparameters == model.hyperparameters)
        // The family has two or three balls a, b, c: every name gets a probe, so a
        // three-ball scene decodes three bodies and a renamed body is not decoded.
        #expect(Set(model.probes.map(\.body)) == ["a", "b", "c"])
        var scene = BenchmarkScenes.training(40, seed: 5).first { $0.bodies.count == 3 }!
        let r = try ModelRollout.run(loaded, scene: scene, steps: 4)
        #expect(r.states.last?.bodies.count == 3)
        #expect(try ModelRollout.run(model, scene: scene, steps: 4).states == r.states)
        scene.bodies[2].name = "z"
        #expect(try ModelRollout.run(loaded, scene: scene, steps: 4).states.last?.bodies.map(\.name) == ["a", "b"])
        // A damaged file is an error naming the tensor.
        var record = try ModelFile.decodeRecord(bytes)
        let i = try #require(record.tensors.firstIndex { $0.name == "up1.w" })
        record.tensors[i].value = Matrix(rows: 1, cols: 1)
        #expect(throws: ModelError.self) { try VideoModel(record: record) }
        record.hyperparameters["format"] = 2
        #expect(throws: ModelError.self) { try VideoModel(record: record) }
    }

    @Test func factorsEditsAndFrames() throws {
        let data = try Self.data(6)
        let model = try Self.small()
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, learningRate: 3e-3, batchSize: 8, seed: 2))
        let scene = data.rollouts[0].scene
        let context = data.rollouts[0].states.prefix(2).map(Observation.init)
        let state = try model.start(scene: scene, context: Array(context))
        let factors = model.factors(state)
        let ax = try #require(factors.first { $0.body == "a" && $0.name == "x" })
        #expect(factors.filter { $0.body == nil }.count == 8)
        let edited = try model.edit(state, body: "a", factor: "x", to: ax.value + 1)
        let after = model.factors(edited)
        #expect(abs(try #require(after.first { $0.body == "a" && $0.name == "x" }).value - (ax.value + 1)) < 1e-6)
        #expect(abs(try #require(after.first { $0.body == "a" && $0.name == "y" }).value
                    - (try #require(factors.first { $0.body == "a" && $0.name == "y" }).value)) < 1e-6)
        #expect(throws: ModelError.self) { try model.edit(state, body: "nobody", factor: "x", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(state, body: "a", factor: "spin", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(state, body: nil, factor: "z99", to: 1) }
        let image = try model.decodeFrame(state)
        #expect(image.width == 32 && image.height == 32)
        let error = try model.frameError(scene: scene, context: 2, steps: 3)
        #expect(error.modelMSE.count == 3 && error.repeatMSE.count == 3 && error.modelMSE.allSatisfy(\.isFinite))
    }

    @Test func badInputIsAnError() throws {
        #expect(throws: ModelError.self) { try VideoModel(size: 36) }
        #expect(throws: ModelError.self) { try VideoModel(size: 256) }
        #expect(throws: ModelError.self) { try VideoModel(window: 0) }
        #expect(throws: ModelError.self) { try VideoModel(memory: -1) }
        let model = try Self.small()
        let scene = BenchmarkScenes.training(1, seed: 1)[0]
        let obs = Observation(try Simulator.rollout(scene, steps: 1, seed: 0).states[0])
        #expect(throws: ModelError.self) { try model.start(scene: scene, context: [obs]) }   // untrained
        let data = try Self.data(3, steps: 14)
        #expect(throws: ModelError.self) {
            try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, memoryLimit: 1 << 20))
        }
        let short = try Dataset(scenes: BenchmarkScenes.training(3, seed: 1), steps: 2, seed: 1)
        #expect(throws: ModelError.self) { try Trainer.train(model, on: short, options: TrainingOptions(epochs: 1)) }
    }
}
