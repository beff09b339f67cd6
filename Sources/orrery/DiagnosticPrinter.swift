import OrreryLang

// MARK: - Diagnostic printing

/// Formats diagnostics and runtime errors with `DiagnosticFormatter` and writes them
/// to stderr. Source text for the caret line comes from the engine (which knows
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

    /// How many frames of a long stack trace are shown from each end; a stack
    /// overflow has thousands of identical frames that would bury the message.
    private static let traceHead = 20, traceTail = 5

    func print(_ error: RuntimeError) {
        var shown = error
        let frames = error.trace
        if frames.count > Self.traceHead + Self.traceTail { shown.trace = Array(frames.prefix(Self.traceHead)) }
        var text = DiagnosticFormatter.format(shown, source: source(of: error.range.file), color: color)
        if shown.trace.count < frames.count {
            let omitted = frames.count - Self.traceHead - Self.traceTail
            text += "\n  ... \(omitted) more frames ..."
            for frame in frames.suffix(Self.traceTail) {
                let start = frame.range.start
                text += "\n  in \(frame.function) (\(frame.range.file):\(start.line):\(start.column))"
            }
        }
        Terminal.err(text)
    }

    /// A failed `expect`: `file:line:col: expect failed: a == b`, then the values of
    /// both sides when the condition was a comparison.
    func describe(_ failure: ExpectFailure) -> [String] {
        let start = failure.range.start
        var lines = ["\(failure.range.file):\(start.line):\(start.column): expect failed: \(headline(of: failure))"]
        if let comparison = failure.comparison {
            lines.append("  left: \(comparison.lhs)")
            lines.append("  right: \(comparison.rhs)")
        }
        return lines
    }

    // MARK: - Expect headlines

    /// The engine's default message for an `expect` without one of its own.
    private static let defaultExpectMessage = "expectation failed"

    /// The user's message if they wrote one, else the condition as written in the
    /// source (`a == b`), else the engine's message.
    private func headline(of failure: ExpectFailure) -> String {
        if failure.message != Self.defaultExpectMessage && !failure.message.isEmpty { return failure.message }
        if let text = conditionText(failure.range) { return text }
        return failure.message
    }

    /// The source text under the failure's range, without a leading `expect`.
    private func conditionText(_ range: SourceRange) -> String? {
        guard let text = source(of: range.file) else { return nil }
        let bytes = Array(text.utf8)
        let lower = range.start.offset, upper = range.end.offset
        guard lower >= 0, lower < upper, upper <= bytes.count else { return nil }
        var slice = String(decoding: bytes[lower..<upper], as: UTF8.self).trimmingWhitespace()
        if slice.hasPrefix("expect ") || slice.hasPrefix("expect\t") {
            slice = String(slice.dropFirst("expect".count)).trimmingWhitespace()
        }
        // Only single-line conditions make a readable headline.
        guard !slice.isEmpty, !slice.contains("\n") else { return nil }
        return slice
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
