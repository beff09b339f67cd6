import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Cell titles, the kernel metadata a written notebook carries, and `--to script`: a
/// notebook converted back gives the script's cells again.
@Suite struct NotebookRoundTripTests {
    static func notebook(_ source: String) -> String {
        JupyterNotebook.render(NotebookRunner.run(path: "t.orr", source: source, options: RunOptions(), version: "test",
                                                  extensions: world))
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func markerTitlesAreKept() {
        let cells = CellSplitter.split("# %% Set up the scene\nlet a = 1\n# %% [markdown]\n# text\n# %%   \nprint(a)")
        #expect(cells.map(\.title) == ["Set up the scene", nil, nil])
        #expect(CellSplitter.split("# %% Notes [markdown]\n# x").first?.title == "Notes")
        let html = HTMLReport.render(NotebookRunner.run(path: "t.orr", source: "# %% Fit <it>\nprint(1)",
                                                        options: RunOptions(), version: "test"))
        #expect(html.contains("<span class=\"cell-title\">Fit &lt;it&gt;</span>"))
    }

    @Test func theNotebookNamesTheKernelAndTheLexer() throws {
        let object = Self.json(Self.notebook("# %% A title\nprint(1)"))
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "orrery")
        let info = try #require(metadata["language_info"] as? [String: Any])
        #expect(info["pygments_lexer"] as? String == "orrery")
        #expect(info["name"] as? String == "orrery")
        let cell = try #require((object["cells"] as? [[String: Any]])?.first)
        #expect((cell["metadata"] as? [String: Any])?["title"] as? String == "A title")
    }

    @Test func examplesComeBackAsTheirCells() throws {
        for name in ["notebook.orr", "tour.orr"] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Stdlib/examples/\(name)")
            let source = try String(contentsOf: url, encoding: .utf8)
            // Only the cells matter here: render with outputs left out (nothing runs).
            let cells = CellSplitter.split(source).map { NotebookCellResult(cell: $0, executionCount: nil, outputs: []) }
            let run = NotebookRunner.run(path: "t.orr", source: "", options: RunOptions(), version: "test")
            let written = JupyterNotebook.render(NotebookRun(path: name, cells: cells, manifest: run.manifest,
                                                             outcome: run.outcome))
            let script = try NotebookScript.script(fromNotebook: written)
            let again = CellSplitter.split(script)
            #expect(again.map(\.kind) == CellSplitter.split(source).map(\.kind), "\(name)")
            #expect(again.map(\.text) == CellSplitter.split(source).map(\.text), "\(name)")
            #expect(again.map(\.title) == CellSplitter.split(source).map(\.title), "\(name)")
        }
    }

    @Test func anEditedMarkdownCellKeepsItsEditedText() throws {
        var object = Self.json(Self.notebook("# %% [markdown]\n# # Old *title*\n# %%\nprint(1)"))
        var cells = try #require(object["cells"] as? [[String: Any]])
        #expect(try NotebookScript.script(fromNotebook: Self.notebook("# %% [markdown]\n# # Old *title*\n# %%\nprint(1)"))
                == "# %% [markdown]\n# # Old *title*\n\n# %%\nprint(1)\n")
        cells[0]["source"] = ["## New heading\n", "written in Jupyter"]
        cells[1]["source"] = "print(2)"
        object["cells"] = cells
        let edited = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        #expect(try NotebookScript.script(fromNotebook: edited) == "# %% [markdown]\n# ## New heading\n# written in Jupyter\n\n# %%\nprint(2)\n")
    }

    @Test func theHTMLReportHighlightsCodeAndKeepsItsText() {
        let source = "# %% not a marker here\nlet s = \"a \\\"q\\\" <b>\" # note\nif true { show s } else { x = 1.5e3 }"
        let html = CodeHighlighting.html(source)
        #expect(html.contains("<span class=\"k\">let</span>"))
        #expect(html.contains("<span class=\"k\">show</span>"))
        #expect(html.contains("<span class=\"kc\">true</span>"))
        #expect(html.contains("<span class=\"c\"># note</span>"))
        #expect(html.contains("<span class=\"s\">&quot;a \\&quot;q\\&quot; &lt;b&gt;&quot;</span>")
                || html.contains("<span class=\"s\">\"a \\\"q\\\" &lt;b&gt;\"</span>"))
        // Without the tags and escapes the text is the source.
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        #expect(text == source)
    }

    @Test func whatIsNotANotebookIsSaid() {
        #expect(throws: NotebookScript.Problem.self) { try NotebookScript.script(fromNotebook: "[1, 2]") }
        #expect(throws: NotebookScript.Problem.self) { try NotebookScript.script(fromNotebook: "{\"cells\": 3}") }
        #expect(throws: NotebookScript.Problem.self) {
            try NotebookScript.script(fromNotebook: "{\"cells\": [{\"cell_type\": \"widget\", \"source\": \"\"}]}")
        }
    }

    @Test func theConfigurationLineStaysTheScriptsFirstLine() throws {
        // A script with its own line keeps it in its first cell, and `--to script` puts it back on line 1.
        let source = "# orrery: --seed 6\n\n# %% Draw\nprint(seed)"
        let back = try NotebookScript.script(fromNotebook: Self.notebook(source))
        #expect(back.hasPrefix("# orrery: --seed 6\n\n# %% Draw\nprint(seed)"), "\(back)")
        #expect(try ScriptHeader.parse(back, file: "back.orr")?.seed == 6)
        // A run with another seed and no line gets one written as its first cell.
        var options = RunOptions()
        options.seed = 12
        let run = NotebookRunner.run(path: "t.orr", source: "# %%\nprint(seed)", options: options, version: "test")
            .configured(by: options, scriptHeader: nil)
        #expect(run.cells.first?.cell.text == "# orrery: --seed 12")
        let script = try NotebookScript.script(fromNotebook: JupyterNotebook.render(run))
        #expect(script.hasPrefix("# orrery: --seed 12\n\n# %%\nprint(seed)"), "\(script)")
        // The default seed needs no line.
        #expect(NotebookRunner.run(path: "t.orr", source: "print(1)", options: RunOptions(), version: "test")
            .configured(by: RunOptions(), scriptHeader: nil).cells.count == 1)
    }
}
