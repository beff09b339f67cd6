import Foundation
import OrreryLang

// Every fenced code block in README.md and docs/*.md is either a script that runs or
// says why it does not. The fence's info string and a hidden HTML comment on the lines
// right before the fence decide (Tests/README.md describes it for authors):
//
//   ```            a script: it runs (as a test file; its tests must pass), with the
//   ```orrery      golden annotations (`# expect:`, `# error:`, …) checked when it has them
//   ```text        output, grammar, tables; ```sh a shell command; ```json JSON: not run
//
//   <!-- prelude: let r = rollout(physics, w, steps: 10) -->
//                  code the script needs but the reader does not (may span lines up to
//                  `-->`), run before it
//                  (`<!-- prelude: as above -->` repeats the previous block's prelude)
//   <!-- fragment: why -->
//                  a piece of a script that cannot run on its own (signatures with `…`)
//
// Any other info string is a problem, so a new block cannot slip through unclassified.

/// A fenced code block of the documentation.
public struct DocumentationBlock: CustomStringConvertible, Sendable {
    /// What the block is, from its fence and markers.
    public enum Kind: Equatable, Sendable {
        /// An Orrery script that must run.
        case script
        /// Part of a script, not runnable alone; the reason is the marker's text.
        case fragment(String)
        /// Not Orrery: the info string says what (`text`, `sh`, `json`).
        case other(String)
        /// An info string this test does not know.
        case unknown(String)
    }

    /// Info strings of blocks that are not scripts.
    public static let otherLanguages: Set<String> = ["text", "sh", "json"]
    /// The documents whose blocks are checked, relative to the package root.
    public static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }
    public static let root = GoldenScript.root.deletingLastPathComponent().deletingLastPathComponent()

    /// The document, relative to the package root.
    public var file: String
    /// The line of the opening fence (1-based).
    public var line: Int
    public var kind: Kind
    /// The block's text (without the fences).
    public var code: String
    /// What the hidden prelude adds before it ("" without one).
    public var prelude: String

    public var description: String { "\(file):\(line)" }

    /// Every block of every document, in document order.
    public static func all() -> [DocumentationBlock] {
        documents.flatMap { file -> [DocumentationBlock] in
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { return [] }
            return blocks(in: text, file: file)
        }
    }

    /// The fenced blocks of one markdown text.
    public static func blocks(in text: String, file: String) -> [DocumentationBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [DocumentationBlock] = []
        var i = 0
        while i < lines.count {
            let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("```") else {
                i += 1
                continue
            }
            let info = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            var end = i + 1
            while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("```") { end += 1 }
            let code = lines[(i + 1)..<min(end, lines.count)].joined(separator: "\n")
            let marker = marker(before: i, in: lines)
            var kind: Kind
            switch info {
            case "", "orrery": kind = .script
            case let language where otherLanguages.contains(language): kind = .other(language)
            default: kind = .unknown(info)
            }
            var prelude = ""
            if kind == .script, let marker {
                if let reason = marker.value(of: "fragment") { kind = .fragment(reason) }
                if let code = marker.value(of: "prelude") {
                    prelude = code == "as above" ? found.last(where: { $0.kind == .script })?.prelude ?? "" : code
                }
            }
            found.append(DocumentationBlock(file: file, line: i + 1, kind: kind, code: code, prelude: prelude))
            i = end + 1
        }
        return found
    }

    /// The HTML comment that ends on the line right before line `fence`, if any.
    static func marker(before fence: Int, in lines: [String]) -> String? {
        guard fence > 0, lines[fence - 1].trimmingCharacters(in: .whitespaces).hasSuffix("-->") else { return nil }
        var start = fence - 1
        while start >= 0, !lines[start].contains("<!--") { start -= 1 }
        guard start >= 0 else { return nil }
        let text = lines[start...(fence - 1)].joined(separator: "\n")
        guard let open = text.range(of: "<!--"), let close = text.range(of: "-->", options: .backwards) else { return nil }
        return String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a script block (its prelude first) and returns every way it fails; [] for the others.
    public func problems(extensions: [any LanguageExtension]) -> [String] {
        guard kind == .script else { return [] }
        let preludeLines = prelude.isEmpty ? 0 : prelude.split(separator: "\n", omittingEmptySubsequences: false).count
        let source = prelude.isEmpty ? code : prelude + "\n" + code
        // Lines in messages are the script's; say where that is in the document.
        let problems = GoldenScript.problems(source: source, path: "\(file)@\(line)", extensions: extensions,
                                             strictness: .example)
        let offset = line - preludeLines
        return problems.map { "\($0) (script line N is line N + \(offset) of \(file))" }
    }
}

fileprivate extension String {
    /// `fragment: why` → "why" for `key` "fragment" (also "" for a bare `fragment`).
    func value(of key: String) -> String? {
        if self == key { return "" }
        guard hasPrefix(key + ":") else { return nil }
        return String(dropFirst(key.count + 1)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
