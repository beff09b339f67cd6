import Foundation

// MARK: - Jupyter notebooks

/// A notebook run as a Jupyter notebook (nbformat 4.5): markdown cells, code cells with
/// `execution_count` and `stream`/`display_data` outputs (PNG as base64, plots as SVG,
/// each with a `text/plain` alternative), the manifest under `metadata.orrery`.
///
/// Markdown cells hold the same sanitised HTML the HTML report draws (`Markdown.html`),
/// not the script's markdown: Jupyter and other viewers render raw HTML and
/// `javascript:` links in markdown, so copying it verbatim would let a script's
/// comments carry `<script>` into a notebook someone else opens.
public enum JupyterNotebook {
    public static func render(_ run: NotebookRun) -> String {
        var cells: [JSONValue] = []
        for (i, result) in run.cells.enumerated() {
            let id = JSONValue.string("cell-\(i + 1)")
            switch result.cell.kind {
            case .markdown:
                let source = JSONValue.array(sourceLines(markdownSource(result.cell.text)).map(JSONValue.string))
                // The script's own markdown rides along, so `--to script` gives it back.
                let metadata = JSONValue.object([("orrery", .object([("markdown", .string(result.cell.text))]))])
                cells.append(.object([("cell_type", .string("markdown")), ("id", id), ("metadata", metadata),
                                      ("source", source)]))
            case .code:
                let source = JSONValue.array(sourceLines(result.cell.text).map(JSONValue.string))
                cells.append(.object([("cell_type", .string("code")),
                                      ("execution_count", result.executionCount.map { .integer($0) } ?? .null),
                                      ("id", id), ("metadata", .object(result.cell.title.map { [("title", .string($0))] } ?? [])),
                                      ("outputs", .array(result.outputs.map(output))), ("source", source)]))
            }
        }
        let metadata = JSONValue.object([
            ("kernelspec", .object([("display_name", .string("Orrery")), ("language", .string("orrery")),
                                    ("name", .string("orrery"))])),
            // What `python -m orrery_kernel install` names, so `jupyter nbconvert --execute`
            // and JupyterLab run the notebook with the Orrery kernel and highlight it.
            ("language_info", .object([("codemirror_mode", .string("python")), ("file_extension", .string(".orr")),
                                       ("mimetype", .string("text/x-orrery")), ("name", .string("orrery")),
                                       ("pygments_lexer", .string("orrery")),
                                       ("version", .string(run.manifest.orreryVersion))])),
            ("orrery", .raw(run.manifest.json().stripping("\n"))),
        ])
        let notebook = JSONValue.object([("cells", .array(cells)), ("metadata", metadata),
                                         ("nbformat", .integer(4)), ("nbformat_minor", .integer(5))])
        return notebook.text(.indented(1)) + "\n"
    }

    static func output(_ output: NotebookOutput) -> JSONValue {
        switch output {
        case .text(let text):
            return stream("stdout", text)
        case .error(let text):
            return stream("stderr", text)
        case .png(let bytes, let alt, _):
            return display([("image/png", .string(Data(bytes).base64EncodedString())), ("text/plain", .string(alt))])
        case .table(let columns, let rows):
            return display([("text/html", .string(HTMLReport.table(columns: columns, rows: rows))),
                            ("text/plain", .string(output.plainText))])
        case .svg(let svg, let alt, let png):
            let image: [(String, JSONValue)] = png.isEmpty ? [] : [("image/png", .string(Data(png).base64EncodedString()))]
            return display(image + [("image/svg+xml", .string(svg)), ("text/plain", .string(alt))])
        }
    }

    private static func stream(_ name: String, _ text: String) -> JSONValue {
        .object([("name", .string(name)), ("output_type", .string("stream")),
                 ("text", .array(sourceLines(text + "\n").map(JSONValue.string)))])
    }

    private static func display(_ data: [(String, JSONValue)]) -> JSONValue {
        .object([("data", .object(data)), ("metadata", .object([])), ("output_type", .string("display_data"))])
    }

    /// A markdown cell's text as the HTML report's sanitised HTML, one raw-HTML block to a
    /// markdown renderer. A blank line would end that block and let the renderer read the
    /// rest (say, the inside of a fenced code block) as markdown again, so a blank line is
    /// folded into the line before it as `&#10;` (the same newline inside `<pre>`).
    static func markdownSource(_ text: String) -> String {
        var lines: [String] = []
        for line in Markdown.html(text).split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.allSatisfy({ $0 == " " || $0 == "\t" }), !lines.isEmpty else {
                lines.append(String(line))
                continue
            }
            lines[lines.count - 1] += "&#10;" + line.map { $0 == "\t" ? "&#9;" : "&#32;" }.joined()
        }
        return lines.joined(separator: "\n")
    }

    /// Jupyter's multiline strings: a list of lines, each but the last ending in "\n".
    static func sourceLines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.last {
            lines[lines.count - 1] = String(last.dropLast())
            if lines[lines.count - 1].isEmpty { lines.removeLast() }
        }
        return lines
    }
}
