// MARK: - Highlighting code in reports

/// A code cell's source as HTML with spans for the HTML report: comments (`c`, cell
/// markers too), strings (`s`), numbers (`m`), keywords (`k`), `true`/`false`/`nil`
/// (`kc`). Class names are Pygments' short names, so the report and nbconvert's output of
/// the same notebook (with the lexer of Scripts/jupyter) read alike. Every piece of text
/// is escaped; the text without the tags is exactly the source.
public enum CodeHighlighting {
    static let constants: Set<String> = ["true", "false", "nil"]
    static let keywords: Set<String> = Set(Keyword.allCases.map(\.rawValue)).subtracting(constants).union(["within"])

    public static func html(_ source: String) -> String {
        let scalars = Array(source.unicodeScalars)
        var out = ""
        var i = 0
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        func span(_ cls: String, _ range: Range<Int>) {
            out += "<span class=\"\(cls)\">" + MarkupText.escaped(text(range)) + "</span>"
        }
        while i < scalars.count {
            let c = scalars[i]
            let start = i
            if c == "#" {
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                span("c", start..<i)
            } else if c == "\"" {
                i += 1
                while i < scalars.count, scalars[i] != "\"", scalars[i] != "\n" {
                    i += scalars[i] == "\\" && i + 1 < scalars.count ? 2 : 1
                }
                if i < scalars.count, scalars[i] == "\"" { i += 1 }
                span("s", start..<i)
            } else if ("0"..."9").contains(c) {
                while i < scalars.count, ("0"..."9").contains(scalars[i]) || scalars[i] == "." || scalars[i] == "_" { i += 1 }
                span("m", start..<i)
            } else if isIdentifierScalar(c) {
                while i < scalars.count, isIdentifierScalar(scalars[i]) { i += 1 }
                let word = text(start..<i)
                if keywords.contains(word) {
                    span("k", start..<i)
                } else if constants.contains(word) {
                    span("kc", start..<i)
                } else {
                    out += MarkupText.escaped(word)
                }
            } else {
                while i < scalars.count, !"#\"".unicodeScalars.contains(scalars[i]), !isIdentifierScalar(scalars[i]) { i += 1 }
                out += MarkupText.escaped(text(start..<i))
            }
        }
        return out
    }

    static func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }

    /// The colours of the spans (Pygments' default style, roughly).
    static let css = """
        pre.source .k{color:#008000;font-weight:bold}pre.source .kc{color:#008000;font-weight:bold}
        pre.source .s{color:#ba2121}pre.source .m{color:#666666}pre.source .c{color:#3d7b7b;font-style:italic}
        """
}
