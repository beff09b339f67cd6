import OrreryLang

// MARK: - Show rendering

/// Turns the value of a `show x` statement into terminal text. This is the hook for
/// later work that draws states, rollouts and frames; plain values print their
/// description.
protocol ShowRenderer {
    func render(_ value: Value) -> String
}

/// The renderer for plain values: the value's own description.
struct PlainShowRenderer: ShowRenderer {
    func render(_ value: Value) -> String { String(describing: value) }
}

/// Draws frames, states, scenes and rollouts with Unicode half blocks in 24-bit
/// colour when stdout is a colour terminal; prints text summaries otherwise.
struct WorldShowRenderer: ShowRenderer {
    func render(_ value: Value) -> String {
        ShowRendering.render(value, colored: Terminal.stdoutWantsColor, columns: Terminal.columns)
    }
}

// MARK: - Console output

/// The executable's `OutputSink`: `print` and `show` go to stdout, REPL errors
/// (already formatted diagnostics) to stderr.
final class ConsoleOutput: ReplOutput {
    private let renderer: ShowRenderer

    init(renderer: ShowRenderer = WorldShowRenderer()) {
        self.renderer = renderer
    }

    func print(_ line: String) {
        Terminal.out(line)
    }

    func show(_ value: Value) {
        Terminal.out(renderer.render(value))
    }

    func error(_ text: String) {
        Terminal.err(text)
    }
}
