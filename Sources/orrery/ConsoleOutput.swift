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

// MARK: - Console output

/// The executable's `OutputSink`: `print` and `show` go to stdout, REPL errors
/// (already formatted diagnostics) to stderr.
final class ConsoleOutput: ReplOutput {
    private let renderer: ShowRenderer

    init(renderer: ShowRenderer = PlainShowRenderer()) {
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
