import ArgumentParser
import OrreryLang

/// `orrery repl`: the interactive prompt. The REPL's logic lives in OrreryLang's
/// `Repl`; this command only picks the line reader.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start an interactive prompt with line editing, history and tab completion.",
        discussion: """
            Type statements and expressions; an expression's value is echoed. Input
            continues on a `. ` prompt while a construct is open, and a line starting
            with `else` continues the `if` before it. An input that fails binds
            nothing. Commands: .help, .load FILE, .reset, .type EXPR, .time EXPR,
            .limit [N|none], .quit. History is kept in ~/.orrery_history. When stdin
            is not a terminal, lines are read plainly and no prompt is shown.

            Ctrl-C stops a running evaluation with the error "interrupted" and keeps
            every binding; at a prompt it drops the input being typed. Ctrl-D or
            .quit leaves. --max-steps limits each input (loop iterations plus calls);
            .limit N changes the limit, .limit none removes it.

            Examples:
              orrery repl
              printf 'let x = 2\\nx * 21\\n' | orrery repl
            """)

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let output = ConsoleOutput()
        var runOptions = options.runOptions
        let interrupt = InterruptFlag()
        runOptions.interrupt = interrupt
        // Ctrl-C stops the evaluation running now (or drops the input being typed), not the REPL.
        InterruptSignal.install(interrupt)
        defer { InterruptSignal.restore() }
        if Terminal.stdinIsTTY {
            let reader = ReadlineLineReader(historyFile: ReadlineLineReader.defaultHistoryFile, interrupt: interrupt)
            let repl = Repl(options: runOptions, reader: reader, output: output)
            repl.extensions = Domains.installed
            reader.complete = { [unowned repl] prefix in repl.completions(for: prefix) }
            repl.run()
            reader.saveHistory()
        } else {
            let repl = Repl(options: runOptions, reader: PlainLineReader(), output: output)
            repl.extensions = Domains.installed
            repl.run()
        }
    }
}

// MARK: - Plain reader

/// Reads lines from a non-interactive stdin: no prompt, no history, so piped input
/// produces only the values the REPL echoes.
final class PlainLineReader: LineReader {
    func readLine(prompt: String) -> String? {
        Swift.readLine(strippingNewline: true)
    }

    func addHistory(_ line: String) {}
}
