import Foundation
import Testing

/// `orrery test --falsify N`: statistical tests over a family search it instead of sampling.
@Suite struct FalsifyCommandTests {
    /// Fails on about 5% of the family (10 of the 150 samples): the ball ends within 0.3 m of the centre line.
    static let script = """
        let fam = scene "f" {
          gravity (0, 0)
          ball a at (-5, uniform(-3, 3)) radius 0.3 velocity (4, uniform(-2, 2))
        }
        test "ends away from the centre" for w in sample(fam, n: 150, seed: 1) expect rate >= 0.9 {
          let r = rollout(physics, w, steps: 150)
          expect abs(r.final.a.y) > 0.3
        }
        test "a plain list is not searched" for x in [1, 2, 3] {
          expect x > 0
        }

        """

    @Test func searchFindsMoreFailuresThanSamplingAndSaysSo() throws {
        let dir = try Scratch()
        let file = try dir.write("fam.orr", Self.script)
        let sampled = try OrreryProcess.run(["test", file])
        #expect(sampled.status == 0, "stdout: \(sampled.stdout)")
        let searched = try OrreryProcess.run(["test", file, "--falsify", "150"])
        #expect(searched.status == 1, "stdout: \(searched.stdout)")
        let lines = searched.stdoutLines
        let verdict = try #require(lines.first { $0.hasPrefix("FAIL ends away from the centre  ") })
        // "FAIL name  P/150 = …": the search ran 150 candidates and found many more failures than
        // sampling's 10 (a pass/fail body: CEM concentrates around the failures it has found).
        let tally = try #require(verdict.split(separator: " ").first { $0.hasSuffix("/150") })
        let passes = try #require(Int(tally.dropLast(4)))
        #expect(passes < 120, "\(verdict)")
        #expect(lines.contains { $0.contains("[searched candidate; draws ") }, "stdout: \(searched.stdout)")
        #expect(lines.contains("PASS a plain list is not searched  3/3 = 1.000 [0.439, 1.000]"))
        // The same seed, the same search.
        let again = try OrreryProcess.run(["test", file, "--falsify", "150"])
        #expect(again.stdout == searched.stdout)
    }

    @Test func aBudgetBelowOneIsAUsageError() throws {
        let dir = try Scratch()
        let file = try dir.write("fam.orr", Self.script)
        let result = try OrreryProcess.run(["test", file, "--falsify", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--falsify must be between 1 and 1000000 candidates, got 0"))
    }
}
