import ArgumentParser
import OrreryLang

/// `orrery check FILE…`: parses, resolves and checks (Compiler+Checks.swift), runs nothing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report every syntax and resolve error in the given scripts, and what would fail when run, without running them.",
        discussion: """
            Prints all diagnostics of all files to stderr. Besides syntax and resolve
            errors it reports what would fail when its line runs: unknown named
            arguments and too many arguments to built-ins and top-level functions,
            unknown scene entry words and properties, and names in event patterns that
            no scene of the script declares. Exits 65 if any file has an error, 74 if a
            file cannot be read, 0 otherwise.

            Examples:
              orrery check tour.orr
              orrery check Stdlib/*.orr
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("The scripts to check.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Also let the scripts import files below this folder; repeatable.", valueName: "dir"))
    var allowRead: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to check") }
    }

    func run() throws {
        var unreadable = false
        var hasErrors = false
        for file in files {
            // An unreadable file is reported and checking goes on with the next one.
            var options = RunOptions()
            options.allowRead = allowRead
            guard let script = try? ScriptRun(reading: file, options: options) else {
                unreadable = true
                continue
            }
            let diagnostics = Array(script.headerProblem.map { [$0] } ?? []) + script.engine.check(path: file, source: script.source)
            diagnostics.forEach(script.printer.print)
            if diagnostics.contains(where: { $0.severity == .error }) { hasErrors = true }
        }
        // An unreadable file is the more basic problem: report it over script errors.
        if unreadable { throw ExitStatus.ioError }
        if hasErrors { throw ExitStatus.scriptError }
    }
}
