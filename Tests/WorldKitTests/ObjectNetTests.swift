import Testing
@testable import WorldKit

@Suite struct ObjectNetTests {
    static func dataset(n: Int = 30, steps: Int = 60, seed: UInt64 = 5) throws -> Dataset {
        var rng = RandomStream(seed: seed)
        return try Dataset(scenes: (0..<n).map { _ in ModelFixtures.twoBalls(&rng) }, steps: steps, seed: seed)
    }

    static func trained(epochs: Int = 40, n: Int = 40, seed: UInt64 = 1) throws -> (ObjectNetModel, Dataset, TrainingReport) {
        let data = try dataset(n: n)
        let model = try ObjectNetModel(hidden: 32)
        let options = TrainingOptions(epochs: epochs, learningRate: 3e-3, batchSize: 32, patience: 10, seed: seed)
        let report = try Trainer.train(model, on: data, options: options)
        return (model, data, report)
    }

    /// One model trained once and shared by the tests that only use it.
    static let shared: Result<(ObjectNetModel, Dataset, TrainingReport), Error> = Result { try trained() }

    /// Mean position error of a model rollout against the truth, over the bodies and steps.
    static func rolloutError(_ model: any WorldModel, _ truth: Rollout) throws -> Double {
        let r = try ModelRollout.run(model, scene: truth.scene, steps: truth.states.count - 1, seed: truth.seed)
        var total = 0.0, n = 0
        for t in 2..<truth.states.count {
            for b in truth.states[t].bodies {
                guard let p = r.states[t][b.name]?.position else { continue }
                total += (p - b.position).length
                n += 1
            }
        }
        return total / Double(max(1, n))
    }

    @Test func learnsHeldOutDynamicsFarBetterThanNothingMoves() throws {
        let (model, data, report) = try Self.shared.get()
        #expect(model.isTrained)
        #expect(report.heldOutLoss.count == report.epochsRun)
        #expect(report.heldOutLoss.last! < report.heldOutLoss.first!)
        var modelError = 0.0, stillError = 0.0
        for i in data.heldOutIndices {
            let truth = data.rollouts[i]
            modelError += try Self.rolloutError(model, truth)
            // "Nothing moves": every body stays where it was last seen (step 1).
            var still = 0.0, n = 0
            for t in 2..<truth.states.count {
                for b in truth.states[t].bodies {
                    still += (truth.states[1][b.name]!.position - b.position).length
                    n += 1
                }
            }
            stillError += still / Double(n)
        }
        #expect(modelError < 0.3 * stillError)
    }

    @Test func keepsAnOccludedBallsSlotAndFollowsIt() throws {
        let (model, _, _) = try Self.shared.get()
        // A scene of the training family with a screen in the middle: the first seeded
        // scene where ball a spends 10+ steps fully hidden and the balls never meet (a
        // collision unseen is a question of dynamics, not of persistence).
        var rng = RandomStream(seed: 77)
        var scene = ModelFixtures.twoBalls(&rng), truth = try Simulator.rollout(scene, steps: 70)
        var hidden: [Int] = [], apart = false
        for _ in 0..<50 {
            scene = ModelFixtures.twoBalls(&rng)
            scene.occluders = [Occluder(name: "screen", center: Vec2(0, 2.75), size: Vec2(3, 6))]
            truth = try Simulator.rollout(scene, steps: 70)
            hidden = truth.states.indices.filter { $0 > 1 && !truth.states[$0]["a"]!.visible }
            apart = truth.states.allSatisfy { ($0["a"]!.position - $0["b"]!.position).length > 1.5 }
            if hidden.count >= 10 && apart { break }
        }
        try #require(hidden.count >= 10 && apart)
        // Start from the last two sightings before the ball disappears, then roll through.
        let h0 = hidden[0]
        var state = try model.start(scene: scene, context: [Observation(truth.states[h0 - 2]), Observation(truth.states[h0 - 1])])
        let lastSeen = try #require(truth.states[h0 - 1]["a"]).position
        var slotError = 0.0, frozenError = 0.0
        for t in h0...hidden[hidden.count - 1] {
            state = try model.step(state)
            #expect(state.step == t)
            let slot = try #require(try model.decode(state)["a"])
            guard hidden.contains(t) else { continue }
            slotError += (slot.position - truth.states[t]["a"]!.position).length
            frozenError += (lastSeen - truth.states[t]["a"]!.position).length
        }
        // The slot keeps moving with the ball: clearly closer than a memory of the last
        // sighting (measured about 0.5–0.55 of it with the default training schedule).
        #expect(slotError < 0.7 * frozenError)
        // Starting with the ball already hidden gives it no slot: a declaration is not an observation.
        let s = try model.start(scene: scene, context: [Observation(truth.states[hidden[0]])])
        #expect(try model.decode(s)["a"] == nil)
    }

    @Test func editsMoveTheDecodedBodyAndRollOn() throws {
        let (model, data, _) = try Self.shared.get()
        let truth = data.rollouts[data.heldOutIndices.lowerBound]
        let start = try model.start(scene: truth.scene, context: [Observation(truth.states[0]), Observation(truth.states[1])])
        let factors = model.factors(start)
        #expect(factors.filter { $0.body == "a" }.map(\.name) == ObjectNetModel.slotFactors)
        let edited = try model.edit(start, body: "a", factor: "x", to: 0.25)
        #expect(try model.decode(edited)["a"]!.position.x == 0.25)
        #expect(try model.decode(edited)["b"] == model.decode(start)["b"])
        let recoloured = try model.edit(start, body: "b", factor: "color", to: Double(0x00FF00))
        #expect(try model.decode(recoloured)["b"]!.color == Color(r: 0, g: 255, b: 0))
        let bigger = try model.edit(start, body: "a", factor: "radius", to: 0.7)
        #expect(try model.decode(bigger)["a"]!.radius == 0.7)
        #expect(throws: ModelError.self) { try model.edit(start, body: "zz", factor: "x", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(start, body: "a", factor: "mass", to: 1) }
        #expect(throws: ModelError.self) { try model.edit(start, body: "a", factor: "color", to: -1) }
        // Fidelity against the simulator's own intervention: moving a ball up by 1 m.
        let scene = truth.scene
        let y = try Simulator.rollout(scene, steps: 10).states[10]["a"]!.position.y
        let fidelity = try editFidelity(model, scene: scene, at: 10, FactorEdit(body: "a", factor: "y", value: y + 1), steps: 15)
        #expect(fidelity.errorPerStep.count == 16)
        #expect(abs(fidelity.modelShift - fidelity.trueShift) < 1e-9)
        #expect(fidelity.meanError < fidelity.uneditedMeanError)
    }

    @Test func modelFileRoundTripGivesTheSameRollout() throws {
        let (model, data, _) = try Self.shared.get()
        let bytes = ModelFile.encode(model)
        let loaded = try #require(try ModelFile.decode(bytes) as? ObjectNetModel)
        #expect(loaded.hidden == model.hidden)
        #expect(loaded.network == model.network)
        #expect(loaded.trainingReport == model.trainingReport)
        let scene = data.rollouts[0].scene
        #expect(try ModelRollout.run(loaded, scene: scene, steps: 20) == ModelRollout.run(model, scene: scene, steps: 20))
        // A file whose tensors do not fit is an error, not a crash.
        var record = try ModelFile.decodeRecord(bytes)
        record.tensors.removeAll { $0.name == "object.w0" }
        #expect(throws: ModelError.self) { try ObjectNetModel(record: record) }
    }

    @Test func trainingIsBitIdentical() throws {
        let (a, _, ra) = try Self.trained(epochs: 2, n: 6)
        let (b, _, rb) = try Self.trained(epochs: 2, n: 6)
        #expect(a.network == b.network)
        #expect(ra == rb)
        let (c, _, _) = try Self.trained(epochs: 2, n: 6, seed: 2)
        #expect(a.network != c.network)
    }

    @Test func untrainedAndForeignStatesAreErrors() throws {
        let model = try ObjectNetModel(hidden: 8)
        let scene = ModelFixtures.box(bodies: [.ball("a", at: Vec2(0, 2), radius: 0.5)])
        let s0 = try Simulator(scene: scene).state
        #expect(throws: ModelError.self) { try model.start(scene: scene, context: [Observation(s0)]) }
        #expect(throws: ModelError.self) { try ObjectNetModel(hidden: 0) }
        let latent = LatentState(step: 0, time: 0, dt: 0.1, z: [], previous: [], template: [])
        #expect(throws: ModelError.self) { try model.step(latent) }
        #expect(model.taxonomy.memory == .objectSlots)
    }
}

@Suite struct InteractionNetworkTests {
    @Test func gradientsMatchFiniteDifferences() throws {
        var rng = RandomStream(seed: 9)
        var net = try InteractionNetwork(hidden: 5, effect: 3, random: &rng)
        // Two worlds: 2 receivers with 3 relations each, 1 receiver with 2 relations.
        func rand(_ n: Int) -> [Double] { (0..<n).map { _ in rng.uniform(-1, 1) } }
        let batch = InteractionBatch(
            relations: try Matrix(rows: 8, cols: InteractionNetwork.relationWidth, values: rand(8 * InteractionNetwork.relationWidth)),
            receivers: [0, 0, 0, 1, 1, 1, 2, 2],
            objects: try Matrix(rows: 3, cols: InteractionNetwork.objectWidth, values: rand(3 * InteractionNetwork.objectWidth)),
            targets: try Matrix(rows: 3, cols: 2, values: rand(6)))
        // Non-zero biases: with zero biases a row whose first layer is all dead sits exactly
        // on the next ReLU's kink, where finite differences and the derivative disagree.
        var params = net.parameters
        for p in stride(from: 1, to: params.count, by: 2) {
            params[p] = try Matrix(rows: 1, cols: params[p].cols, values: rand(params[p].cols).map { 0.3 * $0 })
        }
        net.parameters = params
        let (_, grads) = net.lossAndGradients(batch)
        let h = 1e-6
        var worst = 0.0
        for p in 0..<params.count {
            for i in stride(from: 0, to: params[p].count, by: max(1, params[p].count / 7)) {
                let saved = params[p].values[i]
                params[p].values[i] = saved + h; net.parameters = params
                let up = net.lossAndGradients(batch).loss
                params[p].values[i] = saved - h; net.parameters = params
                let down = net.lossAndGradients(batch).loss
                params[p].values[i] = saved; net.parameters = params
                let numeric = (up - down) / (2 * h)
                let rel = abs(numeric - grads[p].values[i]) / max(1e-6, abs(numeric) + abs(grads[p].values[i]))
                worst = max(worst, rel)
            }
        }
        #expect(worst < 1e-4)
    }
}
