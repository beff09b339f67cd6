import Testing
@testable import WorldKit

// The latent model finds bodies by name (issue 13): trained on scenes of two and three
// balls, it decodes all three of a three-ball scene (index-based probes stopped at the
// smallest body count, two), skips a body whose name it never saw, and its model file
// keeps the names.

@Suite struct LatentIdentityTests {
    @Test func decodesEveryBodyByNameAndKeepsTheNamesInFiles() throws {
        let scenes = BenchmarkScenes.training(12, seed: 21)
        #expect(Set(scenes.map(\.bodies.count)) == [2, 3])
        let data = try Dataset(scenes: scenes, steps: 30, seed: 21)
        let model = try LatentModel(dim: 12, frameWidth: 32, hidden: 8)
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, seed: 1))
        #expect(model.probeNames == ["a", "b", "c"])
        var three = try #require(BenchmarkScenes.training(40, seed: 5).first { $0.bodies.count == 3 })
        let r = try ModelRollout.run(model, scene: three, steps: 5)
        #expect(r.states.last?.bodies.map(\.name) == ["a", "b", "c"])
        #expect(r.states.last?.bodies.allSatisfy { $0.position.x.isFinite && $0.position.y.isFinite } == true)
        let loaded = try #require(try ModelFile.decode(ModelFile.encode(model)) as? LatentModel)
        #expect(loaded.probeNames == model.probeNames)
        #expect(try ModelRollout.run(loaded, scene: three, steps: 5).states == r.states)
        three.bodies[1].name = "q"
        #expect(try ModelRollout.run(model, scene: three, steps: 5).states.last?.bodies.map(\.name) == ["a", "c"])
        // A damaged name block is an error, not a trap.
        var record = try ModelFile.decodeRecord(ModelFile.encode(model))
        let i = try #require(record.tensors.firstIndex { $0.name == "probe_name.c" })
        record.tensors[i].value = Matrix(rows: 1, cols: 1, repeating: 9)
        #expect(throws: ModelError.self) { try LatentModel(record: record) }
    }
}
