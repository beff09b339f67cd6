import ArgumentParser
import OrreryLang

/// `orrery merge FILE…`: one report from the results files of a sweep's shards.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the --results files of sharded 'orrery test' runs into one report.",
        discussion: """
            Statistical tests are summed over shards and their pass rate and Wilson 95%
            interval recomputed; a plain test passes when the shard that ran it passed.
            Prints the usual PASS/FAIL lines and `N passed, M failed`, tests in the
            sweep's order whatever order the files are given in.

            The files must be exactly the shards of one sweep (the same scripts, seed and
            tests), each once and complete, or one unsharded run. Otherwise merge names
            what is wrong (a missing shard, a shard given twice, a different sweep, an
            unsharded run mixed with shards, an incomplete file from a killed task) and
            exits 65. --allow-partial merges what is there of missing and incomplete
            shards, and starts every line it prints with `partial: `; a test no shard
            given has results for is a `MISSING name` line.

            Exits 1 when a test failed, 65 when the results cannot be merged, 74 when a
            file cannot be read or the report not written.

            Examples:
              orrery test suite.orr --shard 0/2 --results shard-0.jsonl
              orrery test suite.orr --shard 1/2 --results shard-1.jsonl
              orrery merge shard-*.jsonl --junit report.xml
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("Results files written by 'orrery test --results'.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Also write the merged results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Flag(help: "Merge what is there when shards are missing or incomplete, and say so on every line.")
    var allowPartial = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one results file") }
    }

    func run() throws {
        try ScriptFiles.requireFolders(of: junit)
        var results: [ResultsFile] = []
        for file in files {
            guard let text = ScriptFiles.read(file) else { throw ExitStatus.ioError }
            do { results.append(try ResultsFile(parsing: text, path: file)) } catch {
                Terminal.err("orrery: cannot merge: \(error)")
                throw ExitStatus.scriptError
            }
        }
        let report: MergeReport
        do { report = try ShardMerge.merge(results, allowPartial: allowPartial) } catch {
            "\(error)".split(separator: "\n").forEach { Terminal.err("orrery: cannot merge: \($0)") }
            throw ExitStatus.scriptError
        }
        report.gaps.forEach { Terminal.err("orrery: merging anyway (--allow-partial): \($0)") }
        var summary = TestSummary()
        summary.partialNote = report.partialNote
        report.tests.forEach { summary.record($0) }
        report.unrecorded.forEach { summary.emit("MISSING \($0.name)  (\($0.file): no results in the shards given)") }
        summary.emit(summary.totals)
        if let junit {
            let name = report.partialNote.map { "orrery (partial: \($0))" } ?? "orrery"
            try ScriptFiles.write(JUnitReport(suites: summary.suites, name: name).xml(), to: junit)
        }
        if let status = summary.exitStatus { throw status }
    }
}
