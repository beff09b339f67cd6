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
        let identity = SweepIdentity(scripts: [SweepScript(path: "s.orr", sha256: SHA256.hex(Array(Self.suite.utf8)))],
                                     seed: 0, tests: engine.plannedTests(path: "s.orr", source: Self.suite, filter: nil))
        var files: [ResultsFile] = []
        for i in 0..<3 {
            let shard = try #require(Shard(index: i, count: 3))
            let part = engine.test(path: "s.orr", source: Self.suite, filter: nil, shard: shard)
            let lines = [ResultsFormat.line(ResultsStart(sweep: identity, shard: shard))]
                + part.tests.map { ResultsFormat.line(ShardRecord($0)) }
                + [ResultsFormat.line(ResultsComplete(lines: part.tests.count))]
            files.append(try ResultsFile(parsing: lines.joined(separator: "\n") + "\n", path: "shard\(i).jsonl"))
        }
        let merged = try #require(try ShardMerge.merge(files).tests.first?.sweep)
        #expect(merged.skipped == sweep.skipped && merged.trials == sweep.trials)
    }

    @Test func parsesAsAStatement() {
        #expect(sexpr(#"test "t" for w in xs { assume w > 1 }"#) == #"(test "t" (for w xs) {(assume (> w 1))})"#)
    }
}
