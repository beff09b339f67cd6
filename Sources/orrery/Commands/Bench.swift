import ArgumentParser
import Foundation
import WorldKit

/// `orrery bench`: the functional benchmark, models × tasks with 95% intervals.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the functional benchmark: models × tasks, each cell a mean over trained copies with a 95% interval.",
        discussion: """
            Trains --copies copies of each learned model (training seeds seed, seed+1, …),
            runs every task on the same seeded scenes for every copy of every model and
            prints the table: per cell the mean over copies, a 95% interval over scenes
            and training seeds (two-level bootstrap) and ×copies. The physics column is
            the ceiling, still the trivial baseline; n/a marks a cell the model cannot
            answer. A model name with +priors runs under no_overlap and above_ground in
            project mode. See Stdlib/bench/README.md for what each task measures.

            Models: \(BenchmarkOptions.knownModels.joined(separator: ", ")) (each also with +priors)
            Tasks:  \(BenchmarkTasks.names.joined(separator: ", "))

            Examples:
              orrery bench --quick
              orrery bench --models window,memory,physics --tasks permanence --seed 3 --json out/bench.json
              orrery bench --copies 5 --report out/bench.html
            """)

    @Option(help: ArgumentHelp("Comma-separated models.", valueName: "list"))
    var models: String = BenchmarkOptions.defaultModels.joined(separator: ",")

    @Option(help: ArgumentHelp("Comma-separated tasks.", valueName: "list"))
    var tasks: String = BenchmarkTasks.names.joined(separator: ",")

    @OptionGroup var seedOption: SeedOption

    @Flag(help: "Small data, short training, few scenes (for smoke runs and tests).")
    var quick = false

    @Option(help: ArgumentHelp("Trained copies of each learned model (training seeds seed, seed+1, …).", valueName: "n"))
    var copies: Int = BenchmarkOptions.defaultCopies

    @Option(help: ArgumentHelp("Also write the results as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Also write a report with a plot per task: HTML when FILE ends in .html, else Markdown.", valueName: "file"))
    var report: String?

    @Flag(help: "Also print which of the survey's predictions the table reproduces (from the intervals).")
    var claims = false

    @Flag(help: "No progress lines on stderr.")
    var silent = false

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        let m = Bench.list(models), t = Bench.list(tasks)
        if m.isEmpty { throw ValidationError("give at least one model") }
        if t.isEmpty { throw ValidationError("give at least one task") }
        for name in m {
            let base = name.hasSuffix("+priors") ? String(name.dropLast("+priors".count)) : name
            if !BenchmarkOptions.knownModels.contains(base) {
                throw ValidationError("unknown model '\(name)' (known: \(BenchmarkOptions.knownModels.joined(separator: ", ")), each also with +priors)")
            }
        }
        for name in t where BenchmarkTasks.named(name) == nil {
            throw ValidationError("unknown task '\(name)' (known: \(BenchmarkTasks.names.joined(separator: ", ")))")
        }
        if Set(m).count != m.count { throw ValidationError("a model is listed twice") }
        if !(1...BenchmarkOptions.maximumCopies).contains(copies) {
            throw ValidationError("--copies must be in 1...\(BenchmarkOptions.maximumCopies), got \(copies)")
        }
    }

    func run() throws {
        try ScriptFiles.requireFolders(of: json)
        try ScriptFiles.requireFolders(of: report)
        let options = BenchmarkOptions(models: Bench.list(models), tasks: Bench.list(tasks), seed: seedOption.seed, quick: quick,
                                       copies: copies)
        let results: BenchmarkReport
        do {
            results = try Benchmark.run(options, version: OrreryVersion.current) { line in
                if !silent { Terminal.err("bench: " + line) }
            }
        } catch let e as ModelError {
            Terminal.err("orrery bench: \(e.message)")
            throw ExitStatus.runtimeError
        }
        Terminal.out(String(results.table.dropLast()))
        if claims { Terminal.out("\n" + String(results.claims.dropLast())) }
        if let json { try ScriptFiles.write(results.json, to: json) }
        if let report { try ScriptFiles.write(report.hasSuffix(".html") ? results.html : results.markdown, to: report) }
    }
}
