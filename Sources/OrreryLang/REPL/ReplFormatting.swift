/// Plain-text rendering of problems for the REPL (no colour: it writes to a ReplOutput).
enum ReplFormatting {
    static func location(_ r: SourceRange) -> String {
        "\(r.file):\(r.start.line):\(r.start.column)"
    }

    static func format(_ d: Diagnostic, source: String?) -> String {
        var lines = ["\(location(d.range)): \(d.severity.rawValue): \(d.message)"]
        lines += caret(d.range, source)
        for note in d.notes {
            if let r = note.range { lines.append("\(location(r)): note: \(note.message)") } else { lines.append("note: \(note.message)") }
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ e: RuntimeError, source: String?) -> String {
        var lines = ["\(location(e.range)): error: \(e.message)"]
        lines += caret(e.range, source)
        for frame in e.trace { lines.append("  in \(frame.function) (\(location(frame.range)))") }
        return lines.joined(separator: "\n")
    }

    static func format(_ f: ExpectFailure) -> String {
        var text = "\(location(f.range)): \(f.message)"
        if let c = f.comparison { text += " (\(c.lhs) \(c.op) \(c.rhs))" }
        return text
    }

    /// The source line and a caret under the start of the range.
    private static func caret(_ r: SourceRange, _ source: String?) -> [String] {
        guard let source else { return [] }
        let all = source.split(separator: "\n", omittingEmptySubsequences: false)
        let i = r.start.line - 1
        guard i >= 0, i < all.count else { return [] }
        let pad = String(repeating: " ", count: max(0, r.start.column - 1))
        return ["  " + all[i], "  " + pad + "^"]
    }
}
