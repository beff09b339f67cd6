/// Plain-text rendering of problems for the REPL (it writes to a ReplOutput, never in colour).
enum ReplFormatting {
    static func format(_ d: Diagnostic, source: String?) -> String {
        DiagnosticFormatter.format(d, source: source, color: false)
    }

    static func format(_ e: RuntimeError, source: String?) -> String {
        DiagnosticFormatter.format(e, source: source, color: false)
    }

    /// `file:line:col: message`, plus both sides of a failed comparison.
    static func format(_ f: ExpectFailure) -> String {
        var text = "\(f.range.file):\(f.range.start.line):\(f.range.start.column): \(f.message)"
        if let c = f.comparison { text += " (\(c.lhs) \(c.op) \(c.rhs))" }
        return text
    }
}
