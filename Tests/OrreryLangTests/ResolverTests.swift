import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Compiles `source` (without running it) and returns the compiled unit and diagnostics.
private func compile(_ source: String) -> (CompiledUnit, [Diagnostic]) {
    let session = ScriptSession(options: RunOptions(), output: CollectingOutput(), extensions: [])
    let (unit, _, diagnostics) = session.compile(source: source, file: "t.orr", globals: [:])
    return (unit, diagnostics)
}

@Suite struct ResolverTests {
    @Test func reportsEveryErrorWithItsRange() {
        let (_, ds) = compile("print(a)\nlet k = 1\nk = 2\nfn f() { return b }\nbreak")
        #expect(ds.map { "\($0.range.start.line):\($0.range.start.column) \($0.message)" } == [
            "1:7 undefined variable 'a'",
            "3:1 cannot assign to constant 'k'",
            "5:1 'break' outside of a loop",
            "4:17 undefined variable 'b'",
        ])
    }

    @Test func notesPointBackToTheDeclaration() {
        let (_, ds) = compile("let k = 1\nk += 1")
        #expect(ds.first?.notes.first?.message == "'k' is declared with 'let' here")
        #expect(ds.first?.notes.first?.range?.start.line == 1)
        let (_, dup) = compile("fn f() {\n  var x = 1\n  var x = 2\n}")
        #expect(dup.first?.message == "'x' is already defined in this scope")
        #expect(dup.first?.notes.first?.range?.start.line == 2)
    }

    @Test func topLevelNamesAreGlobalsAndLocalsGetSlots() {
        let (unit, ds) = compile("let a = 1\nif true { let b = 2; let c = 3 }")
        #expect(ds.isEmpty)
        // `a` is a global cell; `b` and `c` are slots of the top-level frame.
        #expect(unit.main.frameSize == 2)
        #expect(unit.main.cellCount == 0)
    }

    @Test func capturedLocalsLiveInCells() {
        let (unit, ds) = compile("""
        if true {
          var shared = 0
          var plain = 1
          let f = fn () => shared
        }
        """)
        #expect(ds.isEmpty)
        #expect(unit.main.cellCount == 1)   // shared
        #expect(unit.main.frameSize == 2)   // plain, f
    }

    @Test func parametersTakeTheFirstSlots() {
        let (unit, _) = compile("fn f(a, b) { let c = a + b; return c }\ntest \"t\" { let x = 1 }")
        #expect(unit.tests.count == 1)
        #expect(unit.tests.first?.proto.frameSize == 1)
    }

    @Test func nothingRunsDuringCheck() {
        let out = CollectingOutput()
        let engine = Engine(output: out, extensions: world)
        #expect(engine.check(path: "t.orr", source: "print(\"side effect\")").isEmpty)
        #expect(out.lines.isEmpty)
    }
}
