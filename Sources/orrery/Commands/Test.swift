import ArgumentParser
import Foundation
import OrreryLang

/// `orrery test PATH…`: runs each file's top level, then its `test` blocks.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the test blocks of scripts; folders are searched recursively for *.orr files.",
        discussion: """
            Prints `PASS name` or `FAIL name` for each test (a failure is followed by
            `file:line:col: expect failed: …` and the values of both sides), then the
            line `N passed, M failed`. Exits 1 when a test failed, 65 when a file has
            syntax errors, 74 when a path cannot be read or the report not written.
            --max-steps counts the steps of a whole file, its tests together.

            Examples:
              orrery test Stdlib/examples
              orrery test physics.orr --filter contact --seed 3
              orrery test Stdlib --junit build/orrery-tests.xml
              orrery test suite.orr --seed 7 --shard 2/8 --results shard-2.jsonl
              orrery merge shard-*.jsonl --junit report.xml

            Sharding: shard i/N (i from 0) runs samples k of statistical tests with
            k mod N = i, and likewise the plain tests by position; 0/1 is everything.
            In a shard of N > 1 a statistical test prints PART and its tally, not a
            verdict, and does not set the exit code: 'orrery merge' decides it.
            --shard auto reads SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or
            JOB_COMPLETION_INDEX (Kubernetes indexed jobs) with --shard-count N; so does
            --results without --shard, running everything when neither is set. Without
            --shard or --results, the scheduler's variables are ignored.

            --results writes JSON lines as the run goes: a start line with the sweep's
            identity (scripts and their SHA-256, seed, shard, tests), a line per test
            as soon as it has run, and a complete line last; a task killed before the
            end leaves a file without it, which 'orrery merge' reports as incomplete.
            When stdout is not a terminal it is line-buffered, so logs follow the run.
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("Script files or folders of scripts.", valueName: "path"))
    var paths: [String]

    @Option(help: "Run only the tests whose name contains this text.")
    var filter: String?

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Run only shard i of N (i from 0), as i/N; auto: the scheduler's array index.",
                               valueName: "i/N|auto"))
    var shard: String?

    @Option(help: ArgumentHelp("The number of shards when the index comes from JOB_COMPLETION_INDEX.", valueName: "N"))
    var shardCount: Int?

    @Option(help: ArgumentHelp("Also write the results as JSON lines to this file, for 'orrery merge' (reads --shard auto's variables).",
                               valueName: "file"))
    var results: String?

    @Option(help: ArgumentHelp("Search each statistical test's family for N failing candidates (CEM) instead of running its samples.",
                               valueName: "N"))
    var falsify: Int?

    @OptionGroup var options: ScriptOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to test") }
        if let falsify, falsify < 1 || falsify > 1_000_000 {
            throw ValidationError("--falsify must be between 1 and 1000000 candidates, got \(falsify)")
        }
    }

    func run() throws {
        let (files, missing) = ScriptFiles.expand(paths)
        guard missing.isEmpty else {
            missing.forEach { Terminal.err("orrery: cannot read '\($0)': no such file or folder") }
            throw ExitStatus.ioError
        }

        if files.isEmpty {
            Terminal.err("orrery: no *.orr files found in \(paths.joined(separator: ", "))")
        }

        let shard: Shard?
        do {
            shard = try Shard.select(flag: self.shard, count: shardCount, fromScheduler: results != nil,
                                     environment: ProcessInfo.processInfo.environment)
        } catch {
            Terminal.err("orrery: \(error)")
            throw ExitStatus.usage
        }
        if let shard { Terminal.out("shard \(shard.description)") }
        try ScriptFiles.requireFolders(of: results, junit, outputFolder: options.outputDirectory)
        // Every script is read first: a results file starts with their hashes and tests.
        var runOptions = options.runOptions
        runOptions.falsify = falsify
        let scripts = try files.map { try ScriptRun(reading: $0, options: runOptions, commandLineSeed: options.seed) }
        let writer = try results.map { try ResultsWriter(path: $0, start: ResultsStart(sweep: sweep(of: scripts), shard: shard)) }
        var summary = TestSummary()
        for script in scripts {
            // A fresh engine per file: files must not see each other's bindings.
            summary.begin(file: script.path)
            // Each result is printed and written as soon as its test has run.
            // A malformed configuration line stops the file as a syntax error does.
            let report = script.headerProblem.map { FileRunReport(outcome: .scriptErrors([$0])) }
                ?? script.engine.test(path: script.path, source: script.source, filter: filter, shard: shard) { result in
                    summary.record(result, printer: script.printer)
                    writer?.append(ShardRecord(result))
                }
            summary.finish(report, file: script.path, printer: script.printer)
            if let problems = ShardRecord(problemsOf: report, file: script.path) { writer?.append(problems) }
            try writer?.check()
        }
        try writer?.complete()

        Terminal.out(summary.totals)
        if let junit { try ScriptFiles.write(JUnitReport(suites: summary.suites).xml(), to: junit) }
        if let status = summary.exitStatus { throw status }
    }

    /// The identity of this run's sweep: the scripts and their hashes, the seed, the tests.
    private func sweep(of scripts: [ScriptRun]) -> SweepIdentity {
        SweepIdentity(scripts: scripts.map { SweepScript(path: $0.path, sha256: SHA256.hex(Array($0.source.utf8))) },
                      seed: options.runOptions.seed,
                      tests: scripts.flatMap { $0.engine.plannedTests(path: $0.path, source: $0.source, filter: filter) })
    }
}
