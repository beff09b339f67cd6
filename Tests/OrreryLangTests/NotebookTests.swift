import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld
import WorldKit

// MARK: - Cells

@Suite struct CellSplitterTests {
    @Test func splitsAtPercentMarkers() {
        let source = "let a = 1\n# %% [markdown]\n# # Title\n# some *text*\n#\n# more\n# %% setup\nprint(a)\n\n# %%\nprint(2)\n"
        let cells = CellSplitter.split(source)
        #expect(cells.map(\.kind) == [.code, .markdown, .code, .code])
        #expect(cells[0].text == "let a = 1")
        #expect(cells[1].text == "# Title\nsome *text*\n\nmore")
        #expect(cells[1].firstLine == 3)
        #expect(cells[2].text == "print(a)")
        #expect(cells[2].firstLine == 8)
        #expect(cells[3].text == "print(2)")
        #expect(cells[3].firstLine == 11)
    }

    @Test func emptyLeadingTextMakesNoCell() {
        let cells = CellSplitter.split("\n# %%\nprint(1)")
        #expect(cells.count == 1)
        #expect(cells[0].kind == .code)
    }

    @Test func markersNeedTheExactPrefix() {
        #expect(CellSplitter.marker("# %%") == .code)
        #expect(CellSplitter.marker("# %% [markdown]") == .markdown)
        #expect(CellSplitter.marker("# %%x") == nil)
        #expect(CellSplitter.marker("#%%") == nil)
    }

    @Test func noMarkersIsOneCodeCell() {
        let cells = CellSplitter.split("print(1)\nprint(2)")
        #expect(cells == [NotebookCell(kind: .code, text: "print(1)\nprint(2)", firstLine: 1, lastLine: 2)])
    }
}

// MARK: - Running

@Suite struct NotebookRunnerTests {
    static let script = """
        fn shout(x) {
          print("shout \\(x)")
        }
        # %%
        print("one")
        shout(1)
        # %% [markdown]
        # ## Notes
        # %%
        for i in range(2) {
          print(i)
        }
        shout(2)
        show plot([1, 2, 3], title: "t")
        """

    @Test func outputsLandInTheCellOfTheirStatement() {
        let run = NotebookRunner.run(path: "nb.orr", source: NotebookRunnerTests.script, options: RunOptions(), version: "test", extensions: world)
        #expect(run.cells.map(\.cell.kind) == [.code, .code, .markdown, .code])
        #expect(run.cells.map(\.executionCount) == [1, 2, nil, 3])
        #expect(run.cells[0].outputs.isEmpty)
        #expect(run.cells[1].outputs == [.text("one\nshout 1")])
        #expect(run.cells[3].outputs.count == 2)
        #expect(run.cells[3].outputs.first == .text("0\n1\nshout 2"))
        guard case .svg(let svg, _, _)? = run.cells[3].outputs.last else {
            Issue.record("expected an SVG plot, got \(String(describing: run.cells[3].outputs.last))")
            return
        }
        #expect(svg.contains("<svg"))
        #expect(run.manifest.outcome == "success")
    }

    @Test func runtimeErrorsGoToTheRunningCell() {
        let source = "fn boom() { return 1 / nil }\n# %%\nprint(\"before\")\n# %%\nlet x = boom()\nprint(\"never\")"
        let run = NotebookRunner.run(path: "e.orr", source: source, options: RunOptions(), version: "test", extensions: world)
        #expect(run.cells[1].outputs == [.text("before")])
        guard case .error(let text)? = run.cells[2].outputs.first else {
            Issue.record("expected an error in the third cell: \(run.cells.map(\.outputs))")
            return
        }
        #expect(text.contains("e.orr:1"))
        #expect(run.cells[2].outputs.count == 1)
        #expect(run.manifest.outcome == "runtime error")
    }

    @Test func failedExpectsAppearInOrder() {
        let run = NotebookRunner.run(path: "x.orr", source: "print(1)\nexpect 1 == 2\nprint(2)", options: RunOptions(), version: "t", extensions: world)
        #expect(run.cells[0].outputs.map(\.kindName) == ["text", "error", "text"])
        #expect(run.manifest.outcome == "expect failures")
    }

    @Test func syntaxErrorsAreShownAtTheirLine() {
        let run = NotebookRunner.run(path: "s.orr", source: "# %%\nprint(1)\n# %%\nlet = 3", options: RunOptions(), version: "test", extensions: world)
        #expect(run.cells[0].outputs.isEmpty)
        #expect(run.cells[1].outputs.contains { if case .error = $0 { return true }; return false })
        #expect(run.manifest.outcome == "script errors")
    }

    @Test func framesAndRolloutsBecomePNGs() throws {
        let source = """
            let w = scene "s" {
              ground at 0
              ball a at (0, 2) radius 0.5
              camera at (0, 2) size (6, 4) ppu 8
            }
            let r = rollout(physics, w, steps: 20)
            show frame(r, 3)
            show r
            """
        let run = NotebookRunner.run(path: "p.orr", source: source, options: RunOptions(), version: "test", extensions: world)
        let outputs = run.cells[0].outputs
        #expect(outputs.count == 2)
        guard case .png(let still, _, false)? = outputs.first, case .png(let animation, _, true)? = outputs.last else {
            Issue.record("expected a PNG then an APNG: \(outputs.map(\.kindName))")
            return
        }
        let image = try PNGDecoder.decode(still)
        #expect(image.width == 48)
        #expect(try PNGDecoder.decodeFrames(animation).count > 1)
    }

    @Test func listsOfRecordsBecomeTables() {
        let run = NotebookRunner.run(path: "t.orr", source: "show [{a: 1, b: \"x\"}, {a: 2.5}]\nshow []",
                                     options: RunOptions(), version: "test", extensions: world)
        let outputs = run.cells[0].outputs
        #expect(outputs.first == .table(columns: ["a", "b"], rows: [["1", "x"], ["2.5", ""]]))
        #expect(outputs.first?.plainText == "a    b\n---  -\n1    x\n2.5")
        #expect(outputs.last == .text("[]"))
        let html = HTMLReport.render(run)
        #expect(html.contains("<th>a</th><th>b</th>"))
        #expect(html.contains("<td class=\"num\">2.5</td><td></td>"))
    }

    @Test func reportsAreByteIdenticalAcrossRuns() {
        let a = NotebookRunner.run(path: "n.orr", source: NotebookRunnerTests.script, options: RunOptions(), version: "1", extensions: world)
        let b = NotebookRunner.run(path: "n.orr", source: NotebookRunnerTests.script, options: RunOptions(), version: "1", extensions: world)
        #expect(HTMLReport.render(a) == HTMLReport.render(b))
        #expect(JupyterNotebook.render(a) == JupyterNotebook.render(b))
        #expect(JupyterNotebook.render(a).contains("\"nbformat_minor\": 5"))
    }

    @Test func sameSeedSameManifest() {
        let source = "let w = scene \"s\" {\n ball a at (0, 2) radius 0.5\n}\nshow rollout(physics, w, steps: 10)"
        var options = RunOptions()
        options.seed = 5
        let a = NotebookRunner.run(path: "m.orr", source: source, options: options, version: "test", extensions: world).manifest
        let b = NotebookRunner.run(path: "m.orr", source: source, options: options, version: "test", extensions: world).manifest
        #expect(a == b)
        #expect(a.outcome == "success")
        #expect(a.outputs.map(\.kind) == ["apng"])
        #expect(a.differences(from: b).isEmpty)
        options.seed = 6
        let c = NotebookRunner.run(path: "m.orr", source: source, options: options, version: "test", extensions: world).manifest
        #expect(!a.differences(from: c).isEmpty)
    }
}

// MARK: - Manifests and hashes

@Suite struct ManifestTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func manifestRoundTripsThroughJSON() throws {
        let run = NotebookRunner.run(path: "r.orr", source: "print(1)\nprint(\"two\")", options: RunOptions(), version: "9", extensions: world)
        let decoded = try RunManifest.decode(Array(run.manifest.json().utf8))
        #expect(decoded == run.manifest)
        #expect(decoded.outputs.count == 2)
        #expect(decoded.script.sha256 == SHA256.hex(Array("print(1)\nprint(\"two\")".utf8)))
        #expect(throws: ManifestError.self) { try RunManifest.decode(Array("{\"x\": 1}".utf8)) }
    }

    @Test func manifestRecordsTheRunsSettingsAsTypedFields() throws {
        var options = RunOptions()
        options.seed = .max
        options.maxSteps = 1000
        options.outputDirectory = "results"
        let run = NotebookRunner.run(path: "s.orr", source: "print(1)", options: options, version: "1", extensions: world)
        #expect(run.manifest.seed == .max)
        #expect(run.manifest.maxSteps == 1000)
        #expect(run.manifest.allowExec == false)
        #expect(run.manifest.outputFolder == "results")
        let json = run.manifest.json()
        // Every bit of the seed survives JSON readers that parse numbers as doubles.
        #expect(json.contains("\"seed\" : \"18446744073709551615\""))
        #expect(json.contains("\"maxSteps\" : 1000"))
        #expect(json.contains("\"format\" : \"orrery-manifest/2\""))
        #expect(try RunManifest.decode(Array(json.utf8)) == run.manifest)
        // No limit is written as null: every manifest has the same keys.
        let unlimited = NotebookRunner.run(path: "s.orr", source: "print(1)", options: RunOptions(), version: "1", extensions: world)
        #expect(unlimited.manifest.json().contains("\"maxSteps\" : null"))
        #expect(try RunManifest.decode(Array(unlimited.manifest.json().utf8)).maxSteps == nil)
    }

    @Test func manifestOfAnotherFormatOrWithABadSeedIsRefused() {
        let old = #"{"format": "orrery-manifest/1", "flags": ["--allow-exec"], "seed": "0"}"#
        #expect { try RunManifest.decode(Array(old.utf8)) } throws: { "\($0)".contains("orrery-manifest/1") }
        let run = NotebookRunner.run(path: "b.orr", source: "print(1)", options: RunOptions(), version: "1", extensions: world)
        let badSeed = run.manifest.json().replacingOccurrences(of: "\"seed\" : \"0\"", with: "\"seed\" : \"-1\"")
        #expect(throws: ManifestError.self) { try RunManifest.decode(Array(badSeed.utf8)) }
    }

    @Test func differencesNameTheOutputThatChanged() {
        let a = NotebookRunner.run(path: "d.orr", source: "print(1)\nprint(2)", options: RunOptions(), version: "1", extensions: world).manifest
        let b = NotebookRunner.run(path: "d.orr", source: "print(1)\nprint(3)", options: RunOptions(), version: "1", extensions: world).manifest
        let diffs = a.differences(from: b)
        #expect(diffs.contains { $0.hasPrefix("script d.orr changed") })
        #expect(diffs.contains { $0.hasPrefix("output 2 (text, line 2) differs") })
        #expect(!diffs.contains { $0.hasPrefix("output 1") })
    }
}

// MARK: - Plots

@Suite struct PlotTests {
    @Test func plotBuiltinMakesSeries() {
        #expect(output("let p = plot([1, 2, 3], title: \"loss\", x: \"epoch\")\nprint(p)\nprint(p.series)")
                == ["<plot \"loss\" with 1 series>", "[\"y\"]"])
        #expect(output("print(plot([{name: \"a\", values: [1, 2]}, {name: \"b\", values: [3]}]).series)") == ["[\"a\", \"b\"]"])
    }

    @Test func badPlotArgumentsAreErrors() {
        for (source, message) in [
            ("plot([{name: 1, values: [1]}])", "no string 'name'"),
            ("plot([{name: \"a\", values: [\"x\"]}])", "values of 'a' must be numbers"),
            ("plot([])", "nothing to plot"),
            ("plot(3)", "list expected"),
        ] {
            let (_, report) = runScript(source)
            guard case .runtimeError(let e) = report.outcome else {
                Issue.record("\(source) should fail")
                continue
            }
            #expect(e.message.contains(message), "\(e.message)")
        }
    }

    @Test func sparklineScalesAndSkipsNonFinite() {
        #expect(PlotObject.sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
        #expect(PlotObject.sparkline([1, .nan, 1]) == "▄ ▄")
        #expect(PlotObject.sparkline([]) == "")
        #expect(PlotObject.sparkline([-1e308, 1e308, 0]) == "▁█▅")
        #expect(PlotObject.sparkline([5, 5]) == "▄▄")
    }
}

// MARK: - Paired rollouts

/// A twin that only exposes `factual` and `counterfactual` members.
final class MemberTwinForTest: HostObject {
    let a: Rollout, b: Rollout
    init(_ a: Rollout, _ b: Rollout) { self.a = a; self.b = b }
    var typeName: String { "counterfactual" }
    var description: String { "<member twin>" }
    func member(_ name: String) throws -> Value? {
        switch name {
        case "factual": return .object(RolloutObject(a, modelName: "physics"))
        case "counterfactual": return .object(RolloutObject(b, modelName: "physics"))
        default: return nil
        }
    }
    func isEqual(to other: any HostObject) -> Bool { self === other }
}

@Suite struct SideBySideTests {
    @Test func counterfactualsPlayBesideTheirFactualRollout() throws {
        let run = NotebookRunner.run(path: "cf.orr", source: """
            let w = scene "s" {
              ground at 0
              ball a at (0, 0.5) radius 0.5 velocity (3, 0)
              box b at (3, 0.5) size (1, 1)
              camera at (2, 2) size (8, 5) ppu 8
            }
            let r = rollout(physics, w, steps: 20)
            show r
            show counterfactual(r, at: 0) { remove b }
            """, options: RunOptions(), version: "test", extensions: world)
        let outputs = run.cells[0].outputs
        guard outputs.count == 2, case .png(let single, _, true) = outputs[0], case .png(let pair, _, true) = outputs[1] else {
            Issue.record("expected two animations: \(outputs.map(\.kindName))")
            return
        }
        let one = try PNGDecoder.decodeFrames(single)[0].width
        #expect(try PNGDecoder.decodeFrames(pair)[0].width > 2 * one)
    }

    @Test func valuesWithFactualAndCounterfactualMembersPlayAsAPair() throws {
        let scene = Scene(name: "s", dt: 1.0 / 60)
        let a = try Simulator.rollout(scene, steps: 4)
        guard case .png(let bytes, _, true) = NotebookRendering.output(for: .object(MemberTwinForTest(a, a))) else {
            Issue.record("expected an animation")
            return
        }
        let panelWidth = try WorldDrawing.render(scene: scene, state: a.states[0]).width
        #expect(try PNGDecoder.decodeFrames(bytes)[0].width > 2 * panelWidth)
    }

    @Test func pairedRolloutsAnimateSideBySide() throws {
        let run = NotebookRunner.run(path: "w.orr", source: """
            let w = scene "s" {
              ground at 0
              ball a at (0, 2) radius 0.5
              camera at (0, 2) size (6, 4) ppu 8
            }
            show rollout(physics, w, steps: 12)
            """, options: RunOptions(), version: "test", extensions: world)
        guard case .png(let single, _, true)? = run.cells.first?.outputs.first else {
            Issue.record("no animation")
            return
        }
        let one = try PNGDecoder.decodeFrames(single)
        let scene = Scene(name: "s", dt: 1.0 / 60)
        let a = try Simulator.rollout(scene, steps: 6)
        let b = try Simulator.rollout(scene, steps: 12)
        let pair = NotebookRendering.output(for: .object(MemberTwinForTest(a, b)))
        guard case .png(let bytes, let alt, true)? = pair else {
            Issue.record("expected an animation, got \(pair?.kindName ?? "nothing")")
            return
        }
        #expect(alt == "<member twin>")
        let frames = try PNGDecoder.decodeFrames(bytes)
        // As many frames as the longer rollout needs, each two panels wide.
        #expect(frames.count == 7)
        let panelWidth = try WorldDrawing.render(scene: scene, state: b.states[0]).width
        #expect(frames[0].width > 2 * panelWidth)
        #expect(one.count == 7)
    }
}

@Suite struct TerminalTableTests {
    @Test func listsOfRecordsShowAsAlignedColumnsInTheTerminal() {
        let text = ValueDisplay.terminalText(of: .list([.record(["name": .string("a"), "n": .number(10)]),
                                                        .record(["name": .string("bee"), "n": .number(2)])]),
                                             extensions: world, colored: false, columns: 80)
        #expect(text == "n   name\n--  ----\n10  a\n2   bee")
        #expect(ValueDisplay.terminalText(of: .list([.number(1)]), extensions: world, colored: false, columns: 80) == "[1]")
    }
}

// MARK: - Jupyter sanitising

@Suite struct JupyterSanitisingTests {
    /// A script whose markdown cell and code comments try to smuggle script into a notebook:
    /// a `<script>` tag, an event-handler attribute, a `javascript:` link, and the same
    /// link after a blank line inside a fenced block (where a renderer would resume markdown).
    static let script = """
        # <script>alert(1)</script> in a code comment
        print(1)
        # %% [markdown]
        # # Title <script>alert(1)</script>
        # <img src=x onerror=alert(1)>
        # [x](javascript:alert(1)) and [ok](https://example.org)
        # ```
        # code
        #
        # [y](javascript:alert(2))
        # ```
        """

    static func cells(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["cells"] as? [[String: Any]])
    }

    @Test func markdownCellsCarryTheReportsSanitisedHTML() throws {
        let run = NotebookRunner.run(path: "x.orr", source: JupyterSanitisingTests.script, options: RunOptions(),
                                     version: "test", extensions: world)
        let cells = try JupyterSanitisingTests.cells(JupyterNotebook.render(run))
        let markdown = try #require(cells.first { $0["cell_type"] as? String == "markdown" })
        let source = (markdown["source"] as? [String] ?? []).joined()
        #expect(!source.lowercased().contains("<script"))
        #expect(!source.lowercased().contains("<img"))
        #expect(!source.lowercased().contains("href=\"javascript"))
        #expect(source.contains("<p>&lt;img src=x onerror=alert(1)&gt;\nx) and"))
        #expect(source.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(source.contains("<a href=\"https://example.org\">ok</a>"))
        // No blank line: the cell stays one raw-HTML block, so the fenced link stays text.
        #expect(source.contains("<pre><code>code&#10;\n[y](javascript:alert(2))</code></pre>"))
        #expect(!source.split(separator: "\n", omittingEmptySubsequences: false)
            .contains { $0.allSatisfy(\.isWhitespace) })
        #expect(source == JupyterNotebook.markdownSource(run.cells[1].cell.text))
        // Code cells are code: Jupyter shows their text, it does not render it.
        let code = try #require(cells.first { $0["cell_type"] as? String == "code" })
        #expect((code["source"] as? [String])?.first == "# <script>alert(1)</script> in a code comment\n")
    }

    @Test func blankLinesInCodeBlocksFoldIntoTheLineBefore() {
        #expect(JupyterNotebook.markdownSource("```\na\n\n  \nb\n```") ==
                    "<pre><code>a&#10;&#10;&#32;&#32;\nb</code></pre>")
        #expect(JupyterNotebook.markdownSource("# T\n\ntext") == "<h1>T</h1>\n<p>text</p>")
    }
}
