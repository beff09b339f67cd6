import Testing
@testable import WorldKit

// Issue 19: what the priors contributed to a training (the `PriorContribution`: priors,
// weights, share of the loss, violations first → kept) is kept in model files from format 4;
// files of formats 1–3 still load and say it was not recorded; per-prior weight scales.

@Suite struct PriorRecordFileTests {
    let data: Dataset

    init() throws {
        data = try Dataset(scenes: familyScenes(8, seed: 5), steps: 30, seed: 5)
    }

    func trainedWithPriors() throws -> (WindowModel, PriorContribution) {
        let model = try WindowModel(k: 3, hidden: 8)
        var priors = try TrainingPriors.make(from: ["no_overlap", "above_ground", "gravity"].compactMap(BuiltinPriors.named), weight: 0.01)
        priors.scales = ["gravity": 3]
        priors.warmup = 1
        let report = try Trainer.train(model, on: data, options: TrainingOptions(epochs: 3, learningRate: 3e-3, seed: 1, unroll: 4),
                                       priors: priors)
        return (model, try #require(report.priors))
    }

    /// The bytes of `bytes` rewritten as an older format: the payload without its last
    /// `drop` bytes, under version `version` (a new length and checksum).
    func rewritten(_ bytes: [UInt8], version: UInt32, dropping drop: Int) -> [UInt8] {
        let payload = Array(bytes[ModelFile.headerSize..<(bytes.count - drop)])
        var w = ByteWriter()
        w.bytes = ModelFile.magic
        w.u32(version)
        w.u64(UInt64(payload.count))
        w.u32(ModelFile.crc(payload))
        return w.bytes + payload
    }

    @Test func theContributionSurvivesSaveAndLoad() throws {
        let (model, contribution) = try trainedWithPriors()
        #expect(contribution.priors.first { $0.name == "gravity" }?.weight == 0.03)
        #expect(contribution.priors.first { $0.name == "no_overlap" }?.weight == 0.01)
        #expect(contribution.lines.first?.contains("gravity (weight 0.03)") == true, "\(contribution.lines)")
        let bytes = ModelFile.encode(model)
        #expect(Array(bytes[4..<8]) == [4, 0, 0, 0])
        let back = try #require(try ModelFile.decode(bytes) as? any TrainableModel)
        let report = try #require(back.trainingReport)
        #expect(report.priors == contribution)
        #expect(report.priorsRecorded)
        #expect(report == model.trainingReport)
        // Written again, the same bytes.
        #expect(ModelFile.encode(try #require(back as? any PersistentModel)) == bytes)
    }

    @Test func aModelTrainedWithoutPriorsRecordsThatItHadNone() throws {
        let model = try WindowModel(k: 3, hidden: 6)
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, learningRate: 3e-3, seed: 1))
        let bytes = ModelFile.encode(model)
        #expect(bytes.last == 0, "the priors flag closes the training report")
        let report = try #require((try ModelFile.decode(bytes) as? any TrainableModel)?.trainingReport)
        #expect(report.priors == nil && report.priorsRecorded)
    }

    @Test func olderFilesLoadAndSayThePriorsWereNotRecorded() throws {
        let model = try WindowModel(k: 3, hidden: 6)
        try Trainer.train(model, on: data, options: TrainingOptions(epochs: 1, learningRate: 3e-3, seed: 1))
        // A format-3 file: the same payload without the priors flag.
        let old = rewritten(ModelFile.encode(model), version: 3, dropping: 1)
        let back = try #require(try ModelFile.decode(old) as? any TrainableModel)
        let report = try #require(back.trainingReport)
        #expect(report.priors == nil)
        #expect(!report.priorsRecorded)
        let scene = familyScenes(1, seed: 8)[0]
        #expect(try ModelRollout.run(back, scene: scene, steps: 20) == ModelRollout.run(model, scene: scene, steps: 20))
        // A format-3 file that kept the byte has one byte too many.
        #expect(throws: ModelError.self) { try ModelFile.decode(rewritten(ModelFile.encode(model), version: 3, dropping: 0)) }
    }

    @Test func aCorruptPriorsRecordIsAClearError() throws {
        let (model, _) = try trainedWithPriors()
        let bytes = ModelFile.encode(model)
        for n in stride(from: 1, to: 200, by: 7) {
            // Truncated inside the record (checksum recomputed, so the reader must catch it by size).
            #expect(throws: ModelError.self) { try ModelFile.decode(rewritten(bytes, version: 4, dropping: n)) }
        }
        let noPriors = try WindowModel(k: 3, hidden: 6)
        try Trainer.train(noPriors, on: data, options: TrainingOptions(epochs: 1, learningRate: 3e-3, seed: 1))
        var flagged = rewritten(ModelFile.encode(noPriors), version: 4, dropping: 1)
        flagged = rewritten(flagged + [2], version: 4, dropping: 0)
        do {
            _ = try ModelFile.decode(flagged)
            Issue.record("a priors flag of 2 was accepted")
        } catch let e as ModelError {
            #expect(e.message.contains("priors flag is 2"), "\(e.message)")
        }
    }

    @Test func aScaleWeighsOnePriorOnly() throws {
        // One ball in free flight, given an upward kick no gravity explains.
        let scene = Scene(name: "flight", bodies: [BodySpec.ball("a", at: Vec2(0, 5), radius: 0.5)], walls: [], ground: Ground(height: 0))
        let truth = try Simulator.rollout(scene, steps: 10)
        var moved = truth.states[6]
        moved.bodies[0].velocity = moved.bodies[0].velocity + Vec2(0, 3)
        let context = PriorContext(scene: scene)
        let ground = try #require(BuiltinPriors.named("above_ground")), gravity = try #require(BuiltinPriors.named("gravity"))
        let plain = try TrainingPriors.make(from: [ground, gravity], weight: 0.1)
        var scaled = plain
        scaled.scales = ["gravity": 0]
        let onlyGround = try TrainingPriors.make(from: [ground], weight: 0.1)
        let a = try plain.penalty(previous: truth.states[5], state: moved, context: context)
        let b = try scaled.penalty(previous: truth.states[5], state: moved, context: context)
        let c = try onlyGround.penalty(previous: truth.states[5], state: moved, context: context)
        #expect(a.value > b.value)
        #expect(b == c)
    }
}
