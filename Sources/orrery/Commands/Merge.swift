import ArgumentParser
import OrreryLang

/// `orrery merge FILE…`: one report from the JSON-lines results of test shards.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the --results files of sharded 'orrery test' runs into one report.",
        discussion: """
            Statistical tests are summed over shards and their pass rate and Wilson 95%
            interval recomputed; a plain test passes when the shard that ran it passed.
            Prints the usual PASS/FAIL lines and `N passed, M failed`; exits 1 when a
            test failed, 65 when the results cannot be merged, 74 when a file cannot be
            read or the report not written.

            Examples:
              orrery test suite.orr --shard 0/2 --results shard-0.jsonl
              orrery test suite.orr --shard 1/2 --results shard-1.jsonl
              orrery merge shard-*.jsonl --junit report.xml
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("Results files written by 'orrery test --results'.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Also write the merged results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one results file") }
    }

    func run() throws {
        var records: [ShardRecord] = []
        for file in files {
            guard let text = ScriptFiles.read(file) else { throw ExitStatus.ioError }
            do { records += try ShardRecord.parse(text, file: file) } catch {
                Terminal.err("orrery: \(error)")
                throw ExitStatus.scriptError
            }
        }
        let merged: [MergedTest]
        do { merged = try ShardMerge.merge(records) } catch {
            Terminal.err("orrery: \(error)")
            throw ExitStatus.scriptError
        }
        var summary = TestSummary()
        for test in merged {
            summary.record(test: test.test, file: test.file, sweep: test.sweep, passed: test.passed,
                           details: (test.sweep.map(TestSummary.failedSampleLines) ?? []) + test.failures.map { "  " + $0 })
        }
        Terminal.out(summary.totals)
        if let junit { try ScriptFiles.write(JUnitReport(suites: summary.suites).xml(), to: junit) }
        if let status = summary.exitStatus { throw status }
    }
}
