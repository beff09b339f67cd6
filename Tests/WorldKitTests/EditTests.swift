import Testing
@testable import WorldKit

@Suite struct EditTests {
    /// A latent model trained through the common trainer on one-ball scenes.
    static let latent: Result<(LatentModel, Dataset), Error> = Result {
        var rng = RandomStream(seed: 21)
        let data = try Dataset(scenes: (0..<30).map { _ in ModelFixtures.oneBall(&rng) }, steps: 50, seed: 4)
        let model = try LatentModel(dim: 32)
        try train(model, data, epochs: 3)
        return (model, data)
    }

    /// Darkness-weighted centre of a grey frame, in pixels (the ball is darker than the background).
    static func centroid(_ frame: [Double], width: Int, background: [Double]) -> Double {
        var sum = 0.0, weight = 0.0
        for (i, v) in frame.enumerated() {
            let w = max(0, background[i] - v)
            sum += w * Double(i % width)
            weight += w
        }
        return weight > 0 ? sum / weight : .nan
    }

    @Test func trainerFitsTheLatentModelAndReportsProbes() throws {
        let (model, data) = try Self.latent.get()
        #expect(model.isTrained)
        let report = try #require(model.trainingReport)
        #expect(report.epochsRun >= 1)
        #expect(model.correction != nil)
        // The model file keeps the learned correction: a loaded model rolls out identically.
        let loaded = try #require(try ModelFile.decode(ModelFile.encode(model)) as? LatentModel)
        let scene = data.rollouts[0].scene
        #expect(try ModelRollout.run(loaded, scene: scene, steps: 12) == ModelRollout.run(model, scene: scene, steps: 12))
        let probes = model.probeDirections(names: ["a"])
        #expect(probes.map(\.factor) == LatentModel.probedFactors)
        for p in probes {
            #expect(p.r2 <= 1)
            #expect(p.weights.count == 2 * model.dim)
        }
        #expect(probes[0].r2 > 0.9 && probes[1].r2 > 0.9)
    }

    @Test func probeEditMovesTheDecodedBodyAndTheFrame() throws {
        let (model, data) = try Self.latent.get()
        let truth = data.rollouts[data.heldOutIndices.lowerBound]
        let start = try model.start(scene: truth.scene, context: [Observation(truth.states[9]), Observation(truth.states[10])])
        let before = try model.decode(start)["a"]!
        let target = before.position.x + (before.position.x < 0 ? 1.5 : -1.5)
        let edited = try model.edit(start, body: "a", factor: "x", to: target)
        let after = try model.decode(edited)["a"]!
        // The edited probe reads the new value; the others hold still.
        #expect(abs(after.position.x - target) < 1e-6)
        #expect(abs(after.position.y - before.position.y) < 1e-6)
        #expect(abs(after.velocity.x - before.velocity.x) < 1e-6)
        // The decoded frame's dark blob moves the same way.
        let background = try #require(model.pca).mean
        let c0 = Self.centroid(try model.decodeFrame(start), width: model.frameWidth, background: background)
        let c1 = Self.centroid(try model.decodeFrame(edited), width: model.frameWidth, background: background)
        #expect((c1 - c0) * (target - before.position.x) > 0)
        // Factors list the probe factors with their R², and raw latents.
        let factors = model.factors(edited)
        #expect(factors.contains { $0.body == "a" && $0.name == "x" && $0.probeR2 != nil })
        #expect(factors.contains { $0.body == nil && $0.name == "z0" })
        let z = try model.edit(start, body: nil, factor: "z0", to: 0.5)
        #expect(model.factors(z).first { $0.name == "z0" }?.value == 0.5)
        #expect(throws: ModelError.self) { try model.edit(start, body: "a", factor: "spin", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(start, body: nil, factor: "z99", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(start, body: "nobody", factor: "x", to: 1) }
    }

    @Test func editFidelityComparesWithTheSimulatorsIntervention() throws {
        let (model, data) = try Self.latent.get()
        let scene = data.rollouts[data.heldOutIndices.lowerBound].scene
        let x = try Simulator.rollout(scene, steps: 10).states[10]["a"]!.position.x
        let change = FactorEdit(body: "a", factor: "x", value: x < 0 ? x + 1 : x - 1)
        let f = try LatentEditing.fidelity(model, scene: scene, at: 10, change, steps: 5)
        #expect(f.errorPerStep.count == 6)
        #expect(f.errorPerStep.allSatisfy { $0.isFinite })
        #expect(abs(f.trueShift - 1) < 1e-9)
        // The probe edit moves the decoded body by the asked amount (up to the probe's own error).
        #expect(abs(f.modelShift - 1) < 0.05)
        // The edited rollout follows the intervened truth better than ignoring the edit would.
        #expect(f.meanError < f.uneditedMeanError)
        #expect(throws: ModelError.self) { try LatentEditing.fidelity(model, scene: scene, at: 10, FactorEdit(body: "zz", factor: "x", value: 0), steps: 5) }
        #expect(throws: ModelError.self) { try LatentEditing.fidelity(model, scene: scene, at: 10, change, steps: 0) }
    }
}
