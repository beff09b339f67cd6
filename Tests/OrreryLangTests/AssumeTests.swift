import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// `assume COND` in a statistical test: a sample where it fails is skipped, reported
/// apart from the trials (in the tally, its summary line and through a shard merge).
@Suite struct AssumeTests {
    /// The family of `CausalLanguageTests` (a ball anywhere in [0, 10)) and a test that
    /// is about the right half only.
    static let suite = CausalLanguageTests.suite.components(separatedBy: "test ")[0] + """
        test "right half" for w in sample(f, n: 40, seed: 2) expect rate >= 0.9 {
          assume w.a.x > 5
          expect w.a.x > 5
        }
        """

    @Test func skippedSamplesAreNotTrials() throws {
        let engine = Engine(output: CollectingOutput(), extensions: world)
        let report = engine.test(path: "s.orr", source: Self.suite, filter: nil)
        let sweep = try #require(report.tests.first?.sweep)
        #expect(report.tests.first?.passed == true)
        #expect(sweep.skipped > 0 && sweep.trials > 0)
        #expect(sweep.trials + sweep.skipped == 40)
        #expect(sweep.passes == sweep.trials)
        #expect(sweep.summary.hasSuffix(", \(sweep.skipped) skipped"))
        // Shards count their own skips; the merge adds them up to the single run's.
        var records: [ShardRecord] = []
        for i in 0..<3 {
            let part = engine.test(path: "s.orr", source: Self.suite, filter: nil, shard: Shard(index: i, count: 3))
            let text = part.tests.map { ShardRecord($0, shard: Shard(index: i, count: 3)).jsonLine() }.joined(separator: "\n")
            records += try ShardRecord.parse(text, file: "shard\(i).jsonl")
        }
        let merged = try #require(try ShardMerge.merge(records).first?.sweep)
        #expect(merged.skipped == sweep.skipped && merged.trials == sweep.trials)
    }

    @Test func parsesAsAStatement() {
        #expect(sexpr(#"test "t" for w in xs { assume w > 1 }"#) == #"(test "t" (for w xs) {(assume (> w 1))})"#)
    }
}
