import Foundation
import Testing
import WorldKit
@testable import OrreryLang
@testable import OrreryWorld

/// A host object as the world bindings would provide one.
final class Probe: HostObject {
    let label: String
    init(label: String) { self.label = label }
    var typeName: String { "probe" }
    var description: String { "<probe \(label)>" }
    func member(_ name: String) throws -> Value? {
        switch name {
        case "label": return .string(label)
        case "broken": throw NativeError("probe member failed")
        default: return nil
        }
    }
    func isEqual(to other: any HostObject) -> Bool { (other as? Probe)?.label == label }
}

/// Records scene entries as the bindings' scene builder would.
final class RecordingBuilder: SceneBuilder {
    var entries: [String] = []
    func entry(_ e: EvaluatedSceneEntry) throws {
        let props = e.properties.map { "\($0.key)=\($0.value?.description ?? "flag")" }.joined(separator: ",")
        entries.append("\(e.kind) \(e.name ?? "-") \(e.positional?.description ?? "-") \(props)")
    }
    func require(_ condition: Value, probability: Value?, range: SourceRange) throws {
        entries.append("require \(condition)")
    }
}

/// Also accepts edits, as the causal layer's builder for `intervene` would.
final class EditingBuilder: SceneBuilder {
    var log: [String] = []
    func entry(_ e: EvaluatedSceneEntry) throws {
        let props = e.properties.map { "\($0.key)=\($0.value?.description ?? "flag")" }.joined(separator: ",")
        log.append("entry \(e.kind) \(e.name ?? "-") \(e.positional?.description ?? "-") \(props)")
    }
    func require(_ condition: Value, probability: Value?, range: SourceRange) throws {}
    func assign(_ a: EvaluatedAssignment) throws {
        if a.target == "forbidden" { throw NativeError("no body named 'forbidden'") }
        log.append("edit \(a.target) \(Value.list(a.path).debugDescription) \(a.op) \(a.value)")
    }
}

@Suite struct InterpreterEngineTests {
    @Test func testFilterAndComparisonRendering() {
        let source = """
        test "alpha one" { expect [1, 2] == [1, 3] }
        test "beta" { expect "a" != "a", "strings differ" }
        test "alpha two" { expect 1 ~= 2 within 0.5 }
        """
        let engine = Engine(output: CollectingOutput(), extensions: world)
        let report = engine.test(path: "t.orr", source: source, filter: "alpha")
        #expect(report.tests.map(\.name) == ["alpha one", "alpha two"])
        let first = report.tests[0].failures[0]
        #expect(first.message == "expectation failed")
        #expect(first.comparison?.op == "==")
        #expect(first.comparison?.lhs == "[1, 2]")
        #expect(first.comparison?.rhs == "[1, 3]")
        #expect(report.tests[1].failures.first?.comparison?.op == "~=")
        let all = engine.test(path: "t.orr", source: source, filter: nil)
        #expect(all.tests.count == 3)
        #expect(all.tests[1].failures.first?.message == "strings differ")
        #expect(all.tests[1].failures.first?.comparison?.lhs == "\"a\"")
    }

    @Test func runtimeErrorsCarryAStackTrace() {
        let source = "fn inner() { return 1 + nil }\nfn outer() { return inner() }\nouter()"
        let (_, report) = runScript(source)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "attempt to perform arithmetic on a nil value (got number and nil)")
        #expect(e.range.start.line == 1)
        #expect(e.trace.map { "\($0.function)@\($0.range.start.line)" } == ["inner@1", "outer@2", "<script>@3"])
        let text = DiagnosticFormatter.format(e, source: source, color: false)
        #expect(text.contains("  in inner (t.orr:1:"))
    }

    @Test func sameSeedSameOutput() {
        let source = "let g = rng(seed)\nprint(repeat(5, fn (i) => g.normal(0, 1)))"
        var options = RunOptions()
        options.seed = 7
        func once() -> [String] {
            let out = CollectingOutput()
            _ = Engine(options: options, output: out, extensions: world).run(path: "t.orr", source: source)
            return out.lines
        }
        #expect(once() == once())
        #expect(once().count == 1)
    }

    @Test func hostsDefineNativesAndObjects() {
        let out = CollectingOutput()
        let engine = Engine(output: out, extensions: world)
        engine.extensions.append { interp in
            interp.define(NativeFunction("probe", parameters: ["label", "twice"]) { args in
                let label = try args.string(at: 1)
                let twice = args.has(2) ? try args.bool(at: 2) : false
                return .object(Probe(label: twice ? label + label : label))
            })
        }
        let report = engine.run(path: "t.orr", source: """
        let p = probe("a")
        print(p, p.label, type(p), p == probe("a"), p == probe("a", twice: true))
        print(probe(label: "z").label)
        """)
        guard case .success = report.outcome else {
            Issue.record("unexpected outcome \(report.outcome)")
            return
        }
        #expect(out.lines == ["<probe a> a probe true false", "z"])
        let bad = engine.run(path: "t.orr", source: "print(probe(1))")
        guard case .runtimeError(let e) = bad.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "bad argument #1 to 'probe' (string expected, got number)")
        let missing = engine.run(path: "t.orr", source: "print(probe(\"a\").nope)")
        guard case .runtimeError(let m) = missing.outcome else { return }
        #expect(m.message == "probe has no member 'nope'")
    }

    @Test func sceneBlocksGoThroughTheHostFactory() {
        let builder = RecordingBuilder()
        let engine = Engine(output: CollectingOutput(), extensions: world)
        engine.extensions.append { interp in
            interp.sceneFactory = { name, body, _ in
                try body.run(into: builder)
                return .string("scene \(name)")
            }
        }
        let report = engine.run(path: "t.orr", source: """
        let n = 2
        let s = scene "push" {
          gravity (0, -9.8)
          for i in range(n) {
            ball "b\\(i)" at (i, 0.5) radius 0.5 static
          }
          require n > 1
        }
        print(s)
        """)
        if case .success = report.outcome {} else { Issue.record("unexpected outcome \(report.outcome)") }
        #expect(builder.entries == [
            "gravity - (0, -9.8) ",
            "ball b0 - at=(0, 0.5),radius=0.5,static=flag",
            "ball b1 - at=(1, 0.5),radius=0.5,static=flag",
            "require true",
        ])
    }

    @Test func trailingBlocksReachNativesWithABlockParameter() {
        let builder = EditingBuilder()
        let engine = Engine(output: CollectingOutput(), extensions: world)
        engine.extensions.append { interp in
            interp.define(NativeFunction("intervene", parameters: ["scene", "block"]) { args in
                let body = try args.object(at: 2, as: SceneBody.self, expected: "block")
                try body.run(into: builder)
                return .string("edited \(args.value(at: 1))")
            })
        }
        let report = engine.run(path: "t.orr", source: """
        let k = 2
        let r = intervene("w") {
          set b.mass = 10
          a.x += k
          ball c at (1, 2)
          if k > 1 { set d.items[k] = "v" }
          let local = 5
          var n = 0
          n += local
          set e.n = n
        }
        print(r)
        """)
        if case .success = report.outcome {} else { Issue.record("unexpected outcome \(report.outcome)") }
        #expect(builder.log == [
            "edit b [\"mass\"] = 10",
            "edit a [\"x\"] += 2",
            "entry ball c - at=(1, 2)",
            "edit d [\"items\", 2] = v",
            "edit e [\"n\"] = 5",
        ])
        let refused = engine.run(path: "t.orr", source: "intervene(1) { forbidden.x = 1 }")
        guard case .runtimeError(let e) = refused.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "no body named 'forbidden'")
        #expect(engine.check(path: "t.orr", source: "print(1) { x = 1 }").map(\.message)
            == ["a block after a call is only accepted by causal operations such as 'intervene'"])
    }

    @Test func importsFromDiskAndSourceText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lib = folder.appendingPathComponent("lib.orr").path
        try "fn twice(x) { return x * 2 }\nlet broken = fn () => 1 + nil\n".write(toFile: lib, atomically: true, encoding: .utf8)
        let main = folder.appendingPathComponent("main.orr").path
        let source = "import \"lib.orr\"\nprint(twice(21))\nbroken()"
        let out = CollectingOutput()
        let engine = Engine(output: out, extensions: world)
        let report = engine.run(path: main, source: source)
        #expect(out.lines == ["42"])
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.range.file.hasSuffix("lib.orr"))
        #expect(engine.sourceText(of: e.range.file)?.contains("fn twice") == true)
        #expect(engine.sourceText(of: main) == source)
    }

    @Test func stepLimitCountsCalls() {
        let (_, report) = runScript("fn f(n) { if n == 0 { return 0 }; return f(n - 1) }\nf(50)", maxSteps: 20)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "step limit exceeded")
    }
}
