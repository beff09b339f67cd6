import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// The S-expression of a single expression statement.
private func expr(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    sexpr(source, sourceLocation: sourceLocation)
}

// MARK: - Precedence snapshots

@Test(arguments: [
    ("1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
    ("7 % 3 * 2", "(* (% 7 3) 2)"),
    ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
    ("-2 ** 2", "(- (** 2 2))"),
    ("2 ** -1", "(** 2 (- 1))"),
    ("-a * b", "(* (- a) b)"),
    ("--a", "(- (- a))"),
    ("a + b < c * d", "(< (+ a b) (* c d))"),
    ("a == b and c != d", "(and (== a b) (!= c d))"),
    ("a or b and c", "(or a (and b c))"),
    ("a and b or c and d", "(or (and a b) (and c d))"),
    ("not a == b", "(not (== a b))"),
    ("not a and b", "(and (not a) b)"),
    ("not not a", "(not (not a))"),
    ("a or not b", "(or a (not b))"),
    ("a <= b", "(<= a b)"),
    ("a >= b", "(>= a b)"),
    ("a > b", "(> a b)"),
    ("a ~= b", "(~= a b)"),
    ("a ~= b + 1 within 0.1 * 2", "(~= a (+ b 1) within (* 0.1 2))"),
    ("(a < b) < c", "(< (< a b) c)"),
    ("f(x)[0].y", "(. ([] (call f x) 0) y)"),
    ("-f(x).y ** 2", "(- (** (. (call f x) y) 2))"),
    ("a.b.c", "(. (. a b) c)"),
    ("x.test", "(. x test)"),
])
func precedence(source: String, expected: String) {
    #expect(expr(source) == expected)
}

// MARK: - Literals

@Test func literals() {
    #expect(expr("12") == "12")
    #expect(expr("3.5") == "3.5")
    #expect(expr("1e-3") == "0.001")
    #expect(expr("true") == "true")
    #expect(expr("false") == "false")
    #expect(expr("nil") == "nil")
    #expect(expr(#""hi\n""#) == #""hi\n""#)
    #expect(expr("(1, 2)") == "(vec 1 2)")
    #expect(expr("(1, 2,)") == "(vec 1 2)")
    #expect(expr("(a + 1, -b)") == "(vec (+ a 1) (- b))")
    #expect(expr("[]") == "(list)")
    #expect(expr("[1, 2, 3,]") == "(list 1 2 3)")
    #expect(expr("[[1], [2, 3]]") == "(list (list 1) (list 2 3))")
    #expect(expr("{}") == "(record)")
    #expect(expr(#"{x: 1, "a b": 2, if: 3,}"#) == #"(record (x 1) ("a b" 2) (if 3))"#)
}

@Test func stringInterpolation() {
    #expect(expr(#""a \(x) b""#) == #"(str "a " x " b")"#)
    #expect(expr(#""\(a + b)""#) == "(str (+ a b))")
    #expect(expr(#""x\("y\(z)")""#) == #"(str "x" (str "y" z))"#)
    #expect(expr(#""\(f("a", b: 2))!""#) == #"(str (call f "a" (b: 2)) "!")"#)
}

@Test func interpolatedExpressionsHaveExactRanges() {
    let program = Parser.parse(source: #"let s = "ab \(x + 10) c""#, file: "t.orr", vocabulary: worldWords).program
    guard case .binding(_, _, let value) = program.statements[0].kind,
          case .interpolated(let parts) = value.kind, case .expr(let e) = parts[1] else {
        Issue.record("unexpected shape")
        return
    }
    #expect(e.range.start.column == 15)
    #expect(e.range.end.column == 21)
    #expect(value.range.start.column == 9)
    #expect(value.range.end.column == 25)
}

@Test func functionExpressions() {
    #expect(expr("fn (x) => x * 2") == "(fn (x) {(return (* x 2))})")
    #expect(expr("fn (a, b: 2) { return a + b }") == "(fn (a (b 2)) {(return (+ a b))})")
    #expect(expr("fn () {}") == "(fn () {})")
    #expect(expr("fn (a,\n b,\n) {}") == "(fn (a b) {})")
    #expect(expr("map(xs, fn (x) => x + 1)") == "(call map xs (fn (x) {(return (+ x 1))}))")
}

@Test func calls() {
    #expect(expr("f()") == "(call f)")
    #expect(expr("f(1, b: 2, c: x + 1)") == "(call f 1 (b: 2) (c: (+ x 1)))")
    #expect(expr("f(1,)") == "(call f 1)")
    #expect(expr("f(a)(b)") == "(call (call f a) b)")
    #expect(expr("f(\n  1,\n  2\n)") == "(call f 1 2)")
}

@Test func trailingBlocks() {
    #expect(expr("intervene(world) { b.mass = 10 }") == "(call intervene world {(= (. b mass) 10)})")
    #expect(expr("edit(r, at: 40) { a.x += 1 }") == "(call edit r (at: 40) {(+= (. a x) 1)})")
    // Causal edits written as entry-shaped lines and `set` assignments.
    #expect(expr("intervene(world) { set b.mass = 10 }") == "(call intervene world {(= (. b mass) 10)})")
    #expect(expr("counterfactual(truth, at: 30) { remove b }") == #"(call counterfactual truth (at: 30) {(remove "b")})"#)
    #expect(expr("intervene(w) {\n  push a velocity (1, 0)\n  ball c at (2, 1)\n  if x { remove d }\n}")
        == #"(call intervene w {(push "a" (velocity (vec 1 0))) (ball "c" (at (vec 2 1))) (if x {(remove "d")})})"#)
    // Outside trailing blocks these stay errors, and function bodies inside do not inherit them.
    #expect(errors("remove b") == ["expected newline or ';' after statement, got 'b'"])
    #expect(errors("f(x) { let g = fn () { remove b } }") == ["expected newline or ';' after statement, got 'b'"])
    #expect(errors("f(x) { set b }") == ["expected an assignment after 'set' (as in 'set b.mass = 10')"])
    // A `{` on the next line is not a trailing block (it is a record statement).
    #expect(sexpr("f(x)\n{}") == "(call f x)\n(record)")
}

@Test func trailingBlocksAreNotTakenInHeads() {
    #expect(sexpr("if f(x) { g() }") == "(if (call f x) {(call g)})")
    #expect(sexpr("while ready(w) { step(w) }") == "(while (call ready w) {(call step w)})")
    #expect(sexpr("for x in items(w) { show x }") == "(for x (call items w) {(show x)})")
    // Inside brackets in a head, trailing blocks are allowed again.
    #expect(sexpr("if any(intervene(w) { }) { }") == "(if (call any (call intervene w {})) {})")
}

// MARK: - Newlines

@Test func parenOrBracketAtLineStartStartsAStatement() {
    #expect(sexpr("f\n(1, 2)") == "f\n(vec 1 2)")
    #expect(sexpr("xs\n[0]") == "xs\n(list 0)")
    #expect(sexpr("f(1)\n(2)") == "(call f 1)\n2")
}

@Test func operatorsAndDotsContinueAcrossLines() {
    #expect(sexpr("let x = a +\n  b") == "(let x (+ a b))")
    #expect(sexpr("let x = a\n  + b\n  * c") == "(let x (+ a (* b c)))")
    #expect(sexpr("let x = a\n  .b\n  .c") == "(let x (. (. a b) c))")
    #expect(sexpr("let ok = a and\n b or\n c") == "(let ok (or (and a b) c))")
}

@Test func newlinesInsideBracketsAreInsignificant() {
    #expect(sexpr("let v = f(a\n(b))") == "(let v (call f (call a b)))")
    #expect(sexpr("let xs = [\n  1,\n  2\n]") == "(let xs (list 1 2))")
    #expect(sexpr("let r = {\n  x: 1,\n  y: 2\n}") == "(let r (record (x 1) (y 2)))")
    // ...but a function body inside brackets has statements again.
    #expect(sexpr("let v = f(fn () {\n  a\n  (b)\n})") == "(let v (call f (fn () {a b})))")
}

// MARK: - Ranges

@Test func rangesCoverTheirSource() {
    let source = "let v = foo(1, 2) + bar.baz[3]"
    let program = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).program
    guard case .binding(let name, _, let value) = program.statements[0].kind,
          case .binary(_, let call, let index) = value.kind else {
        Issue.record("unexpected shape")
        return
    }
    func text(_ r: SourceRange) -> String {
        String(decoding: Array(source.utf8)[r.start.offset..<r.end.offset], as: UTF8.self)
    }
    #expect(text(program.statements[0].range) == source)
    #expect(text(name.range) == "v")
    #expect(text(value.range) == "foo(1, 2) + bar.baz[3]")
    #expect(text(call.range) == "foo(1, 2)")
    #expect(text(index.range) == "bar.baz[3]")
    let grouped = Parser.parse(source: "(1 + 2)", file: "t", vocabulary: worldWords).program.statements[0]
    #expect(grouped.range.start.column == 1 && grouped.range.end.column == 8)
}

@Test func parseExpressionEntryPoint() {
    let ok = Parser.parseExpression(source: "1 + 2", file: "<repl>", vocabulary: worldWords)
    #expect(ok.expression?.sExpression == "(+ 1 2)")
    #expect(ok.diagnostics.isEmpty)
    let extra = Parser.parseExpression(source: "1 2", file: "<repl>", vocabulary: worldWords)
    #expect(extra.expression == nil)
    #expect(extra.diagnostics.map(\.message) == ["expected end of expression, got '2'"])
    let open = Parser.parseExpression(source: "f(1,", file: "<repl>", vocabulary: worldWords)
    #expect(open.isIncomplete)
}
