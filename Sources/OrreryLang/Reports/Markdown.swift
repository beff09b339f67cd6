// MARK: - Markdown

/// A small CommonMark subset to HTML, for markdown cells: ATX headings, paragraphs,
/// `*emphasis*`/`_emphasis_`, `**strong**`, `` `code spans` ``, fenced code blocks,
/// `-`/`*`/`1.` lists, `[links](url)` and horizontal rules. Every piece of text is
/// HTML-escaped; link targets other than http(s), mailto, relative paths and anchors
/// are dropped so a report cannot carry `javascript:` URLs.
public enum Markdown {
    public static func html(_ source: String) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var fence: (marker: String, language: String, lines: [String])?

        func flushParagraph() {
            if !paragraph.isEmpty {
                out.append("<p>" + inline(paragraph.joined(separator: "\n")) + "</p>")
                paragraph = []
            }
        }
        func flushList() {
            if let l = list {
                let tag = l.ordered ? "ol" : "ul"
                out.append("<\(tag)>" + l.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>")
                list = nil
            }
        }

        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let trimmed = line.stripping(" \t")
            if var f = fence {
                if trimmed.hasPrefix(f.marker) && trimmed.drop(while: { String($0) == String(f.marker.prefix(1)) }).allSatisfy(\.isWhitespace) {
                    let cls = f.language.isEmpty ? "" : " class=\"language-\(MarkupText.escaped(f.language))\""
                    out.append("<pre><code\(cls)>" + MarkupText.escaped(f.lines.joined(separator: "\n")) + "</code></pre>")
                    fence = nil
                } else {
                    f.lines.append(line)
                    fence = f
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flushParagraph(); flushList()
                let marker = String(trimmed.prefix(3))
                fence = (marker, String(trimmed.dropFirst(3)).stripping(" \t"), [])
                continue
            }
            if trimmed.isEmpty {
                flushParagraph(); flushList()
                continue
            }
            if let (level, text) = heading(trimmed) {
                flushParagraph(); flushList()
                out.append("<h\(level)>" + inline(text) + "</h\(level)>")
                continue
            }
            if isRule(trimmed) {
                flushParagraph(); flushList()
                out.append("<hr>")
                continue
            }
            if let (ordered, text) = listItem(trimmed) {
                flushParagraph()
                if let l = list, l.ordered != ordered { flushList() }
                if list == nil { list = (ordered, []) }
                list?.items.append(text)
                continue
            }
            if var l = list, line.hasPrefix("  "), !l.items.isEmpty {
                // An indented line continues the last item.
                l.items[l.items.count - 1] += "\n" + trimmed
                list = l
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let f = fence {
            out.append("<pre><code>" + MarkupText.escaped(f.lines.joined(separator: "\n")) + "</code></pre>")
        }
        flushParagraph(); flushList()
        return out.joined(separator: "\n")
    }

    // MARK: - Blocks

    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = String(rest).stripping(" \t")
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.stripping(" \t"))
    }

    static func isRule(_ line: String) -> Bool {
        let chars = line.filter { $0 != " " }
        guard chars.count >= 3, let first = chars.first, "-*_".contains(first) else { return false }
        return chars.allSatisfy { $0 == first }
    }

    static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix(while: \.isASCIIDigitCharacter)
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return (true, String(rest.dropFirst(2)))
    }

    // MARK: - Inlines

    /// Code spans, links, strong and emphasis; everything else escaped.
    static func inline(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        var open: [String] = []  // "**", "*", "_" delimiters currently open
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "\\`*_[]()#+-.!<>".contains(chars[i + 1]) {
                out += MarkupText.escaped(String(chars[i + 1])); i += 2; continue
            }
            if c == "`" {
                let ticks = chars[i...].prefix(while: { $0 == "`" }).count
                if let end = find(Array(repeating: "`", count: ticks), in: chars, from: i + ticks) {
                    let code = String(chars[(i + ticks)..<end]).stripping(" ")
                    out += "<code>" + MarkupText.escaped(code) + "</code>"
                    i = end + ticks
                    continue
                }
                out += MarkupText.escaped(String(repeating: "`", count: ticks)); i += ticks; continue
            }
            if c == "[", let close = find(["]", "("], in: chars, from: i + 1),
               let paren = find([")"], in: chars, from: close + 2) {
                let label = String(chars[(i + 1)..<close])
                let url = String(chars[(close + 2)..<paren]).stripping(" ")
                if isSafe(url) {
                    out += "<a href=\"\(MarkupText.escaped(url))\">" + inline(label) + "</a>"
                } else {
                    out += inline(label)
                }
                i = paren + 1
                continue
            }
            if c == "*" || c == "_" {
                let strong = i + 1 < chars.count && chars[i + 1] == c
                let delimiter = strong ? String([c, c]) : String(c)
                if let last = open.last, last == delimiter {
                    open.removeLast()
                    out += strong ? "</strong>" : "</em>"
                    i += delimiter.count
                    continue
                }
                let next = i + delimiter.count < chars.count ? chars[i + delimiter.count] : " "
                let closes = find(Array(delimiter), in: chars, from: i + delimiter.count) != nil
                // Open only when followed by text and closed later; `a * b` stays literal,
                // and so does snake_case.
                let inWord = c == "_" && i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber)
                if !next.isWhitespace, closes, !inWord {
                    open.append(delimiter)
                    out += strong ? "<strong>" : "<em>"
                    i += delimiter.count
                    continue
                }
            }
            out += MarkupText.escaped(String(c))
            i += 1
        }
        for d in open.reversed() { out += d.count == 2 ? "</strong>" : "</em>" }
        return out
    }

    private static func find(_ needle: [Character], in chars: [Character], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0 else { return nil }
        var i = start
        while i + needle.count <= chars.count {
            if Array(chars[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    private static func isSafe(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#") {
            return true
        }
        // Relative paths: no scheme before the first slash.
        let beforeSlash = lower.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return !beforeSlash.contains(":")
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

extension String {
    func stripping(_ set: String) -> String {
        let s = self.drop(while: { set.contains($0) })
        var end = s.endIndex
        while end > s.startIndex, set.contains(s[s.index(before: end)]) { end = s.index(before: end) }
        return String(s[s.startIndex..<end])
    }
}
