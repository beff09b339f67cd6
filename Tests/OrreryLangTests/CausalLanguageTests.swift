import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// The causal layer's structure: statistical test headers, shards and their merge,
/// the shard choice from scheduler variables, and twin worlds through the language.
@Suite struct CausalLanguageTests {
    static let suite = """
        let f = scene "f" {
          gravity (0, 0)
          ball a at (uniform(0, 10), 0) radius 0.5
        }
        test "most" for w in sample(f, n: 37, seed: 4) expect rate >= 0.6 { expect w.a.x > 3 }
        test "all" for w in sample(f, n: 11, seed: 5) { expect w.a.x < 7 }
        test "plain one" { expect true }
        test "plain two" { expect 1 == 2 }
        test "plain three" { expect true }
        """

    @Test func parsesStatisticalTestHeaders() {
        #expect(sexpr(#"test "t" for w in xs expect rate >= 0.9 { expect w }"#)
            == #"(test "t" (for w xs) (rate >= 0.9) {(expect w)})"#)
        #expect(sexpr(#"test "t" for w in sample(f, n: 3) { }"#) == #"(test "t" (for w (call sample f (n: 3))) {})"#)
        #expect(sexpr(#"test "t" for w in xs expect rate > p { }"#) == #"(test "t" (for w xs) (rate > p) {})"#)
    }

    @Test func shardsAddUpToTheSingleRun() throws {
        let engine = Engine(output: CollectingOutput(), extensions: world)
        let whole = engine.test(path: "s.orr", source: Self.suite, filter: nil)
        #expect(whole.tests.map(\.name) == ["most", "all", "plain one", "plain two", "plain three"])
        let sweep = SweepIdentity(scripts: [SweepScript(path: "s.orr", sha256: SHA256.hex(Array(Self.suite.utf8)))], seed: 0,
                                  tests: engine.plannedTests(path: "s.orr", source: Self.suite, filter: nil))
        #expect(sweep.tests.map(\.name) == whole.tests.map(\.name))
        var files: [ResultsFile] = []
        for i in 0..<3 {
            let shard = try #require(Shard(index: i, count: 3))
            let part = engine.test(path: "s.orr", source: Self.suite, filter: nil, shard: shard)
            // Through the results file, as `orrery merge` reads it.
            let lines = [ResultsFormat.line(ResultsStart(sweep: sweep, shard: shard))]
                + part.tests.map { ResultsFormat.line(ShardRecord($0)) }
                + [ResultsFormat.line(ResultsComplete(lines: part.tests.count))]
            files.append(try ResultsFile(parsing: lines.joined(separator: "\n") + "\n", path: "shard\(i).jsonl"))
        }
        // The order the files come in does not matter.
        let merged = try ShardMerge.merge(files.reversed()).tests
        #expect(merged.map(\.test) == whole.tests.map(\.name))
        for (m, w) in zip(merged, whole.tests) {
            #expect(m.passed == w.passed, "\(m.test)")
            #expect(m.sweep?.passes == w.sweep?.passes, "\(m.test)")
            #expect(m.sweep?.trials == w.sweep?.trials, "\(m.test)")
            #expect(m.sweep?.failedSamples.map(\.index) == w.sweep?.failedSamples.map(\.index), "\(m.test)")
        }
        #expect(whole.tests[0].sweep?.trials == 37)
        #expect(whole.tests.filter(\.passed).count == merged.filter(\.passed).count)
        // A shard given twice is refused.
        #expect(throws: ShardMergeError.self) { try ShardMerge.merge(files + files) }
    }

    @Test func failedSamplesCarryTheirSeedAndIndex() throws {
        let engine = Engine(output: CollectingOutput(), extensions: world)
        let report = engine.test(path: "s.orr", source: Self.suite, filter: "all")
        let sweep = try #require(report.tests.first?.sweep)
        #expect(sweep.passes < sweep.trials)
        #expect(sweep.failedSamples.allSatisfy { $0.seed == 5 })
        // The index reproduces the failing sample on its own.
        let index = try #require(sweep.failedSamples.first?.index)
        let rerun = engine.run(path: "r.orr", source: Self.suite.components(separatedBy: "test ")[0] + """
            print(sample(f, n: \(index + 1), seed: 5)[\(index)].a.x >= 7)
            """)
        if case .success = rerun.outcome {} else { Issue.record("rerun failed: \(rerun.outcome)") }
        #expect(sweep.summary.hasPrefix("\(sweep.passes)/\(sweep.trials) = "))
    }

    @Test func shardComesFromFlagsOrSchedulerVariables() throws {
        let slurm = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(try Shard.select(flag: "2/5", count: nil, fromScheduler: false, environment: [:]) == Shard(index: 2, count: 5))
        #expect(try Shard.select(flag: "auto", count: nil, fromScheduler: false, environment: slurm) == Shard(index: 3, count: 4))
        #expect(try Shard.select(flag: nil, count: nil, fromScheduler: true, environment: slurm) == Shard(index: 3, count: 4))
        #expect(try Shard.select(flag: nil, count: 8, fromScheduler: false, environment: ["JOB_COMPLETION_INDEX": "7"]) == Shard(index: 7, count: 8))
        #expect(try Shard.select(flag: nil, count: nil, fromScheduler: true, environment: [:]) == nil)
        #expect(throws: ShardMergeError.self) { try Shard.select(flag: "5/5", count: nil, fromScheduler: false, environment: [:]) }
        #expect(throws: ShardMergeError.self) { try Shard.select(flag: "auto", count: 2, fromScheduler: false, environment: ["JOB_COMPLETION_INDEX": "x"]) }
        #expect(throws: ShardMergeError.self) { try Shard.select(flag: nil, count: nil, fromScheduler: true, environment: ["JOB_COMPLETION_INDEX": "1"]) }
        #expect(throws: ShardMergeError.self) { try Shard.select(flag: "1/2", count: 3, fromScheduler: false, environment: [:]) }
    }

    /// Inside a SLURM array, a run that asked for no shard runs everything (a per-file array).
    @Test func theSchedulerIndexIsReadOnlyWhenAskedFor() throws {
        let slurm = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"]
        #expect(try Shard.select(flag: nil, count: nil, fromScheduler: false, environment: slurm) == nil)
        #expect(throws: ShardMergeError.self) { try Shard.select(flag: "auto", count: nil, fromScheduler: false, environment: [:]) }
    }

    /// `--array=0-6:2`, `1-4` and `0,2,5` cannot be shards; the message says why and what works.
    @Test func slurmArraysThatAreNotZeroToNMinusOneSayWhatIsWrong() throws {
        func refusal(_ environment: [String: String]) -> String {
            do {
                _ = try Shard.select(flag: "auto", count: nil, fromScheduler: false, environment: environment)
                return "accepted"
            } catch { return "\(error)" }
        }
        let stepped = refusal(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0",
                               "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_STEP": "2"])
        #expect(stepped.contains("steps by 2") && stepped.contains("--array=0-6:2") && stepped.contains("--array=0-3"), "\(stepped)")
        let shifted = refusal(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1",
                               "SLURM_ARRAY_TASK_MAX": "4", "SLURM_ARRAY_TASK_STEP": "1"])
        #expect(shifted.contains("starts at 1, not 0") && shifted.contains("--array=0-3"), "\(shifted)")
        let gaps = refusal(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0",
                            "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_STEP": "1"])
        #expect(gaps.contains("3 tasks but indices up to 5") && gaps.contains("--array=0-2"), "\(gaps)")
        let fine = refusal(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0",
                            "SLURM_ARRAY_TASK_MAX": "2", "SLURM_ARRAY_TASK_STEP": "1"])
        #expect(fine == "accepted")
    }

    /// Shard 0/1 is the whole sweep: its verdict is final, and an empty sample fails it.
    @Test func shardZeroOfOneIsTheWholeSweep() throws {
        let engine = Engine(output: CollectingOutput(), extensions: world)
        let source = "test \"none\" for w in [] { expect true }\n"
        let whole = try #require(Shard(index: 0, count: 1))
        let report = engine.test(path: "e.orr", source: source, filter: nil, shard: whole)
        #expect(report.tests.first?.passed == false)
        #expect(report.tests.first?.sweep?.partial == false)
        let part = engine.test(path: "e.orr", source: source, filter: nil, shard: Shard(index: 0, count: 2))
        #expect(part.tests.first?.sweep?.partial == true)
    }

    @Test func twinWorldsShareTheFactualPrefixBitForBit() {
        let engine = Engine(output: CollectingOutput(), extensions: world)
        let report = engine.run(path: "t.orr", source: """
            let w = scene "w" {
              gravity (0, -9.8)
              ground 0
              noise velocity 0.2 restitution 0.1
              ball a at (0, 2) radius 0.5 velocity (1, 0)
              ball b at (3, 0.5) radius 0.5
            }
            let r = rollout(physics, w, steps: 200, seed: 11)
            let cf = counterfactual(r, at: 60) { set a.mass = 5 }
            expect all(range(60), fn (t) => cf.at(t) == r.at(t))
            expect cf.at(60) != r.at(60) or cf.divergence() == nil or cf.divergence().step >= 60
            let heavy = counterfactual(r, at: 0) { remove b; push a by (3, 0) }
            expect heavy.divergence().step == 0
            expect heavy.factual == r
            """)
        if case .success = report.outcome {} else { Issue.record("\(report.outcome)") }
        #expect(report.expectFailures.isEmpty)
    }
}

@Test func addLinesInInterventionBlocksAreBodyEntries() {
    #expect(sexpr("intervene(w) {\n  add ball c at (1, 2) radius 0.3\n  push a by (2, 0)\n}")
        == #"(call intervene w {(ball "c" (at (vec 1 2)) (radius 0.3)) (push "a" (by (vec 2 0)))})"#)
}
