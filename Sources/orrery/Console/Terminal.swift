#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

// MARK: - Terminal

/// What the executable knows about its terminal: TTY detection, colour, and the
/// two output streams. Diagnostics go to stderr, script output to stdout.
enum Terminal {
    /// Whether standard input is an interactive terminal (the REPL uses readline then).
    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) != 0 }

    /// Colour for diagnostics only when stderr is a TTY and the user has not opted
    /// out with `NO_COLOR` (https://no-color.org: any non-empty value disables it).
    static var stderrWantsColor: Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(STDERR_FILENO) != 0
    }

    /// Pictures for `show` only when stdout is a TTY and `NO_COLOR` is unset.
    static var stdoutWantsColor: Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        return isatty(STDOUT_FILENO) != 0
    }

    /// The terminal's width in columns (`COLUMNS`, then the TTY, then 80).
    static var columns: Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n > 0 { return min(n, 400) }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Makes stdout line-buffered. A terminal already is; a pipe or a file (a batch
    /// job's log) would otherwise hold output back in blocks, so `tail -f` showed
    /// nothing until the buffer filled and a killed job lost its last lines.
    static func bufferStdoutByLine() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }

    /// Lets SIGTERM and SIGINT end the process as their default action does, even when
    /// the launcher passed them on blocked (Foundation's `Process` on Linux hands the
    /// child its spawning thread's signal mask, and Dispatch's threads block them): a
    /// scheduler's SIGTERM at a time limit must stop a test run.
    static func unblockTermination() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        sigprocmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Writes one line of script output to stdout.
    static func out(_ line: String) {
        Swift.print(line)
    }

    /// Writes text to stderr, adding a newline when missing. Flushes stdout first so
    /// script output and diagnostics appear in the order they happened.
    static func err(_ text: String) {
        fflush(stdout)
        let line = text.hasSuffix("\n") ? text : text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Flushes pending stdout, e.g. before handing the terminal to readline.
    static func flush() {
        fflush(stdout)
    }
}
