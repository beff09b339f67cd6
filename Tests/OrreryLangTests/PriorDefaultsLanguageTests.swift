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
        print(m.priors.weights.no_overlap)
        let h = train(hybrid(hidden: 8), data, epochs: 2, seed: 1, priors: [no_overlap, above_ground, gravity])
        print(h.priors.weights.gravity)
        """)
        #expect(out.error == nil, "\(out.error ?? "")")
        // Gravity ×10 by default, but not for the hybrid, which integrates free flight itself.
        #expect(out.lines == ["0.01", "2", "3", "0.1", "0.01", "0.01"], "\(out.lines)")
    }

    @Test func aWeightIsOneNumberOrOnePerPrior() {
        let out = PriorSemanticsLanguageTests().run(prefix + """
        let m = train(window(k: 3, hidden: 8), data, epochs: 2, unroll: 4, seed: 1, priors: [above_ground, gravity], weight: 0.02)
        print(m.priors.weights.gravity)
        let r = train(window(k: 3, hidden: 8), data, epochs: 2, unroll: 4, seed: 1, priors: [above_ground, gravity],
                      weight: {gravity: 0.05})
        print(r.priors.weights.gravity)
        print(r.priors.weights.above_ground)
        """)
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(out.lines == ["0.02", "0.05", "0.01"], "\(out.lines)")
        let cases: [(String, String)] = [
            ("weight: {energy: 0.1}", "weight: names the prior 'energy', which is not among the priors: above_ground, gravity"),
            ("weight: {gravity: -1}", "the weight of 'gravity' must be a finite number >= 0"),
            ("weight: \"heavy\"", "number or record of weights by prior"),
        ]
        for (arg, message) in cases {
            let bad = PriorSemanticsLanguageTests().run(prefix + "train(window(k: 3, hidden: 8), data, epochs: 2, priors: [above_ground, gravity], \(arg))")
            #expect(bad.error?.contains(message) == true, "\(arg): \(bad.error ?? "no error")")
        }
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
        #expect(text.contains("priors in training: no_overlap, above_ground, gravity (weight 0.1), weight 0.01, after a warm-up of 1 epoch"), "\(text)")
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
