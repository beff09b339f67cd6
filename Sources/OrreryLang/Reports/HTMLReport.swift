import Foundation

// MARK: - HTML report

/// A notebook run as one self-contained HTML page: inline CSS, images as `data:` URIs,
/// plots as inline SVG, no scripts and nothing fetched from the network.
public enum HTMLReport {
    public static func render(_ run: NotebookRun) -> String {
        var body: [String] = []
        for result in run.cells {
            switch result.cell.kind {
            case .markdown:
                body.append("<section class=\"cell markdown\">\n" + Markdown.html(result.cell.text) + "\n</section>")
            case .code:
                body.append(codeCell(result))
            }
        }
        let title = MarkupText.escaped((run.path as NSString).lastPathComponent)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Orrery \(MarkupText.escaped(run.manifest.orreryVersion))">
            <title>\(title)</title>
            <style>\(css)\(CodeHighlighting.css)</style>
            </head>
            <body>
            <header><h1 class="title">\(title)</h1>
            <p class="meta">seed \(run.manifest.seed) · outcome \(MarkupText.escaped(run.manifest.outcome)) · Orrery \(MarkupText.escaped(run.manifest.orreryVersion))</p></header>
            <main>
            \(body.joined(separator: "\n"))
            </main>
            <footer>
            <details><summary>Reproducibility manifest</summary>
            <pre class="manifest">\(MarkupText.escaped(run.manifest.json()))</pre>
            </details>
            </footer>
            </body>
            </html>

            """
    }

    static func codeCell(_ result: NotebookCellResult) -> String {
        var parts: [String] = []
        let count = result.executionCount.map(String.init) ?? " "
        parts.append("<section class=\"cell code\">")
        let title = result.cell.title.map { " <span class=\"cell-title\">" + MarkupText.escaped($0) + "</span>" } ?? ""
        parts.append("<div class=\"prompt\">[\(count)]\(title)</div>")
        parts.append("<pre class=\"source\"><code>" + CodeHighlighting.html(result.cell.text) + "</code></pre>")
        for output in result.outputs {
            parts.append(html(output))
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    static func html(_ output: NotebookOutput) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"output\">" + MarkupText.escaped(text) + "</pre>"
        case .error(let text):
            return "<pre class=\"output error\">" + MarkupText.escaped(text) + "</pre>"
        case .png(let bytes, let alt, let animated):
            let cls = animated ? "animation" : "frame"
            return "<figure class=\"\(cls)\"><img\(displaySize(bytes)) src=\"data:image/png;base64,\(Data(bytes).base64EncodedString())\" alt=\"\(MarkupText.escaped(alt))\"><figcaption>\(MarkupText.escaped(alt))</figcaption></figure>"
        case .table(let columns, let rows):
            return table(columns: columns, rows: rows)
        case .svg(let svg, let alt, _):
            return "<figure class=\"plot\" role=\"img\" aria-label=\"\(MarkupText.escaped(alt))\">" + inlineSVG(svg) + "</figure>"
        }
    }

    /// Small world pictures are drawn at twice their size (pixelated, see the CSS) so
    /// they can be read; the size comes from the PNG's IHDR chunk.
    static func displaySize(_ png: [UInt8]) -> String {
        guard png.count >= 24 else { return "" }
        func word(_ at: Int) -> Int { png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let width = word(16), height = word(20)
        guard width > 0, height > 0, width <= 360 else { return "" }
        return " width=\"\(width * 2)\" height=\"\(height * 2)\""
    }

    /// An HTML table; numbers align right.
    static func table(columns: [String], rows: [[String]]) -> String {
        var out = "<table class=\"output\"><thead><tr>"
        out += columns.map { "<th>" + MarkupText.escaped($0) + "</th>" }.joined()
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.map { cell in
                let numeric = Double(cell) != nil
                return (numeric ? "<td class=\"num\">" : "<td>") + MarkupText.escaped(cell) + "</td>"
            }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// An SVG document without its XML declaration, ready to sit inside HTML.
    static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).stripping("\n ")
    }

    static let css = """
        body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#fafafa;margin:0}
        header,main,footer{max-width:960px;margin:0 auto;padding:0 24px}
        h1.title{font-size:1.6em;margin:24px 0 0}.meta{color:#666;margin:4px 0 16px}
        .cell{margin:16px 0}.cell.markdown{padding:0 4px}
        .cell.code{border:1px solid #ddd;border-radius:6px;background:#fff;padding:8px 12px}
        .prompt{color:#888;font:12px monospace}.cell-title{color:#333;font:600 13px system-ui,sans-serif;margin-left:8px}
        pre{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;overflow-x:auto;margin:6px 0;white-space:pre-wrap}
        pre.source{background:#f4f5f7;padding:8px;border-radius:4px}
        pre.output{border-left:3px solid #9ab;padding-left:8px}
        pre.output.error{border-left-color:#c33;color:#a11;background:#fff4f4}
        figure{margin:8px 0}figure img{max-width:100%;height:auto;image-rendering:pixelated;border:1px solid #eee}
        figcaption{color:#666;font-size:12px}
        figure.plot svg{max-width:100%;height:auto}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f0f0f0;padding:0 3px;border-radius:3px}
        pre code{background:none;padding:0}
        pre.manifest{font-size:11px}
        table.output{border-collapse:collapse;margin:8px 0;font-size:13px}
        table.output th,table.output td{border:1px solid #ddd;padding:2px 8px;text-align:left}
        table.output th{background:#f4f5f7}table.output td.num{text-align:right;font-variant-numeric:tabular-nums}
        footer{margin-bottom:32px}
        """
}
