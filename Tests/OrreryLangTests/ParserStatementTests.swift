import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

@Test func bindingsAndAssignments() {
    #expect(sexpr("let x = 1") == "(let x 1)")
    #expect(sexpr("var y = x + 1") == "(var y (+ x 1))")
    #expect(sexpr("y = 2") == "(= y 2)")
    #expect(sexpr("y += 1; y -= 2; y *= 3; y /= 4") == "(+= y 1)\n(-= y 2)\n(*= y 3)\n(/= y 4)")
    #expect(sexpr("a.b[i].c = 5") == "(= (. ([] (. a b) i) c) 5)")
    #expect(sexpr("xs[0] += 1") == "(+= ([] xs 0) 1)")
}

@Test func ifElseChains() {
    #expect(sexpr("if a { x }") == "(if a {x})")
    #expect(sexpr("if a { x } else { y }") == "(if a {x} else {y})")
    #expect(sexpr("if a { x } else if b { y } else { z }") == "(if a {x} else {(if b {y} else {z})})")
    #expect(sexpr("if a {\n  x\n}\nelse {\n  y\n}") == "(if a {x} else {y})")
}

@Test func loops() {
    #expect(sexpr("while i < 10 { i += 1 }") == "(while (< i 10) {(+= i 1)})")
    #expect(sexpr("for x in range(3) { if x == 1 { continue }\n break }") == "(for x (call range 3) {(if (== x 1) {(continue)}) (break)})")
}

@Test func functionDeclarations() {
    #expect(sexpr("fn add(a, b: 2) { return a + b }") == "(fn add (a (b 2)) {(return (+ a b))})")
    #expect(sexpr("fn twice(x) => x * 2") == "(fn twice (x) {(return (* x 2))})")
    #expect(sexpr("fn f() {\n  return\n}") == "(fn f () {(return)})")
    #expect(sexpr("fn f() { return }") == "(fn f () {(return)})")
    // The value of `return` must start on the same line.
    #expect(sexpr("fn f() {\n  return\n  1\n}") == "(fn f () {(return) 1})")
    // `fn (` at statement start is an expression statement.
    #expect(sexpr("fn (x) => x") == "(fn (x) {(return x)})")
}

@Test func importsTestsExpectationsShows() {
    #expect(sexpr(#"import "std/priors""#) == #"(import "std/priors")"#)
    #expect(sexpr(#"import "lib/util.orr""#) == #"(import "lib/util.orr")"#)
    #expect(sexpr("test \"adds\" {\n  expect 1 + 1 == 2\n}") == #"(test "adds" {(expect (== (+ 1 1) 2))})"#)
    #expect(sexpr(#"expect x > 0, "x must be positive""#) == #"(expect (> x 0) "x must be positive")"#)
    #expect(sexpr("expect ok") == "(expect ok)")
    #expect(sexpr("show truth") == "(show truth)")
}

@Test func separatorsAndComments() {
    #expect(sexpr("a; b;; c") == "a\nb\nc")
    #expect(sexpr(";;") == "")
    #expect(sexpr("# %% [markdown]\n# # Title\n# %%\nprint(\"hi\")  # trailing") == #"(call print "hi")"#)
    #expect(sexpr("") == "")
}

@Test func statementRanges() {
    let source = "let x = 1\nif x {\n  y\n} else {\n  z\n}"
    let statements = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).program.statements
    #expect(statements.count == 2)
    #expect(statements[1].range.start.line == 2 && statements[1].range.start.column == 1)
    #expect(statements[1].range.end.line == 6 && statements[1].range.end.column == 2)
    guard case .if(_, let then, _) = statements[1].kind else {
        Issue.record("not an if")
        return
    }
    #expect(then.range.start.column == 6 && then.range.end.line == 4)
}

@Test func tourExampleParses() {
    let source = """
    # %% [markdown]
    # # Does the heavy block stop the ball?
    # %%
    import "std/priors"

    let world = scene "push" {
      gravity (0, -9.8)
      ground at 0
      ball a at (1, 0.5) radius 0.5 velocity (4, 0) color "red"
      box b at (6, 0.5) size (1, 1) mass 1 color "blue"
      occluder screen at (4, 1.5) size (1.5, 3)
    }

    let truth = rollout(physics, world, steps: 180)
    show truth

    let heavy = intervene(world) { set b.mass = 10 }
    test "a heavier block moves less" {
      let cf = rollout(physics, heavy, steps: 180)
      expect cf.final.b.x < truth.final.b.x
    }
    let no_block = counterfactual(truth, at: 30) { remove b }
    expect not no_block.happened(contact(a, b))
    print(causes(truth, contact(a, b)))        # but-for causes of the event

    let family = scene "family" {
      ground at 0
      ball a at (uniform(0, 3), 0.5) velocity (uniform(1, 4), 0)
      ball c at (uniform(5, 9), 0.5)
      require distance(a, c) > 2
    }
    let data = dataset(family, n: 256, steps: 120, seed: 7)
    let m = train(objectnet(hidden: 64), data, epochs: 20)
    let r = rollout(m, world, steps: 180, priors: [no_overlap, above_ground])
    expect error(r, truth) < 0.25
    let moved = edit(r, at: 40) { a.x += 1 }
    """
    let result = Parser.parse(source: source, file: "tour.orr", vocabulary: worldWords)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(result.program.statements.count == 15)
}

@Test func parsesAMegabyteScript() {
    var source = ""
    var i = 0
    while source.utf8.count < 1_000_000 {
        source += "fn f\(i)(a, b: 2) {\n  let v = (a * 2, b - 1)\n  if v.x > 3 and not done { return [v, \"s \\(a)\"] }\n  return {k: v.y ** 2}\n}\n"
        i += 1
    }
    let result = Parser.parse(source: source, file: "big.orr", vocabulary: worldWords)
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.statements.count == i)
}
