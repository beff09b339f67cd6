import ArgumentParser
import OrreryLang

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
        subcommands: [Run.self, Check.self, Test.self, Merge.self, ReplCommand.self, NotebookCommand.self, SessionCommand.self,
                      Bench.self])
}

extension Orrery {
    /// What is wrong with `orrery help WORD…` when a word names no command: argument-parser
    /// would print the root page and exit 0, hiding the typo. Nil when every word is a command.
    static func helpTopicError(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        var level = configuration.subcommands
        var path = "orrery"
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            // `orrery help help` is argument-parser's own page.
            if word == "help" && path == "orrery" { return nil }
            let names = level.map { $0._commandName }
            guard let command = level.first(where: { $0._commandName == word }) else {
                if names.isEmpty { return "'\(path)' has no subcommands, got '\(word)'" }
                return "no command '\(word)' in '\(path)'\(Suggestions.hint(word, among: names)); "
                    + "one of: " + names.joined(separator: ", ")
            }
            level = command.configuration.subcommands
            path += " " + word
        }
        return nil
    }
}

if let problem = Orrery.helpTopicError(Array(CommandLine.arguments.dropFirst())) {
    Orrery.exit(withError: ValidationError(problem))
}
Terminal.bufferStdoutByLine()
Terminal.unblockTermination()
Orrery.main()
