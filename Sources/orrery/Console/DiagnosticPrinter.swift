import OrreryLang

// MARK: - Diagnostic printing

/// Formats diagnostics, runtime errors and failed expects with `DiagnosticFormatter`
/// (the one renderer of problems) and writes them to stderr. Source text for the caret line comes from the engine (which knows
/// imported files and the embedded Stdlib) or from the file the command read.
struct DiagnosticPrinter {
    let engine: Engine
    let color: Bool
    /// Sources the command read itself, by path.
    var sources: [String: String] = [:]

    init(engine: Engine, color: Bool = Terminal.stderrWantsColor) {
        self.engine = engine
        self.color = color
    }

    func source(of file: String) -> String? {
        engine.sourceText(of: file) ?? sources[file]
    }

    func print(_ diagnostic: Diagnostic) {
        Terminal.err(DiagnosticFormatter.format(diagnostic, source: source(of: diagnostic.range.file), color: color))
    }

    /// Frames of a long stack trace shown (the first ones and the last five): a stack
    /// overflow has thousands of identical frames that would bury the message.
    private static let maxFrames = 25

    func print(_ error: RuntimeError) {
        Terminal.err(DiagnosticFormatter.format(error, source: source(of: error.range.file), color: color,
                                                maxFrames: Self.maxFrames))
    }

    /// A failed `expect`: `file:line:col: expect failed: a == b`, then the values of
    /// both sides when the condition was a comparison; one string per line.
    func describe(_ failure: ExpectFailure) -> [String] {
        DiagnosticFormatter.format(failure, source: source(of: failure.range.file))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
