import Foundation
import Testing

/// Any seed the CLI accepts reaches scripts and can be passed back into every seeded
/// built-in (`rollout`, `sample`, `rng`, `dataset`, `train`) without loss.
@Suite struct SeedTests {
    static let script = """
        let w = scene "s" {
          ground at 0
          ball a at (uniform(0, 3), 0.5) velocity (uniform(1, 4), 0)
        }
        print(type(seed), seed)
        print(rng(seed).seed == seed)
        let r = rollout(physics, w, steps: 5, seed: seed)
        print(r.seed == seed)
        print(len(sample(w, n: 2, seed: seed)))
        let data = dataset(w, n: 2, steps: 10, seed: seed)
        print(data.seed == seed)
        let m = train(window(), data, epochs: 1, seed: seed)
        print(type(m))
        """

    @Test func theLargestSeedRoundTrips() throws {
        let dir = try Scratch()
        let file = try dir.write("seed.orr", Self.script)
        let result = try OrreryProcess.run(["run", file, "--seed", "18446744073709551615", "--out", dir.url.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["seed 18446744073709551615", "true", "true", "2", "true", "model"])
    }

    @Test func aSmallSeedIsANumber() throws {
        let dir = try Scratch()
        let file = try dir.write("seed.orr", Self.script)
        let result = try OrreryProcess.run(["run", file, "--seed", "9007199254740992", "--out", dir.url.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines.first == "number 9007199254740992")
    }
}
