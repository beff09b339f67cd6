import Testing
@testable import OrreryLang
@testable import OrreryWorld

// Every expression node's range must cover exactly its source: re-parsing the text
// under the range gives the same tree.

private func children(of stmt: Stmt) -> (exprs: [Expr], blocks: [Block]) {
    switch stmt.kind {
    case .expression(let e), .show(let e), .assume(let e): return ([e], [])
    case .binding(_, _, let v): return ([v], [])
    case .assign(let t, _, let v): return ([t, v], [])
    case .if(let c, let t, let e): return ([c], [t] + (e.map { [$0] } ?? []))
    case .while(let c, let b): return ([c], [b])
    case .for(_, let s, let b): return ([s], [b])
    case .return(let v): return (v.map { [$0] } ?? [], [])
    case .function(let d), .prior(let d): return (d.parameters.compactMap(\.defaultValue), [d.body])
    case .correct(let t, let v): return ([t, v], [])
    case .test(_, let b, let sweep): return ([sweep?.samples, sweep?.threshold].compactMap { $0 }, [b])
    case .expect(let c, let m): return ([c] + (m.map { [$0] } ?? []), [])
    case .sceneEntry(let entry):
        let name = entry.name.map { [$0] } ?? []
        return (name + (entry.positional.map { [$0] } ?? []) + entry.properties.compactMap(\.value), [])
    case .require(let c, let p): return ([c] + (p.map { [$0] } ?? []), [])
    case .break, .continue, .import: return ([], [])
    }
}

private func children(of expr: Expr) -> (exprs: [Expr], blocks: [Block]) {
    switch expr.kind {
    case .number, .string, .bool, .nil, .name: return ([], [])
    case .interpolated(let parts):
        return (parts.compactMap { if case .expr(let e) = $0 { return e } else { return nil } }, [])
    case .vector(let a, let b), .binary(_, let a, let b), .logical(_, let a, let b), .index(let a, let b): return ([a, b], [])
    case .list(let xs): return (xs, [])
    case .record(let fields): return (fields.map(\.value), [])
    case .unary(_, let e), .member(let e, _): return ([e], [])
    case .approx(let a, let b, let t): return ([a, b] + (t.map { [$0] } ?? []), [])
    case .call(let callee, let args, let block): return ([callee] + args.map(\.value), block.map { [$0] } ?? [])
    case .function(let d): return (d.parameters.compactMap(\.defaultValue), [d.body])
    case .scene(let name, let body): return ([name], [body])
    }
}

private func allExpressions(_ program: Program) -> [Expr] {
    var out: [Expr] = []
    var stmts = program.statements
    var exprs: [Expr] = []
    while !stmts.isEmpty || !exprs.isEmpty {
        if let s = stmts.popLast() {
            let (e, b) = children(of: s)
            exprs += e
            stmts += b.flatMap(\.statements)
        } else if let e = exprs.popLast() {
            out.append(e)
            let (c, b) = children(of: e)
            exprs += c
            stmts += b.flatMap(\.statements)
        }
    }
    return out
}

@Test func everyExpressionRangeReparsesToTheSameTree() {
    let source = """
    let world = scene "push" {
      gravity (0, -9.8)
      ball a at (1, 0.5) radius 0.5 velocity (4, 0) color "red"
      for i in range(3) { box "b\\(i)" at (i * 2, 0.5) size (1, 1) static }
      require[0.9] distance(a, c) > 2
    }
    fn f(a, b: 2 * 3) { return a ** -b + f(a - 1) }
    let g = fn (x) => x.y[0] ~= 1 within 0.1
    let r = {k: [1, 2, (3, 4)], "s t": not true or false and nil == nil}
    let s = "n=\\(len(r) + 1) and \\("in\\(f(1))")"
    let h = intervene(world) { b.mass = 10 }
    if (1 + 2) * 3 > 4 { print(-x, y: "z") } else { show [] }
    """
    let result = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords)
    #expect(result.diagnostics.isEmpty)
    let bytes = Array(source.utf8)
    let exprs = allExpressions(result.program)
    #expect(exprs.count > 80)
    for e in exprs {
        let text = String(decoding: bytes[e.range.start.offset..<e.range.end.offset], as: UTF8.self)
        // Scene entry names written as identifiers are stored as strings.
        if case .string(let name) = e.kind, text == name { continue }
        let reparsed = Parser.parseExpression(source: text, file: "t.orr", vocabulary: worldWords)
        #expect(reparsed.diagnostics.isEmpty, "\(text)")
        #expect(reparsed.expression?.sExpression == e.sExpression, "\(text)")
    }
}

@Test func statementRangesStartAtTheirKeyword() {
    let source = "let a = 1\n  var b = 2\nb += 3\nfn f() { }\nwhile a { break }\nimport \"x\"\nexpect a, \"m\""
    let statements = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).program.statements
    let bytes = Array(source.utf8)
    let texts = statements.map { String(decoding: bytes[$0.range.start.offset..<$0.range.end.offset], as: UTF8.self) }
    #expect(texts == ["let a = 1", "var b = 2", "b += 3", "fn f() { }", "while a { break }", "import \"x\"", "expect a, \"m\""])
}
