import ArgumentParser

// MARK: - Root command

/// `orrery`: the thin command-line front end. Everything it runs lives in the libraries
/// (the language, and the world it installs through `Domains`); this target only parses
/// arguments, reads files, prints, and picks exit codes.
struct Orrery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orrery",
        abstract: "Run, check and test Orrery scenario scripts, or explore them in a REPL.",
        discussion: """
            Exit codes: 0 ok, 1 a test or top-level expect failed, 64 usage error,
            65 script error (syntax or resolve), 70 runtime error, 74 I/O error.

            Examples:
              orrery run Stdlib/examples/tour.orr --seed 7 --out out
              orrery test Stdlib/examples --filter block
              orrery check a.orr b.orr
              orrery repl
              orrery notebook Stdlib/examples/notebook.orr -o report.html
              orrery bench --quick
              orrery help run
            """,
        version: OrreryVersion.current,
        subcommands: [Run.self, Check.self, Test.self, Merge.self, ReplCommand.self, NotebookCommand.self, Bench.self])
}

Terminal.bufferStdoutByLine()
Terminal.unblockTermination()
Orrery.main()
