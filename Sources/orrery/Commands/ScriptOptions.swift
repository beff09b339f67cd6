import ArgumentParser
import OrreryLang

// MARK: - How a script runs

/// `--seed`, `--out`, `--max-steps`, `--allow-exec` and `--max-memory`: the options of every command
/// that runs scripts (`run`, `test`, `repl`, `notebook`), declared once so each flag
/// means the same everywhere. Defaults are `RunOptions`'s.
struct ScriptOptions: ParsableArguments {
    /// Nil when the command line gives none: a script's configuration line may then set it.
    @Option(help: ArgumentHelp("Seed of every random stream; the same seed gives the same results. (default: \(RunOptions().seed),"
                               + " or the script's '# orrery: --seed N' line)", valueName: "seed"))
    var seed: UInt64?

    @Option(name: .customLong("out"), help: ArgumentHelp("Folder the script may write files into.", valueName: "dir"))
    var outputDirectory: String = RunOptions().outputDirectory

    @Option(help: "Stop with a runtime error after this many loop iterations plus calls.")
    var maxSteps: Int?

    @Flag(help: "Let scripts start other processes (external models).")
    var allowExec = false

    @Option(help: ArgumentHelp("Also let scripts read below this folder (import, load_model); repeatable.", valueName: "dir"))
    var allowRead: [String] = []

    @Option(help: ArgumentHelp("Bytes a script may write in all its files (per file), e.g. 512M or 1G.", valueName: "bytes"))
    var maxOutput = ByteSize(OutputFolder.defaultMaxBytes)

    @Option(help: ArgumentHelp("Memory budget of lists, strings, records, rollouts and images, e.g. 512M or 4G.",
                               valueName: "bytes"))
    var maxMemory = ByteSize(MemoryBudget.defaultLimit)

    func validate() throws {
        if let maxSteps, maxSteps <= 0 {
            throw ValidationError("--max-steps must be a positive number, got \(maxSteps)")
        }
    }

    /// The library's options with these values filled in.
    var runOptions: RunOptions {
        var options = RunOptions()
        options.seed = seed ?? RunOptions().seed
        options.outputDirectory = outputDirectory
        options.maxSteps = maxSteps
        options.allowExec = allowExec
        options.allowRead = allowRead
        options.maxOutputBytes = maxOutput.bytes
        options.maxMemory = maxMemory.bytes
        return options
    }
}

// MARK: - The seed

/// `--seed`, on its own for `bench`, which runs no script but draws from the same
/// seeded streams. Any `UInt64`; the same default as every script run.
struct SeedOption: ParsableArguments {
    @Option(help: "Seed of every random stream; the same seed gives the same results.")
    var seed: UInt64 = RunOptions().seed
}
