#if canImport(Glibc)
import Glibc
#endif
import Foundation
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

// MARK: - Progress

/// Training progress as a one-line bar on stderr, redrawn in place; only when stderr
/// is a terminal, so piped output and logs stay clean.
extension ConsoleOutput: ProgressSink {
    func progress(_ label: String, fraction: Double, detail: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        let width = 24
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded())))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        Terminal.flush()
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(label) \(bar) \(detail)".utf8))
    }

    func progressDone(_ label: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
