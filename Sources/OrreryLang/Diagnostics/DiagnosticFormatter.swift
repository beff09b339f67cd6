// Renders diagnostics the way compilers draw them:
//
//   tour.orr:3:11: error: expected ')' after arguments, got 'let'
//     let x = f(1, 2
//               ^
//   tour.orr:3:10: note: to close '(' opened here
//
// The library only builds the text; the executable decides where it goes and whether
// colour is wanted (only on a terminal).

/// Formats diagnostics and runtime errors as text, optionally with ANSI colour.
public enum DiagnosticFormatter {
    // MARK: - Public entry points

    /// `file:line:col: severity: message`, the source line with a caret under the range,
    /// then each note the same way. `source` is the text of `d.range.file` (nil: no snippet).
    public static func format(_ d: Diagnostic, source: String?, color: Bool) -> String {
        var lines: [String] = []
        lines.append(header(d.range, severity: d.severity.rawValue, message: d.message, color: color))
        lines.append(contentsOf: snippet(d.range, source: source, color: color))
        for note in d.notes {
            if let range = note.range {
                lines.append(header(range, severity: "note", message: note.message, color: color))
                if range.file == d.range.file {
                    lines.append(contentsOf: snippet(range, source: source, color: color))
                }
            } else {
                lines.append(paint("note:", Style.note, color) + " " + escapingControls(note.message))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A runtime error: header, snippet, then one `  in FUNCTION (file:line:col)` line per
    /// script frame, innermost first. A trace longer than `maxFrames` shows its first
    /// frames, a count of those left out and its last five (a stack overflow has
    /// thousands of identical frames that would bury the message).
    public static func format(_ e: RuntimeError, source: String?, color: Bool, maxFrames: Int = .max) -> String {
        var lines: [String] = []
        lines.append(header(e.range, severity: "error", message: e.message, color: color))
        lines.append(contentsOf: snippet(e.range, source: source, color: color))
        let tail = 5
        let frame = { (f: StackFrame) in "  in \(f.function) (\(position(f.range)))" }
        if e.trace.count > maxFrames, maxFrames > tail {
            let head = maxFrames - tail
            lines += e.trace.prefix(head).map(frame)
            lines.append("  ... \(e.trace.count - head - tail) more frames ...")
            lines += e.trace.suffix(tail).map(frame)
        } else {
            lines += e.trace.map(frame)
        }
        return lines.joined(separator: "\n")
    }

    /// A failed `expect`: `file:line:col: expect failed: HEADLINE`, then both sides of a
    /// failed comparison (`  left: 3`, `  right: 2`). The headline is the user's message,
    /// else the condition as written (its recorded range in `source`, when on one line),
    /// else "expectation failed".
    public static func format(_ f: ExpectFailure, source: String?, color: Bool = false) -> String {
        var lines = [paint(position(f.range) + ":", Style.bold, color) + " " + paint("expect failed:", Style.error, color)
                     + " " + escapingControls(headline(of: f, source: source))]
        if let comparison = f.comparison {
            lines.append("  left: " + escapingControls("\(comparison.lhs)"))
            lines.append("  right: " + escapingControls("\(comparison.rhs)"))
        }
        return lines.joined(separator: "\n")
    }

    /// A failed `expect` on one line, for a statistical test's failed sample:
    /// `line 12: expectation failed (3 < 2)`.
    public static func formatOneLine(_ f: ExpectFailure) -> String {
        var s = "line \(f.range.start.line): \(f.message)"
        if let c = f.comparison { s += " (\(c.lhs) \(c.op) \(c.rhs))" }
        return escapingControls(s)
    }

    /// `line 3: message`: a runtime error on one line (results files, JUnit).
    public static func formatOneLine(_ e: RuntimeError) -> String {
        "line \(e.range.start.line): " + escapingControls(e.message)
    }

    /// `line 3: message`: a syntax error on one line.
    public static func formatOneLine(_ d: Diagnostic) -> String {
        "line \(d.range.start.line): \(d.message)"
    }

    /// The user's message, else the single-line condition text under its recorded range.
    static func headline(of f: ExpectFailure, source: String?) -> String {
        if f.hasOwnMessage { return f.message }
        if let condition = f.condition, let source {
            let bytes = Array(source.utf8)
            let lower = condition.start.offset, upper = condition.end.offset
            if lower >= 0, lower < upper, upper <= bytes.count {
                let text = String(decoding: bytes[lower..<upper], as: UTF8.self)
                if !text.contains("\n") { return text }
            }
        }
        return f.message
    }

    // MARK: - Pieces

    enum Style {
        static let bold = "\u{1B}[1m"
        static let error = "\u{1B}[1;31m"
        static let warning = "\u{1B}[1;33m"
        static let note = "\u{1B}[1;36m"
        static let caret = "\u{1B}[1;32m"
        static let reset = "\u{1B}[0m"
    }

    static func paint(_ text: String, _ style: String, _ color: Bool) -> String {
        color ? style + text + Style.reset : text
    }

    static func position(_ range: SourceRange) -> String {
        "\(range.file):\(range.start.line):\(range.start.column)"
    }

    static func header(_ range: SourceRange, severity: String, message: String, color: Bool) -> String {
        let style: String
        switch severity {
        case "error": style = Style.error
        case "warning": style = Style.warning
        default: style = Style.note
        }
        return paint(position(range) + ":", Style.bold, color) + " " + paint(severity + ":", style, color) + " "
            + paint(escapingControls(message), Style.bold, color)
    }

    /// `text` with control characters (ESC, BEL, carriage return, C1 codes, …) written as
    /// `\u{1b}`, so a message that quotes script text (a string's contents, a field
    /// name) cannot move the cursor or recolour the terminal. Newlines and tabs stay.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\n" || c == "\t" { return false }
        return c.value < 0x20 || (c.value >= 0x7F && c.value < 0xA0)
    }

    /// The source line (indented by two spaces) and a caret line under `range`.
    /// Empty when the source is unknown or the line does not exist.
    static func snippet(_ range: SourceRange, source: String?, color: Bool) -> [String] {
        guard let source, let lineText = line(range.start.line, of: source) else { return [] }
        var scalars = Array(lineText.unicodeScalars)
        var startIndex = max(0, range.start.column - 1)
        var endIndex: Int
        if range.end.line == range.start.line {
            endIndex = max(startIndex + 1, range.end.column - 1)
        } else {
            endIndex = max(startIndex + 1, scalars.count)
        }
        // A very long line (generated or minified code) is cut to a window around the caret.
        var lead = "", trail = ""
        if scalars.count > maxShownScalars {
            let from = min(max(0, startIndex - contextBeforeCaret), scalars.count - maxShownScalars)
            let to = from + maxShownScalars
            lead = from > 0 ? "…" : ""
            trail = to < scalars.count ? "…" : ""
            scalars = Array(scalars[from..<to])
            startIndex -= from
            endIndex -= from
        }
        var prefix = lead.isEmpty ? "" : " "
        for scalar in scalars.prefix(startIndex) {
            if scalar == "\t" {
                prefix += "\t"
            } else {
                prefix += String(repeating: " ", count: displayWidth(scalar))
            }
        }
        // Past the end of the line (end of input): the caret sits one column after it.
        if startIndex > scalars.count { prefix += String(repeating: " ", count: startIndex - scalars.count) }
        var underlineWidth = 0
        if startIndex < scalars.count {
            for scalar in scalars[startIndex..<min(endIndex, scalars.count)] {
                underlineWidth += scalar == "\t" ? 1 : displayWidth(scalar)
            }
        }
        let marker = "^" + String(repeating: "~", count: max(0, underlineWidth - 1))
        let shown = lead + String(String.UnicodeScalarView(scalars.map(printable))) + trail
        return ["  " + shown, "  " + prefix + paint(marker, Style.caret, color)]
    }

    /// Lines longer than this many scalars are shown as a window around the caret.
    static let maxShownScalars = 160
    /// How much of a long line the window keeps before the caret.
    static let contextBeforeCaret = 60

    /// The 1-based `number`th line of `source`, without its line terminator.
    static func line(_ number: Int, of source: String) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = source.utf8.startIndex
        var index = start
        let utf8 = source.utf8
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                if current == number { break }
                current += 1
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        guard current == number else { return nil }
        var text = String(source[start..<index])
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    /// Control characters would move the terminal's cursor; show them as U+FFFD.
    static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar == "\t" { return scalar }
        if scalar.value < 0x20 || scalar.value == 0x7F { return "\u{FFFD}" }
        return scalar
    }

    /// Terminal columns a scalar occupies: 0 for combining marks, 2 for East Asian wide
    /// characters and emoji, 1 otherwise.
    static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }
}
