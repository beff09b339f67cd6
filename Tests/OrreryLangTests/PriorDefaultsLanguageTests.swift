import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld
import WorldKit

/// Issue 19: `train(…, priors:)`'s defaults (weight 0.01, warm-up half the epochs) and what
/// the priors contributed, saved in the model file and shown by `describe` on a loaded model.
@Suite struct PriorDefaultsLanguageTests {
    let prefix = """
    import "std/priors"
    let g = rng(4)
    let family = repeat(4, fn (i) => scene "drop" {
      ground at 0
      ball a at (0, g.uniform(1.5, 2.5)) radius 0.5 velocity (g.uniform(1, 2), 0)
      ball b at (3, 0.5) radius 0.5
    })
    let data = dataset(family, steps: 30, seed: 1)

    """

    @Test func theDefaultsAreTheMeasuredOnes() {
        let out = PriorSemanticsLanguageTests().run(prefix + """
        let m = train(window(k: 3, hidden: 8), data, epochs: 4, unroll: 4, seed: 1, priors: [no_overlap, above_ground, gravity])
        print(m.priors.weight)
        print(m.priors.warmup)
        print(m.priors.first_epoch)
        print(m.priors.weights.gravity)
        """)
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(out.lines == ["0.01", "2", "3", "0.01"], "\(out.lines)")
    }

    @Test func describeOnALoadedModelSaysWhatThePriorsDid() {
        let out = PriorSemanticsLanguageTests().run(prefix + """
        let m = train(window(k: 3, hidden: 8), data, epochs: 4, unroll: 4, seed: 1, priors: [no_overlap, above_ground, gravity], warmup: 1)
        save(m, "with_priors.orrm")
        let back = load_model("with_priors.orrm")
        print(describe(back) == describe(m))
        print(back.priors == m.priors)
        let plain = train(window(k: 3, hidden: 8), data, epochs: 1, seed: 1)
        save(plain, "plain.orrm")
        print(load_model("plain.orrm").priors)
        print(describe(back))
        """)
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(Array(out.lines.prefix(3)) == ["true", "true", "nil"], "\(out.lines)")
        let text = out.lines.dropFirst(3).joined(separator: "\n")
        #expect(text.contains("priors in training: no_overlap, above_ground, gravity, weight 0.01, after a warm-up of 1 epoch"), "\(text)")
        #expect(text.contains("gravity per predicted state:"), "\(text)")
    }

    @Test func aFileOlderThanFormat4SaysThePriorsWereNotRecorded() throws {
        let model = try WindowModel(k: 3, hidden: 6)
        let scenes = (0..<3).map { i in
            Scene(name: "s\(i)", bodies: [BodySpec.ball("a", at: Vec2(0, 2 + Double(i) * 0.3), radius: 0.5)], walls: [], ground: Ground(height: 0))
        }
        try Trainer.train(model, on: try Dataset(scenes: scenes, steps: 20, seed: 1), options: TrainingOptions(epochs: 1, learningRate: 3e-3, seed: 1))
        let bytes = ModelFile.encode(model)
        // Format 3: the same payload without the priors flag (its last byte), a new header.
        let payload = Array(bytes[ModelFile.headerSize..<(bytes.count - 1)])
        func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
        let old = ModelFile.magic + le(3, 4) + le(UInt64(payload.count), 8) + le(UInt64(ModelFile.crc(payload)), 4) + payload
        let summary = ModelObject(try ModelFile.decode(old)).summary
        #expect(summary.contains("priors in training: not recorded (a model file older than format 4)"), "\(summary)")
        #expect(!ModelObject(try ModelFile.decode(bytes)).summary.contains("priors in training"))
    }
}
