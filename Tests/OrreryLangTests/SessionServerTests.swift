import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// The JSON-lines session protocol (`orrery session`) driven with request lines; the
/// events are parsed back with Foundation's JSON reader, as a kernel would.
@Suite struct SessionServerTests {
    /// A session with the world (and `press_ctrl_c()`); `events` collects what it wrote.
    final class Harness {
        let server: SessionServer
        init() {
            let collector = LineCollector()
            server = SessionServer(options: RunOptions(), extensions: world + [CtrlC()], version: "test") { collector.lines.append($0) }
            self.collector = collector
        }
        let collector: LineCollector

        /// Sends one request and returns the events written for it.
        func request(_ fields: [String: Any]) -> [[String: Any]] {
            let before = collector.lines.count
            let data = try! JSONSerialization.data(withJSONObject: fields)
            Interpreter.onLargeStack { [server] in server.handle(String(decoding: data, as: UTF8.self)) }
            return collector.lines[before...].map { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? ["unparsed": line]
            }
        }

        func execute(_ code: String, id: String = "1") -> [[String: Any]] {
            request(["id": id, "op": "execute", "code": code])
        }
    }

    final class LineCollector { var lines: [String] = [] }

    static func done(_ events: [[String: Any]]) -> [String: Any] { events.last ?? [:] }

    /// The text of the stream outputs among `events`.
    static func streamText(_ events: [[String: Any]]) -> String {
        events.compactMap { e -> String? in
            guard e["event"] as? String == "output", let o = e["output"] as? [String: Any],
                  o["output_type"] as? String == "stream" else { return nil }
            return (o["text"] as? [String])?.joined()
        }.joined()
    }

    @Test func bindingsPersistAcrossCellsAndEveryEventCarriesTheRequestID() {
        let h = Harness()
        let first = h.execute("let x = 6\nfn double(n) { return 2 * n }", id: "a")
        #expect(Self.done(first)["status"] as? String == "ok")
        let second = h.execute("print(double(x) * 3.5)\nx + 1", id: "b")
        #expect(Self.streamText(second) == "42\n")
        let result = second.first { $0["event"] as? String == "result" }
        #expect((result?["data"] as? [String: Any])?["text/plain"] as? String == "7")
        #expect(second.allSatisfy { $0["id"] as? String == "b" })
        #expect(Self.done(second)["event"] as? String == "done")
    }

    @Test func errorsAreLocatedDiagnosticsAndTheCellFails() {
        let h = Harness()
        _ = h.execute("let y = 1")
        let events = h.execute("print(\"before\")\nlet z = y / nothing")
        let error = events.first { $0["event"] as? String == "error" }?["text"] as? String ?? ""
        #expect(error.hasPrefix("<repl>:2:"), "\(error)")
        #expect(error.contains("nothing"))
        #expect(Self.done(events)["status"] as? String == "error")
        let runtime = h.execute("let w = [1][5]")
        #expect(runtime.contains { ($0["text"] as? String)?.contains("<repl>:1:") == true })
        #expect(Self.done(runtime)["status"] as? String == "error")
        // A failed expect fails the cell too; `y` is still bound.
        let expect = h.execute("expect y == 2")
        #expect(Self.done(expect)["status"] as? String == "error")
        #expect(Self.streamText(h.execute("print(y)")) == "1\n")
    }

    @Test func showSendsTheSameMIMEBundleANotebookHolds() throws {
        let h = Harness()
        let code = """
            let s = scene "s" {
              ground at 0
              ball a at (1, 0.5) radius 0.5
            }
            show s
            show plot([1, 4, 9], title: "squares")
            show [{n: 1, sq: 1}, {n: 2, sq: 4}]
            """
        let events = h.execute(code)
        let data = events.compactMap { ($0["output"] as? [String: Any])?["data"] as? [String: Any] }
        #expect(data.count == 3)
        let png = try #require(data.first?["image/png"] as? String)
        #expect(Data(base64Encoded: png)?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect((data[1]["image/svg+xml"] as? String)?.contains("<svg") == true)
        #expect((data[2]["text/html"] as? String)?.hasPrefix("<table") == true)
        #expect(data.allSatisfy { $0["text/plain"] is String })
    }

    @Test func interruptStopsTheCellAndKeepsTheSession() {
        let h = Harness()
        _ = h.execute("let kept = 5")
        let events = h.execute("print(\"started\")\nvar i = 0\nwhile true { i += 1; if i == 50 { press_ctrl_c() } }")
        #expect(Self.streamText(events) == "started\n")
        #expect(events.contains { ($0["text"] as? String)?.contains("interrupted") == true })
        #expect(Self.done(events)["status"] as? String == "error")
        #expect(Self.streamText(h.execute("print(kept)")) == "5\n")
        // An interrupt raised while idle does not stop the next cell.
        h.server.repl.interrupt.raise()
        #expect(Self.done(h.execute("let after = 1"))["status"] as? String == "ok")
    }

    @Test func trainingReportsProgressEvents() {
        let h = Harness()
        let events = h.execute(ModelLanguageTests.world + """
            let data = dataset(world, n: 2, steps: 10, seed: 3)
            let m = train(window(k: 3, hidden: 4), data, epochs: 3)
            """)
        let progress = events.filter { $0["event"] as? String == "progress" }
        #expect(progress.count >= 3)
        #expect(events.contains { $0["event"] as? String == "progress_done" })
        #expect(Self.done(events)["status"] as? String == "ok")
    }

    @Test func isCompleteFollowsTheParser() {
        let h = Harness()
        func completeness(_ code: String) -> String? {
            Self.done(h.request(["id": "c", "op": "is_complete", "code": code]))["completeness"] as? String
        }
        #expect(completeness("let x = 1") == "complete")
        #expect(completeness("fn f(a) {\n  return a") == "incomplete")
        #expect(completeness("let x = [1, 2") == "incomplete")
        #expect(completeness("let = 3 )") == "invalid")
    }

    @Test func completesNamesBuiltinsMembersAndCommands() {
        let h = Harness()
        _ = h.execute("let velocity_scale = 2\nlet rec = {alpha: 1, beta: 2}\nlet w = scene \"w\" {\n  ground at 0\n  ball a at (1, 0.5)\n}")
        func complete(_ code: String, _ cursor: Int? = nil) -> (matches: [String], start: Int, end: Int) {
            var fields: [String: Any] = ["id": "k", "op": "complete", "code": code]
            if let cursor { fields["cursor"] = cursor }
            let done = Self.done(h.request(fields))
            return (done["matches"] as? [String] ?? [], done["cursor_start"] as? Int ?? -1, done["cursor_end"] as? Int ?? -1)
        }
        #expect(complete("print(veloc").matches == ["velocity_scale"])
        #expect(complete("print(veloc").start == 6)
        #expect(complete("rollo").matches.contains("rollout"))
        #expect(complete("rec.al").matches == ["alpha"])
        #expect(complete("rec.al").start == 4)
        #expect(complete("w.").matches.contains("bodies") || !complete("w.").matches.isEmpty)
        #expect(complete(".he").matches == ["help"])
        // The cursor counts Unicode scalars, as Jupyter's cursor_pos does.
        #expect(complete("\"é\" + veloc + 1", 11).matches == ["velocity_scale"])
    }

    @Test func inspectsBuiltinsFunctionsAndValues() {
        let h = Harness()
        _ = h.execute("fn area(w, h) { return w * h }\nlet size = 3")
        func inspect(_ code: String) -> String? {
            let done = Self.done(h.request(["id": "i", "op": "inspect", "code": code]))
            return done["found"] as? Bool == true ? done["text"] as? String : nil
        }
        #expect(inspect("rollout(")?.hasPrefix("rollout(") == true)
        #expect(inspect("rollout(")?.contains("built-in function") == true)
        #expect(inspect("area") == "fn area(w, h)")
        #expect(inspect("size") == "size: number\n3")
        #expect(inspect("nothing_here") == nil)
    }

    @Test func badRequestsGetAnErrorAndTheSessionGoesOn() {
        let h = Harness()
        let notJSON = h.request(["id": "x", "op": "fly"])
        #expect(Self.done(notJSON)["message"] as? String == "unknown op 'fly' (execute, is_complete, complete, inspect, quit)")
        h.collector.lines = []
        Interpreter.onLargeStack { [server = h.server] in server.handle("{not json") }
        #expect(h.collector.lines.first?.contains("one JSON object per line") == true)
        #expect(Self.streamText(h.execute("print(1)")) == "1\n")
    }

    @Test func aFirstCellConfigurationLineConfiguresTheSession() {
        let h = Harness()
        // Completion before any cell makes a session; the configuration still applies.
        _ = h.request(["id": "c", "op": "complete", "code": "pri", "cursor": 3])
        let first = h.execute("# orrery: --seed 9 --max-steps 1000\nprint(seed)")
        #expect(Self.streamText(first) == "9\n")
        // Repeating the same line is fine; the step limit applies.
        #expect(Self.streamText(h.execute("# orrery: --seed 9 --max-steps 1000\nprint(seed + 1)")) == "10\n")
        let loop = h.execute("var i = 0\nwhile true { i += 1 }")
        #expect(loop.contains { ($0["text"] as? String)?.contains("step limit") == true })
        // Changing it needs a restart; the bindings are kept.
        _ = h.execute("let kept = 3")
        let changed = h.execute("# orrery: --seed 2\nprint(seed)")
        #expect(Self.done(changed)["status"] as? String == "error")
        #expect(changed.contains { ($0["text"] as? String)?.contains("already runs with '# orrery: --seed 9 --max-steps 1000'") == true })
        #expect(Self.streamText(h.execute("print(kept)")) == "3\n")
    }

    @Test func aConfigurationLineAfterTheFirstCellOrMalformedIsAnError() {
        let h = Harness()
        _ = h.execute("let x = 1")
        let late = h.execute("# orrery: --seed 4")
        #expect(late.contains { ($0["text"] as? String)?.contains("must be in the first cell that runs") == true })
        #expect(Self.done(late)["status"] as? String == "error")
        // `.reset` starts over, and then the line applies.
        _ = h.execute(".reset")
        #expect(Self.streamText(h.execute("# orrery: --seed 4\nprint(seed)")) == "4\n")
        let fresh = Harness()
        let granted = fresh.execute("# orrery: --allow-exec")
        #expect(granted.contains { ($0["text"] as? String)?.contains("<repl>:1:11: error: a script cannot grant itself --allow-exec") == true })
        // The failed line configured nothing: the next first cell may still configure.
        #expect(Self.streamText(fresh.execute("# orrery: --seed 5\nprint(seed)")) == "5\n")
    }
}
