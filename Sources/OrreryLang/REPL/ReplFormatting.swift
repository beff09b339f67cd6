/// Plain-text rendering of problems for the REPL (it writes to a ReplOutput, never in colour).
enum ReplFormatting {
    static func format(_ d: Diagnostic, source: String?) -> String {
        DiagnosticFormatter.format(d, source: source, color: false)
    }

    static func format(_ e: RuntimeError, source: String?) -> String {
        DiagnosticFormatter.format(e, source: source, color: false)
    }

    static func format(_ f: ExpectFailure, source: String?) -> String {
        DiagnosticFormatter.format(f, source: source, color: false)
    }
}
