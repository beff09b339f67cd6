import Foundation
import Testing

/// `orrery test --shard/--results` and `orrery merge`: the merged report equals one run,
/// and what cannot be merged is refused.
@Suite struct ShardCommandTests {
    static let suite = """
        let f = scene "f" {
          gravity (0, 0)
          ball a at (uniform(0, 10), 0) radius 0.5
        }
        test "sweep" for w in sample(f, n: 30, seed: 2) expect rate >= 0.6 { expect w.a.x > 3 }
        test "plain" { expect true }
        test "broken" { expect 1 == 2 }

        """

    @Test func mergedShardsReportWhatOneRunReports() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.suite)
        let whole = try OrreryProcess.run(["test", file])
        var results: [String] = []
        for i in 0..<3 {
            let out = dir.url.appendingPathComponent("r\(i).jsonl").path
            let shard = try OrreryProcess.run(["test", file, "--shard", "\(i)/3", "--results", out])
            #expect(shard.stdoutLines.first == "shard \(i)/3")
            results.append(out)
        }
        let merged = try OrreryProcess.run(["merge"] + results)
        #expect(merged.status == whole.status)
        // PASS/FAIL lines and the summary agree; the detail lines under a failure differ in form.
        func verdicts(_ lines: [String]) -> [String] { lines.filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") || $0.contains(" passed, ") } }
        #expect(verdicts(merged.stdoutLines) == verdicts(whole.stdoutLines),
                "merged: \(merged.stdout)\nwhole: \(whole.stdout)")
        #expect(merged.stdoutLines.last == "2 passed, 1 failed")
        let twice = try OrreryProcess.run(["merge", results[0], results[0]])
        #expect(twice.status == 65)
    }

    @Test func aShardOutOfRangeIsAUsageError() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.suite)
        let refused = try OrreryProcess.run(["test", file, "--shard", "3/3"])
        #expect(refused.status == 64)
    }

    // MARK: - What merge refuses

    /// Runs shards `indices` of `count` of `file` with `extra` arguments; the results files' paths.
    static func shards(_ file: String, _ indices: [Int], of count: Int, in dir: Scratch, name: String = "r",
                       extra: [String] = []) throws -> [String] {
        try indices.map { i in
            let out = dir.url.appendingPathComponent("\(name)\(i).jsonl").path
            let run = try OrreryProcess.run(["test", file, "--shard", "\(i)/\(count)", "--results", out] + extra)
            // The plain test "broken" fails shard 1 (the second plain test).
            #expect(run.status == (i == 1 ? 1 : 0), "shard \(i): \(run.stdout)\(run.stderr)")
            return out
        }
    }

    @Test func mergeRefusesMissingRepeatedForeignAndMixedShards() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.suite)
        let r = try Self.shards(file, [0, 1, 2], of: 3, in: dir)
        func refusal(_ files: [String]) throws -> String {
            let merged = try OrreryProcess.run(["merge"] + files)
            #expect(merged.status == 65, "\(files): \(merged.stdout)")
            #expect(merged.stdout.isEmpty)
            return merged.stderr
        }
        #expect(try refusal([r[0], r[1]]).contains("missing shard 2/3 of 3 (given: 0/3, 1/3)"))

        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("again"), withIntermediateDirectories: true)
        let copy = dir.url.appendingPathComponent("again/r1.jsonl").path
        try FileManager.default.copyItem(atPath: r[1], toPath: copy)
        #expect(try refusal(r + [copy]).contains("shard 1/3 appears 2 times: \(r[1]), \(copy)"))

        let seeded = try Self.shards(file, [1], of: 3, in: dir, name: "seeded", extra: ["--seed", "9"])
        #expect(try refusal([r[0], seeded[0], r[2]]).contains("\(seeded[0]) is from a different sweep than \(r[0]): seed 9, not 0"))

        let whole = dir.url.appendingPathComponent("whole.jsonl").path
        _ = try OrreryProcess.run(["test", file, "--results", whole])
        #expect(try refusal([whole] + r).contains("\(whole) is an unsharded run and \(r[0]) is shard 0/3"))

        let empty = try dir.write("empty.jsonl", "")
        #expect(try refusal([r[0], r[1], empty]).contains("\(empty) is empty"))

        let old = try dir.write("old.jsonl", #"{"failures":[],"file":"s.orr","passed":true,"shard":"0/1","test":"plain"}"# + "\n")
        #expect(try refusal([old]).contains("its first line is not a start line"))

        try dir.write("s.orr", Self.suite + "test \"new\" { expect true }\n")
        let edited = try Self.shards(file, [2], of: 3, in: dir, name: "edited")
        let changed = try refusal([r[0], r[1], edited[0]])
        #expect(changed.contains("\(edited[0]) is from a different sweep than \(r[0]): \(file) differs (SHA-256 "), "\(changed)")
    }

    /// The same report whatever order the results files are given in, and whatever order
    /// each shard was given its scripts in.
    @Test func mergeOrderDoesNotDependOnTheOrderGiven() throws {
        let dir = try Scratch()
        let a = try dir.write("a.orr", Self.suite)
        let b = try dir.write("b.orr", "test \"b1\" { expect true }\ntest \"b2\" { expect true }\n")
        let r0 = dir.url.appendingPathComponent("r0.jsonl").path
        let r1 = dir.url.appendingPathComponent("r1.jsonl").path
        _ = try OrreryProcess.run(["test", b, a, "--shard", "0/2", "--results", r0])
        _ = try OrreryProcess.run(["test", a, b, "--shard", "1/2", "--results", r1])
        let forward = try OrreryProcess.run(["merge", r0, r1])
        let backward = try OrreryProcess.run(["merge", r1, r0])
        #expect(forward.status == 1)
        #expect(forward.stdout == backward.stdout)
        #expect(forward.stdoutLines.filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }.map { $0.split(separator: " ")[1] }
                == ["sweep", "plain", "broken", "b1", "b2"], "\(forward.stdout)")
    }

    /// `--allow-partial` merges what is there and marks every line it prints.
    @Test func allowPartialSaysSoOnEveryLine() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.suite)
        let r = try Self.shards(file, [0, 2], of: 3, in: dir)
        let merged = try OrreryProcess.run(["merge", "--allow-partial"] + r)
        #expect(merged.status == 0)
        #expect(!merged.stdoutLines.isEmpty)
        #expect(merged.stdoutLines.allSatisfy { $0.hasPrefix("partial: ") }, "\(merged.stdout)")
        #expect(merged.stdoutLines.contains("partial: MISSING broken  (\(file): no results in the shards given)"), "\(merged.stdout)")
        #expect(merged.stdoutLines.last?.hasSuffix("(2 of 3 shards complete; missing 1/3; 1 test without results)") == true, "\(merged.stdout)")
        #expect(merged.stderr.contains("merging anyway (--allow-partial): missing shard 1/3"))
    }

    // MARK: - Exit codes

    /// A shard exits 0 on a partial sample that misses the rate (so `sbatch
    /// --dependency=afterok` starts the merge), and `merge` gives the verdict.
    @Test func statisticalVerdictsBelongToMerge() throws {
        let dir = try Scratch()
        let file = try dir.write("r.orr", "test \"rate\" for w in [1, 2, 3, 4] expect rate >= 0.9 { expect w != 1 }\n")
        var results: [String] = []
        for i in 0..<2 {
            let out = dir.url.appendingPathComponent("r\(i).jsonl").path
            let shard = try OrreryProcess.run(["test", file, "--shard", "\(i)/2", "--results", out])
            #expect(shard.status == 0, "shard \(i): \(shard.stdout)")
            results.append(out)
        }
        let part = try OrreryProcess.run(["test", file, "--shard", "0/2"])
        #expect(part.stdoutLines == ["shard 0/2", "PART rate  1/2 = 0.500 [0.095, 0.905] ≥ 0.9",
                                     "0 passed, 0 failed, 1 partial (statistical verdicts come from 'orrery merge')"])
        let merged = try OrreryProcess.run(["merge"] + results)
        #expect(merged.status == 1)
        #expect(merged.stdoutLines.first == "FAIL rate  3/4 = 0.750 [0.301, 0.954] ≥ 0.9", "\(merged.stdout)")
    }

    /// What a shard can decide alone still sets its exit code: a plain test's failure, an
    /// error in a statistical test's header.
    @Test func aShardFailsOnWhatItCanDecide() throws {
        let dir = try Scratch()
        let plain = try dir.write("p.orr", "test \"a\" { expect true }\ntest \"b\" { expect false }\n")
        #expect(try OrreryProcess.run(["test", plain, "--shard", "1/2"]).status == 1)
        #expect(try OrreryProcess.run(["test", plain, "--shard", "0/2"]).status == 0)
        let header = try dir.write("h.orr", "test \"h\" for w in 3 { expect true }\n")
        let broken = try OrreryProcess.run(["test", header, "--shard", "0/2"])
        #expect(broken.status == 1)
        #expect(broken.stdoutLines.contains("FAIL h"), "\(broken.stdout)")
    }

    // MARK: - Output as the run goes

    /// A test that finishes is on stdout (a file, as in a batch job's log) and in the
    /// results file at once, so a task killed at its time limit leaves what it finished.
    @Test func aKilledRunLeavesTheTestsItFinished() throws {
        let dir = try Scratch()
        let file = try dir.write("k.orr", """
            test "quick" { expect true }
            test "endless" {
              var i = 0
              while true { i = i + 1 }
            }

            """)
        let stdout = dir.url.appendingPathComponent("stdout")
        let results = dir.url.appendingPathComponent("k.jsonl")
        let process = try OrreryProcess.start(["test", file, "--results", results.path],
                                              stdout: stdout, stderr: dir.url.appendingPathComponent("stderr"))
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(60)
        func written(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        while Date() < deadline, !(written(stdout).contains("PASS quick") && written(results).contains(#""test":"quick""#)) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(process.isRunning, "the endless test ended: \(written(stdout))")
        #expect(written(stdout) == "PASS quick\n")
        #expect(written(results).contains(#""test":"quick""#), "\(written(results))")
        process.terminate()
        let killDeadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < killDeadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        #expect(written(stdout) == "PASS quick\n")

        // The file says it is incomplete; merge refuses it, or merges it marked partial.
        let refused = try OrreryProcess.run(["merge", results.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the unsharded run is incomplete: 1 result and no complete line (its task was killed"),
                "\(refused.stderr)")
        let partial = try OrreryProcess.run(["merge", results.path, "--allow-partial"])
        #expect(partial.status == 0)
        #expect(partial.stdoutLines == ["partial: PASS quick", "partial: MISSING endless  (\(file): no results in the shards given)",
                                        "partial: 1 passed, 0 failed (0 of 1 shard complete; incomplete \(results.path); 1 test without results)"])
    }

    // MARK: - Choosing the shard

    /// A per-file array (`orrery test "${FILES[$SLURM_ARRAY_TASK_ID]}"`) runs each file whole.
    @Test func aSlurmArrayShardsOnlyWhenAskedTo() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.suite)
        let slurm = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0",
                     "SLURM_ARRAY_TASK_MAX": "2", "SLURM_ARRAY_TASK_STEP": "1"]
        let plain = try OrreryProcess.run(["test", file], environment: slurm)
        #expect(plain.stdoutLines.first { $0.hasPrefix("PASS sweep") }?.contains("/30 ") == true, "\(plain.stdout)")
        #expect(plain.stdoutLines.last == "2 passed, 1 failed")
        let auto = try OrreryProcess.run(["test", file, "--shard", "auto"], environment: slurm)
        #expect(auto.stdoutLines.first == "shard 1/3", "\(auto.stdout)\(auto.stderr)")
        let results = dir.url.appendingPathComponent("r.jsonl").path
        let withResults = try OrreryProcess.run(["test", file, "--results", results], environment: slurm)
        #expect(withResults.stdoutLines.first == "shard 1/3")
        let nowhere = try OrreryProcess.run(["test", file, "--shard", "auto"])
        #expect(nowhere.status == 64)
        #expect(nowhere.stderr.contains("SLURM_ARRAY_TASK_ID"))
    }

    @Test func aSteppedSlurmArraySaysWhatIsWrong() throws {
        let dir = try Scratch()
        let file = try dir.write("s.orr", Self.suite)
        let stepped = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0",
                       "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_STEP": "2"]
        let refused = try OrreryProcess.run(["test", file, "--shard", "auto"], environment: stepped)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("steps by 2 (sbatch --array=0-6:2)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--array=0-3"))
    }

    /// `--shard 0/1` is everything: a statistical test over no samples fails there as in a plain run.
    @Test func shardZeroOfOneFailsAnEmptySample() throws {
        let dir = try Scratch()
        let file = try dir.write("e.orr", "test \"none\" for w in [] { expect true }\n")
        for arguments in [["test", file], ["test", file, "--shard", "0/1"]] {
            let result = try OrreryProcess.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stdout)")
            #expect(result.stdoutLines.contains { $0.hasPrefix("FAIL none  0/0") }, "\(arguments): \(result.stdout)")
        }
    }
}
