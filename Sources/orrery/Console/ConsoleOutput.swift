#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OrreryLang
import OrreryWorld

// MARK: - Console output

/// The executable's `OutputSink`: `print` and `show` go to stdout, REPL errors
/// (already formatted diagnostics) to stderr. A shown value is drawn by the installed
/// domains (pictures of the world in a colour terminal, text summaries in a pipe).
final class ConsoleOutput: ReplOutput {

    func print(_ line: String) {
        Terminal.out(line)
    }

    func show(_ value: Value) {
        Terminal.out(ValueDisplay.terminalText(of: value, extensions: Domains.installed,
                                               colored: Terminal.stdoutWantsColor, columns: Terminal.columns))
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
