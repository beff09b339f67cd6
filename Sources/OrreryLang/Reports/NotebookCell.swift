import Foundation

// MARK: - Cells

/// One cell of a notebook script: code or markdown, with the lines it spans.
public struct NotebookCell: Sendable, Equatable {
    public enum Kind: String, Sendable { case code, markdown }
    public var kind: Kind
    /// Code as written, or markdown with the leading `# ` of each line removed.
    public var text: String
    /// First and last 1-based source lines of the cell's body (after its marker line).
    public var firstLine: Int
    public var lastLine: Int
    /// The title on the cell's marker line (`# %% Fit the model`), nil when there is none.
    public var title: String?

    public init(kind: Kind, text: String, firstLine: Int, lastLine: Int, title: String? = nil) {
        self.kind = kind
        self.text = text
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.title = title
    }

    /// Whether the cell's code has nothing but blank lines.
    public var isBlank: Bool { text.allSatisfy { $0.isWhitespace } }
}

/// Splits a script into cells at jupytext "percent" markers: `# %%` starts a code cell,
/// `# %% [markdown]` a markdown cell; text before the first marker is a code cell.
public enum CellSplitter {
    public static func split(_ source: String) -> [NotebookCell] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var cells: [NotebookCell] = []
        var kind = NotebookCell.Kind.code
        var title: String?
        var body: [Substring] = []
        var first = 1
        func flush(endingAt last: Int) {
            defer { body = [] }
            let text: String
            if kind == .markdown {
                text = body.map(markdownLine).joined(separator: "\n")
            } else {
                text = body.joined(separator: "\n")
            }
            let cell = NotebookCell(kind: kind, text: trimBlankLines(text), firstLine: first, lastLine: max(first, last),
                                    title: title)
            // The implicit first cell is dropped when empty; explicit cells are kept.
            if cells.isEmpty && first == 1 && cell.isBlank && kind == .code { return }
            cells.append(cell)
        }
        for (i, line) in lines.enumerated() {
            let lineNumber = i + 1
            if let markerKind = marker(line) {
                flush(endingAt: lineNumber - 1)
                kind = markerKind
                title = self.title(line)
                first = lineNumber + 1
            } else {
                body.append(line)
            }
        }
        flush(endingAt: lines.count)
        return cells
    }

    /// `# %%` (optionally followed by a title) or `# %% [markdown]`.
    static func marker(_ line: Substring) -> NotebookCell.Kind? {
        let t = line.trimmingTrailingSpaces
        guard t.hasPrefix("# %%") else { return nil }
        let rest = t.dropFirst(4)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return rest.contains("[markdown]") || rest.contains("[md]") ? .markdown : .code
    }

    /// The title of a marker line: its text after `# %%` up to a `[cell type]`, trimmed
    /// (jupytext's percent format: `# %% Optional title [markdown]`); nil when empty.
    static func title(_ line: Substring) -> String? {
        let rest = line.trimmingTrailingSpaces.dropFirst(4)
        let text = rest.prefix { $0 != "[" }.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// A markdown cell line without its comment marker: `# text` → `text`, `#` → ``.
    static func markdownLine(_ line: Substring) -> Substring {
        if line.hasPrefix("# ") { return line.dropFirst(2) }
        if line.trimmingTrailingSpaces == "#" { return "" }
        return line
    }

    static func trimBlankLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let f = lines.first, f.allSatisfy(\.isWhitespace), !lines.isEmpty { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy(\.isWhitespace), !lines.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String { String(Substring(self).trimmingTrailingSpaces) }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}

/// A code or markdown cell with what running it produced.
public struct NotebookCellResult: Sendable {
    public var cell: NotebookCell
    /// 1, 2, 3… over code cells; nil for markdown.
    public var executionCount: Int?
    public var outputs: [NotebookOutput]
}
