import Testing
@testable import OrreryLang
@testable import OrreryWorld

private func scene(_ body: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let s = sexpr("scene \"s\" {\n\(body)\n}", sourceLocation: sourceLocation)
    // Strip `(scene "s" {` and `})` to keep expectations short.
    return String(s.dropFirst(#"(scene "s" {"#.count).dropLast(2))
}

@Test(arguments: [
    ("gravity (0, -9.8)", "(gravity (vec 0 (- 9.8)))"),
    ("ground at 0", "(ground (at 0))"),
    (#"ball a at (1, 0.5) radius 0.5 velocity (4, 0) color "red""#,
     #"(ball "a" (at (vec 1 0.5)) (radius 0.5) (velocity (vec 4 0)) (color "red"))"#),
    ("box b at (6, 0.5) size (1, 1) mass 1 angle 0.3 static",
     #"(box "b" (at (vec 6 0.5)) (size (vec 1 1)) (mass 1) (angle 0.3) (static))"#),
    ("wall w from (0,0) to (10,0)", #"(wall "w" (from (vec 0 0)) (to (vec 10 0)))"#),
    ("occluder screen at (4, 1.5) size (1.5, 3)", #"(occluder "screen" (at (vec 4 1.5)) (size (vec 1.5 3)))"#),
    ("region goal at (9, 0) size (1, 1)", #"(region "goal" (at (vec 9 0)) (size (vec 1 1)))"#),
    ("bounds (0,0) to (40,40)", "(bounds (vec 0 0) (to (vec 40 40)))"),
    ("dt 1/120", "(dt (/ 1 120))"),
    ("substeps 4", "(substeps 4)"),
    ("iterations 10", "(iterations 10)"),
    ("noise velocity 0.01", "(noise (velocity 0.01))"),
    ("camera at (5, 3) size (12, 8) ppu 20 velocity (1, 0)",
     "(camera (at (vec 5 3)) (size (vec 12 8)) (ppu 20) (velocity (vec 1 0)))"),
    ("ball a at (uniform(0, 3), 0.5) allow_overlap", #"(ball "a" (at (vec (call uniform 0 3) 0.5)) (allow_overlap))"#),
    ("box b static at p", #"(box "b" (static) (at p))"#),
])
func sceneEntries(source: String, expected: String) {
    #expect(scene(source) == expected)
}

@Test func stringNamesAndLoopsInScenes() {
    #expect(scene(#"for i in range(3) { ball "b\(i)" at (i, 0) }"#) == #"(for i (call range 3) {(ball (str "b" i) (at (vec i 0)))})"#)
    #expect(scene("if big { box b at (0, 0) size (2, 2) } else { box b at (0, 0) }")
        == #"(if big {(box "b" (at (vec 0 0)) (size (vec 2 2)))} else {(box "b" (at (vec 0 0)))})"#)
    #expect(scene("let r = 0.5\nvar k = 1\nk += 1\nball a at (k, r) radius r") == #"(let r 0.5) (var k 1) (+= k 1) (ball "a" (at (vec k r)) (radius r))"#)
}

@Test func requireStatements() {
    #expect(scene("require distance(a, c) > 2") == "(require (> (call distance a c) 2))")
    #expect(scene("require[0.9] a.x < c.x") == "(require[0.9] (< (. a x) (. c x)))")
    #expect(scene("require not touching(a, b)") == "(require (not (call touching a b)))")
}

@Test func entryKindsAreOrdinaryNamesOutsideScenes() {
    #expect(sexpr("let ball = 1\nball + 1") == "(let ball 1)\n(+ ball 1)")
    #expect(sexpr("dt = 0.5") == "(= dt 0.5)")
    // Inside a scene, an assignment to an entry word is still an assignment.
    #expect(scene("dt = 0.5") == "(= dt 0.5)")
    #expect(sexpr("require(x)") == "(call require x)")
}

@Test func entriesEndAtLineEndsSemicolonsAndBraces() {
    #expect(scene("ground at 0; gravity (0, -1)") == "(ground (at 0)) (gravity (vec 0 (- 1)))")
    #expect(sexpr(#"let s = scene "x" { ground at 0 }"#) == #"(let s (scene "x" {(ground (at 0))}))"#)
    #expect(scene("ball a at (1,\n  2) radius 1") == #"(ball "a" (at (vec 1 2)) (radius 1))"#)
}

@Test func sceneNamesAreExpressions() {
    #expect(sexpr(#"scene "trial \(i)" { }"#) == #"(scene (str "trial " i) {})"#)
    #expect(sexpr("scene name { }") == "(scene name {})")
    #expect(sexpr("scene label(i) { }") == "(scene (call label i) {})")
}

@Test func sceneEntryShape() {
    let program = Parser.parse(source: "scene \"s\" {\n  ball a at (1, 2) static\n}", file: "t.orr", vocabulary: worldWords).program
    guard case .expression(let e) = program.statements[0].kind, case .scene(_, let body) = e.kind,
          case .sceneEntry(let entry) = body.statements[0].kind else {
        Issue.record("unexpected shape")
        return
    }
    #expect(entry.kind.name == "ball")
    #expect(entry.name?.kind == .string("a"))
    #expect(entry.positional == nil)
    #expect(entry.properties.map(\.key.name) == ["at", "static"])
    #expect(entry.properties[1].value == nil)
    #expect(body.statements[0].range.start.column == 3)
    #expect(body.statements[0].range.end.column == 26)
}

@Test func unknownEntryKindsAreParsedGenerically() {
    #expect(scene("spring s from a to b stiff") == #"(spring "s" (from a) (to b) (stiff))"#)
    #expect(scene("magnet \"m\" strength 3") == #"(magnet "m" (strength 3))"#)
    #expect(scene("friction 0.3") == "(friction 0.3)")
    // Misspelt keys of known kinds reach the bindings too.
    #expect(scene("ball a at (0, 0) radus 2") == #"(ball "a" (at (vec 0 0)) (radus 2))"#)
    // Expressions still parse as expressions.
    #expect(scene("print(1)\nx + 1\nf (1, 2)") == "(call print 1) (+ x 1) (call f 1 2)")
}
