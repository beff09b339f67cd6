import CReadline
import Foundation
import OrreryLang

// MARK: - Readline reader

/// A `LineReader` backed by GNU readline: line editing, a history file, and tab
/// completion from the REPL's names in scope.
final class ReadlineLineReader: LineReader {
    /// `~/.orrery_history`, or nil when there is no home folder to keep it in.
    static var defaultHistoryFile: String? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.orrery_history"
    }

    /// How many history lines are kept between sessions.
    private static let historyLimit: Int32 = 1000

    private let historyFile: String?
    /// Completion candidates for the word being typed; set by the REPL command.
    var complete: ((String) -> [String])? {
        didSet { ReadlineCompletion.provider = complete }
    }
    /// The REPL's interrupt flag, raised by Ctrl-C (see `endLineOnInterrupt`).
    nonisolated(unsafe) fileprivate static var interrupt: InterruptFlag?

    /// A reader whose line ends when `interrupt` is raised.
    init(historyFile: String?, interrupt: InterruptFlag) {
        self.historyFile = historyFile
        Self.interrupt = interrupt
        // Completion works on the identifier being typed, so `.` and operators end a word.
        rl_basic_word_break_characters = ReadlineCompletion.wordBreaks
        rl_attempted_completion_function = attemptCompletion
        stifle_history(Self.historyLimit)
        // Ctrl-C raises the REPL's interrupt flag (`InterruptSignal`), which readline
        // learns of through its event hook.
        rl_catch_signals = 0
        rl_event_hook = endLineOnInterrupt
        if let historyFile { _ = read_history(historyFile) }
    }

    func readLine(prompt: String) -> String? {
        Terminal.flush()
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    func addHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        add_history(line)
        // Saved after every line so history survives a REPL killed with Ctrl-C.
        saveHistory()
    }

    /// Writes the history file (at most `historyLimit` lines).
    func saveHistory() {
        guard let historyFile else { return }
        _ = write_history(historyFile)
    }
}

// MARK: - Completion bridge

/// Readline calls plain C function pointers, which cannot capture context, so the
/// current provider and its matches live here (the REPL is single-threaded).
enum ReadlineCompletion {
    static var provider: ((String) -> [String])?
    private static var matches: [String] = []
    private static var next = 0

    /// Characters that end a word for completion. A static string's bytes live for
    /// the whole process, which readline requires of this pointer.
    private static let wordBreakText: StaticString = " \t\n\"\\'`@$><=;|&{(,)}[]+-*/%~.:"
    static var wordBreaks: UnsafePointer<CChar> {
        UnsafeRawPointer(wordBreakText.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Whether the word being completed follows a `.` at the start of the line: a
    /// REPL command such as `.help`. The `.` is a word break, so readline hands us
    /// only `he`; the provider wants `.he`, and readline must get `help` back.
    fileprivate static var completingCommand = false

    /// The candidates for `prefix`, reset before readline asks for them one by one.
    fileprivate static func begin(_ prefix: String) {
        if completingCommand {
            matches = (provider?("." + prefix) ?? []).map { String($0.dropFirst()) }
        } else {
            matches = provider?(prefix) ?? []
        }
        next = 0
    }

    /// The next candidate, or nil when all were handed out.
    fileprivate static func nextMatch() -> String? {
        guard next < matches.count else { return nil }
        defer { next += 1 }
        return matches[next]
    }
}

// MARK: - Interrupt at the prompt

/// Readline calls this about ten times a second while it waits for a key (and at once
/// when a signal interrupts the wait). After Ctrl-C it ends the line as Enter would,
/// showing `^C`; the REPL sees the raised flag and drops the input.
private func endLineOnInterrupt() -> Int32 {
    guard ReadlineLineReader.interrupt?.isRaised == true, rl_done == 0 else { return 0 }
    rl_point = rl_end
    rl_redisplay()
    fputs("^C", rl_outstream ?? stdout)
    rl_done = 1
    return 0
}

/// `rl_attempted_completion_function`: our matches only, never file names.
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1
    ReadlineCompletion.completingCommand = start == 1 && rl_line_buffer.map { $0[0] == CChar(UInt8(ascii: ".")) } == true
    return rl_completion_matches(text, generateCompletion)
}

/// The generator readline calls with state 0 first, then 1, 2, … until nil.
/// Each returned string is malloc'ed; readline frees it.
private func generateCompletion(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { ReadlineCompletion.begin(text.map { String(cString: $0) } ?? "") }
    return ReadlineCompletion.nextMatch().flatMap { strdup($0) }
}
