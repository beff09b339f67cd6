import ArgumentParser
import OrreryLang

/// Options shared by the commands that run scripts (`run`, `test`).
struct ScriptOptions: ParsableArguments {
    @Option(help: "Seed for every random stream the script uses; same seed, same results.")
    var seed: UInt64 = RunOptions().seed

    @Option(name: .customLong("out"), help: ArgumentHelp("Folder the script may write files into.", valueName: "dir"))
    var outputDirectory: String = RunOptions().outputDirectory

    /// The library's options with these values filled in.
    var runOptions: RunOptions {
        var options = RunOptions()
        options.seed = seed
        options.outputDirectory = outputDirectory
        return options
    }
}
