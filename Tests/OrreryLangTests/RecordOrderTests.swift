import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Records keep the order the script gave their fields (issue 17): printing, tables in
/// the terminal and the REPL, HTML and .ipynb reports and the session's JSON.
@Suite struct RecordOrderTests {
    /// Neither sorted nor reverse-sorted, so an accidental sort in either direction fails.
    static let rows = "[{name: \"b\", mass: 2, x: 1}, {name: \"a\", mass: 1, x: 3, vy: 0}]"

    @Test func printingFollowsTheLiteral() {
        let t = transcript(["let r = {name: \"b\", mass: 2, x: 1}", "r", "print(keys(r), values(r))",
                            "var q = r", "q.color = \"red\"", "q", "r == {x: 1, mass: 2, name: \"b\"}"])
        #expect(t.errors.isEmpty)
        #expect(t.lines == ["{name: \"b\", mass: 2, x: 1}", "[\"name\", \"mass\", \"x\"] [\"b\", 2, 1]",
                            "{name: \"b\", mass: 2, x: 1, color: \"red\"}", "true"])
    }

    @Test func tableColumnsFollowTheRecordsInTheTerminal() throws {
        // `orrery run` draws a shown table with `ValueDisplay.terminalText`: the same table's plain text.
        let run = NotebookRunner.run(path: "t.orr", source: "show \(Self.rows)", options: RunOptions(),
                                     version: "test", extensions: world)
        let table = try #require(run.cells.first?.outputs.first)
        #expect(table.plainText.hasPrefix("name  mass  x  vy"), "\(table.plainText)")
    }

    @Test func notebookReportsKeepTheOrder() throws {
        let run = NotebookRunner.run(path: "t.orr", source: "show \(Self.rows)", options: RunOptions(),
                                     version: "test", extensions: world)
        let table = try #require(run.cells.first?.outputs.first)
        #expect(table == .table(columns: ["name", "mass", "x", "vy"], rows: [["b", "2", "1", ""], ["a", "1", "3", "0"]]))
        #expect(HTMLReport.render(run).contains("<th>name</th><th>mass</th><th>x</th><th>vy</th>"))
        let ipynb = JupyterNotebook.render(run)
        let name = try #require(ipynb.range(of: "<th>name</th>")), vy = try #require(ipynb.range(of: "<th>vy</th>"))
        let mass = try #require(ipynb.range(of: "<th>mass</th>"))
        #expect(name.lowerBound < mass.lowerBound && mass.lowerBound < vy.lowerBound)
    }

    @Test func theSessionSendsTheOrderInItsJSON() throws {
        let h = SessionServerTests.Harness()
        let events = h.execute("show \(Self.rows)")
        let bundles = events.compactMap { ($0["output"] as? [String: Any])?["data"] as? [String: Any] }
        let data = try #require(bundles.first)
        let plain = try #require(data["text/plain"] as? String)
        #expect(plain.hasPrefix("name  mass  x  vy"), "\(plain)")
        let html = try #require(data["text/html"] as? String)
        #expect(html.contains("<th>name</th><th>mass</th><th>x</th><th>vy</th>"))
    }
}

/// Capture analysis is by binding: a function's own locals never box the top level's
/// loop variables that share their names (issue 18).
@Suite struct CaptureAnalysisTests {
    private func compile(_ source: String, extensions: [any LanguageExtension] = []) -> (CompiledUnit, [Diagnostic]) {
        let session = ScriptSession(options: RunOptions(), output: CollectingOutput(), extensions: extensions)
        let (unit, _, diagnostics) = session.compile(source: source, file: "t.orr", globals: [:])
        return (unit, diagnostics)
    }

    @Test func aFunctionsOwnLocalsBoxNothingOutside() {
        let (unit, ds) = compile("""
            fn energy(bodies) {
              var e = 0
              for i in range(len(bodies)) { for j in range(i) { let dx = i - j; e += dx } }
              return e
            }
            for i in range(3) { for j in range(3) { let dx = i - j; print(dx, energy([1, 2])) } }
            if true { let f = fn (i) { let dx = i; return dx } ; var j = 0 }
            """)
        #expect(ds.isEmpty)
        #expect(unit.main.cellCount == 0)
    }

    @Test func whatANestedFunctionReadsFreelyIsBoxed() {
        let (unit, ds) = compile("""
            for i in range(3) {
              let dx = i
              let f = fn () { let g = dx; let dx = 5; return g + dx + i }
            }
            """)
        #expect(ds.isEmpty)
        #expect(unit.main.cellCount == 2)   // i and dx: f reads both before declaring its own dx
        #expect(unit.main.frameSize == 1)   // f
    }

    @Test func aSceneEntryNamingALocalResolvesIt() {
        // `remove a` asks whether a variable `a` is in scope (to explain the clash): the
        // local must be reachable from the block, not an internal error.
        let (_, ds) = compile("""
            fn f(w) {
              let a = 1
              return intervene(w) { remove a }
            }
            """, extensions: world)
        #expect(!ds.contains { $0.message.contains("internal error") }, "\(ds.map(\.message))")
    }
}
