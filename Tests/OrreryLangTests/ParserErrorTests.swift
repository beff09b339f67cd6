import Testing
@testable import OrreryLang
@testable import OrreryWorld

// MARK: - Every message

@Test(arguments: [
    // Expressions
    ("let x = )", ["1:9 expected expression, got ')'"]),
    ("let x = 1 +", ["1:12 expected expression, got end of input"]),
    ("let x = f(1 2)", ["1:13 expected ')' after arguments, got '2'"]),
    ("let x = (1 2)", ["1:12 expected ')' after expression, got '2'"]),
    ("let v = (1, 2 3)", ["1:15 expected ')' after vector components, got '3'"]),
    ("let v = (1, 2, 3)", ["1:16 a vector has exactly two components"]),
    ("let v = [1 2]", ["1:12 expected ']' after list elements, got '2'"]),
    ("let v = xs[1 2]", ["1:14 expected ']' after index, got '2'"]),
    ("let r = {x: 1 y: 2}", ["1:15 expected '}' after record fields, got 'y'"]),
    ("let r = {1: 2}", ["1:10 expected record key (a name or a string), got '1'"]),
    ("let r = {x 1}", ["1:12 expected ':' after record key 'x', got '1'"]),
    ("let r = {a: 1, a: 2}", ["1:16 duplicate key 'a' in record"]),
    ("let r = {\"a\\(b)\": 1}", ["1:10 string interpolation is not allowed here"]),
    ("let y = x.1", ["1:11 expected member name after '.', got '1'"]),
    ("a < b < c", ["1:7 comparison operators cannot be chained; use 'and' (as in 'a < b and b < c')"]),
    ("a == b != c", ["1:8 comparison operators cannot be chained; use 'and' (as in 'a < b and b < c')"]),
    ("x = a == not b", ["1:10 'not' must be parenthesized here (as in 'a == (not b)')"]),
    ("let f = fn g(x) { }", ["1:12 a function expression has no name (write 'fn (…)', or declare 'fn g(…)' as a statement)"]),
    ("let f = fn { }", ["1:12 expected '(' after 'fn', got '{'"]),
    ("let s = \"\\(1 +)\"", ["1:15 expected expression, got ')'"]),
    ("let s = \"\\()\"", ["1:12 expected expression in string interpolation, got ')'"]),
    ("let s = \"\\(a b)\"", ["1:14 expected ')' after interpolated expression, got 'b'"]),
    // Statements
    ("let = 3", ["1:5 expected name after 'let', got '='"]),
    ("var in = 3", ["1:5 expected name after 'var', got keyword 'in'"]),
    ("let x 3", ["1:7 expected '=' after 'let x', got '3'"]),
    ("let x", ["1:6 expected '=' after 'let x', got end of input"]),
    ("x = 1 2", ["1:7 expected newline or ';' after statement, got '2'"]),
    ("1 = 2", ["1:1 cannot assign to this expression (assign to a name, a '.field' or an '[index]')"]),
    ("f() = 2", ["1:1 cannot assign to this expression (assign to a name, a '.field' or an '[index]')"]),
    ("if x = 1 { }", ["1:6 expected '{' after 'if' condition, got '='"]),
    ("if x { } else y", ["1:15 expected '{' or 'if' after 'else', got 'y'"]),
    ("while x do { }", ["1:9 expected '{' after 'while' condition, got 'do'"]),
    ("for 1 in xs { }", ["1:5 expected loop variable name after 'for', got '1'"]),
    ("for x of xs { }", ["1:7 expected 'in' after loop variable 'x', got 'of'"]),
    ("for x in xs x", ["1:13 expected '{' after 'for' sequence, got 'x'"]),
    ("fn f x { }", ["1:6 expected '(' after function name, got 'x'"]),
    ("fn f(1) { }", ["1:6 expected parameter name, got '1'"]),
    ("fn f(a b) { }", ["1:8 expected ')' after parameters, got 'b'"]),
    ("fn f(a, a) { }", ["1:9 duplicate parameter 'a'"]),
    ("fn f(a) a", ["1:9 expected '{' or '=>' after parameters, got 'a'"]),
    ("import std", ["1:8 expected module path string after 'import', got 'std'"]),
    ("import \"a\\(b)\"", ["1:8 string interpolation is not allowed here"]),
    ("test name { }", ["1:6 expected test name string after 'test', got 'name'"]),
    ("test \"t\" expect x", ["1:10 expected '{' after test name, got 'expect'"]),
    ("else { }", ["1:1 'else' without a matching 'if'"]),
    ("}", ["1:1 unexpected '}' (no block is open here)"]),
    ("require x > 2", ["1:1 'require' is only allowed inside a scene block"]),
    ("require[0.5] x", ["1:1 'require' is only allowed inside a scene block"]),
    // Scenes
    ("scene { }", ["1:7 expected scene name after 'scene', got '{'"]),
    ("scene \"s\" ball", ["1:11 expected '{' after scene name, got 'ball'"]),
    ("scene \"s\" {\n  ball\n}", ["2:7 expected name after 'ball', got end of line"]),
    ("scene \"s\" {\n  ball (1, 2)\n}", ["2:8 expected name after 'ball' (an identifier or a string), got '('"]),
    ("scene \"s\" {\n  box b at\n}", ["2:11 expected value for 'at', got end of line"]),
    ("scene \"s\" {\n  box b at }", ["2:12 expected value for 'at', got '}'"]),
    ("scene \"s\" {\n  wall w 3 4\n}", ["2:12 expected property name in 'wall' entry, got '4'"]),
    ("scene \"s\" {\n  ground at 0 + \n}", ["3:1 expected expression, got '}'"]),
    ("scene \"s\" {\n  require\n}", ["2:10 expected condition after 'require', got end of line"]),
    ("scene \"s\" {\n  require[0.5 x\n}", ["2:15 expected ']' after 'require' probability, got 'x'"]),
    ("scene \"s\" {\n  show 1\n}", ["2:3 'show' is not allowed inside a scene block"]),
    ("scene \"s\" {\n  import \"x\"\n}", ["2:3 'import' is not allowed inside a scene block"]),
    ("scene \"s\" {\n  fn f() { }\n}", ["2:3 'fn' is not allowed inside a scene block"]),
    ("scene \"s\" {\n  expect x\n}", ["2:3 'expect' is not allowed inside a scene block"]),
    ("scene \"s\" {\n  test \"t\" { }\n}", ["2:3 'test' is not allowed inside a scene block"]),
    ("scene \"s\" {\n  return 1\n}", ["2:3 'return' is not allowed inside a scene block"]),
])
func errorMessage(source: String, expected: [String]) {
    #expect(locatedErrors(source) == expected)
}

// MARK: - Notes on unclosed delimiters

@Test func unclosedParenthesisGetsANotePointingAtIt() {
    let d = Parser.parse(source: "let x = f(1, 2\nlet y = 3", file: "t.orr", vocabulary: worldWords).diagnostics
    #expect(d.map(\.message) == ["expected ')' after arguments, got 'let'"])
    #expect(d.first?.range.start.line == 2)
    #expect(d.first?.notes.map(\.message) == ["to close '(' opened here"])
    #expect(d.first?.notes.first?.range?.start.column == 10)
}

@Test func unclosedBlockAndSceneGetNotes() {
    let block = Parser.parse(source: "if x {\n  print(1)\n", file: "t.orr", vocabulary: worldWords)
    #expect(block.diagnostics.map(\.message) == ["expected '}' at end of block, got end of input"])
    #expect(block.diagnostics.first?.notes.map(\.message) == ["to close '{' opened here"])
    #expect(block.diagnostics.first?.notes.first?.range?.start.line == 1)
    let scene = Parser.parse(source: "let s = scene \"s\" {\n  ground at 0\n", file: "t.orr", vocabulary: worldWords)
    #expect(scene.diagnostics.map(\.message) == ["expected '}' at end of scene block, got end of input"])
    #expect(scene.diagnostics.first?.notes.map(\.message) == ["to close 'scene' block opened here"])
    let list = Parser.parse(source: "let xs = [1,\n 2", file: "t.orr", vocabulary: worldWords)
    #expect(list.diagnostics.first?.notes.map(\.message) == ["to close '[' opened here"])
}

// MARK: - Recovery

@Test func reportsEveryErrorInOneRun() {
    let source = """
    let = 3
    let y = )
    print(1 2)
    fn f(a a) { }
    let ok = 1
    if x = 2 { print(x) }
    z = 1 +
    """
    #expect(locatedErrors(source) == [
        "1:5 expected name after 'let', got '='",
        "2:9 expected expression, got ')'",
        "3:9 expected ')' after arguments, got '2'",
        "4:8 expected ')' after parameters, got 'a'",
        "6:6 expected '{' after 'if' condition, got '='",
        "7:8 expected expression, got end of input",
    ])
}

@Test func recoveryKeepsGoodStatements() {
    let result = Parser.parse(source: "let a = 1\nlet = 2\nlet b = 3\nlet c = (\nlet d = 4", file: "t.orr", vocabulary: worldWords)
    #expect(result.program.statements.map(\.sExpression) == ["(let a 1)", "(let b 3)", "(let d 4)"])
    #expect(result.diagnostics.count == 2)
}

@Test func errorsInsideBlocksRecoverInsideTheBlock() {
    let source = "fn f() {\n  let = 1\n  let ok = 2\n  x = )\n}\nlet after = 3"
    let result = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords)
    #expect(result.diagnostics.map(\.message) == ["expected name after 'let', got '='", "expected expression, got ')'"])
    #expect(result.program.sExpression == "(fn f () {(let ok 2)})\n(let after 3)")
}

@Test func noCascadesAfterBrokenBrackets() {
    #expect(errors("let x = {x: , y: 1}\nlet z = 2") == ["expected expression, got ','"])
    #expect(errors("let x = foo(1 2, fn () {\n  let y = 1\n})\nlet z = 2") == ["expected ')' after arguments, got '2'"])
    #expect(errors("print(1))\nprint(2)") == ["expected newline or ';' after statement, got ')'"])
    #expect(errors(") + 1\nlet a = 1") == ["expected expression, got ')'"])
    #expect(errors("let s = \"abc\nlet t = 1") == ["unterminated string"])
    #expect(errors("let x = 1 @ 2") == ["unexpected character '@'"])
    #expect(errors("let x = 3abc") == ["malformed number '3abc'"])
    #expect(errors("scene \"s\" {\n  ball\n  box b at (1, 1)\n  wall\n}") == [
        "expected name after 'ball', got end of line", "expected name after 'wall', got end of line",
    ])
}

@Test func stopsAfterAHundredErrors() {
    let source = String(repeating: "let = 1\n", count: 300)
    let messages = errors(source)
    #expect(messages.count == Parser.maxDiagnostics + 1)
    #expect(messages.last == "too many errors; stopping")
}

// MARK: - Incomplete input (REPL continuation)

@Test(arguments: [
    "if x {", "if x {\n  print(1)", "let x = (1 +", "let x =", "f(1,", "[1, 2", "fn f(a) {",
    "scene \"s\" {\n  ground at 0", "let r = {x: 1,", "x = 1 +", "if x { } else", "while true {\n  if y {",
])
func incompleteInput(source: String) {
    let result = Parser.parse(source: source, file: "<repl>", vocabulary: worldWords)
    #expect(result.isIncomplete, "\(result.diagnostics.map(\.message))")
    #expect(!result.diagnostics.isEmpty)
}

@Test(arguments: [
    "let x = 1", "let x = )", "let = 3\nif x {", "let s = \"abc", "f(1))", "}", "let x = 1 2",
])
func completeInput(source: String) {
    #expect(!Parser.parse(source: source, file: "<repl>", vocabulary: worldWords).isIncomplete)
}

// MARK: - Nesting limits

@Test(arguments: [
    ("parens", String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)),
    ("unclosed parens", String(repeating: "(", count: 100_000)),
    ("lists", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
    ("records", "x = " + String(repeating: "{a: ", count: 100_000) + "1" + String(repeating: "}", count: 100_000)),
    ("negation", String(repeating: "-", count: 100_000) + "x"),
    ("not", String(repeating: "not ", count: 100_000) + "x"),
    ("power", Array(repeating: "2", count: 100_000).joined(separator: " ** ")),
    ("sum", Array(repeating: "2", count: 100_000).joined(separator: " + ")),
    ("members", "a" + String(repeating: ".b", count: 100_000)),
    ("calls", "f" + String(repeating: "()", count: 100_000)),
    ("ifs", String(repeating: "if x {\n", count: 100_000) + String(repeating: "}\n", count: 100_000)),
    ("functions", String(repeating: "fn () {", count: 100_000) + String(repeating: "}", count: 100_000)),
    ("interpolation", String(repeating: "\"\\(", count: 100_000) + String(repeating: ")\"", count: 100_000)),
])
func deepNestingIsOneErrorNotACrash(name: String, source: String) {
    let messages = errors(source)
    #expect(messages.count == 1, "\(name): \(messages.prefix(3))")
    #expect(messages.first?.contains("nested too deeply") == true, "\(name): \(messages.prefix(3))")
}

@Test func nestingJustBelowTheLimitIsFine() {
    let depth = Parser.maxNestingDepth - 1
    let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    #expect(errors(parens).isEmpty)
    let blocks = String(repeating: "if x {\n", count: depth) + String(repeating: "}\n", count: depth)
    #expect(errors(blocks).isEmpty)
}

// MARK: - Line-by-line input

/// Feeding a valid program to the REPL line by line must never hit a hard error: every
/// prefix that ends at a line break parses cleanly or is merely incomplete.
@Test func everyLinePrefixOfAValidProgramIsCleanOrIncomplete() {
    let program = """
    # %% a cell
    fn f(a, b: 2) {
      let v = (a * 2,
               b - 1)
      if v.x > 3 and
         not done {
        return [v, "s \\(a)"]
      } else if a {
        return {
          k: v.y ** 2,
        }
      }
      else {
        return nil
      }
    }
    let world = scene "s" {
      ground at 0
      ball a at (1,
                 0.5) radius 0.5
      for i in range(3) {
        box "b\\(i)" at (i, 0) static
      }
    }
    let h = intervene(world) {
      set b.mass = 10
    }
    let total = 1 +
      2
    test "t" {
      expect total == 3, "sum"
    }
    """
    let lines = program.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(Parser.parse(source: program, file: "t.orr", vocabulary: worldWords).diagnostics.isEmpty)
    for count in 1...lines.count {
        let prefix = lines.prefix(count).joined(separator: "\n") + "\n"
        let result = Parser.parse(source: prefix, file: "<repl>", vocabulary: worldWords)
        #expect(result.diagnostics.isEmpty || result.isIncomplete,
                "after line \(count): \(result.diagnostics.map(\.message))")
    }
}
