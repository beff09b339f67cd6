import Testing
@testable import OrreryLang
@testable import OrreryWorld

// MARK: - Updates in place keep the general semantics

/// `xs[i] op= v`, `r.f op= v`, `xs[i].f op= v` and `grid[i][j] op= v` on a local or
/// top-level variable first try the in-place updates of `Compiler+ShortPaths.swift`
/// (no retain, no path keys). Whatever they decline must come out exactly as on the
/// general path, which a variable captured by a closure always takes: each case runs
/// with the variable at the top level, in a function, and captured, and the three must
/// print the same thing.
@Suite struct InPlaceUpdateTests {
    /// The output of `statements` run on `var v = initial` at the top level, in a
    /// function, and captured by a closure (the general path), in that order.
    func threeWays(_ initial: String, _ statements: String) -> [[String]] {
        let body = "var v = \(initial)\n\(statements)\nprint(v)"
        let topLevel = output(body)
        let local = output("fn run() {\n\(body)\n}\nrun()")
        let captured = output("fn run() {\nvar v = \(initial)\nlet keep = fn () => v\n\(statements)\nprint(v)\n}\nrun()")
        return [topLevel, local, captured]
    }

    func expectSame(_ initial: String, _ statements: String, _ expected: [String],
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let runs = threeWays(initial, statements)
        for run in runs { #expect(run == expected, sourceLocation: sourceLocation) }
    }

    @Test func numbersAreUpdatedInPlaceInListsRecordsAndGrids() {
        expectSame("[1, 2, 3]", "v[1] += 10\nv[2] -= 1\nv[0] *= 4\nv[1] /= 4", ["[4, 3, 2]"])
        expectSame("{x: 1, y: 2}", "v.x += 1\nv.y = \"b\"", ["{x: 2, y: \"b\"}"])
        expectSame("[{x: 1, v: 2}, {x: 3, v: 4}]", "for i in range(2) { v[i].x += v[i].v * 0.5 }",
                   ["[{x: 2, v: 2}, {x: 5, v: 4}]"])
        expectSame("[[1, 2], [3, 4]]", "v[1][0] -= 2\nv[0][1] = nil", ["[[1, nil], [1, 4]]"])
    }

    @Test func sharedListsAndRecordsAreCopiedNotChanged() {
        expectSame("[[1, 2], [3, 4]]", "let w = v\nv[0][1] += 10\nprint(w)", ["[[1, 2], [3, 4]]", "[[1, 12], [3, 4]]"])
        expectSame("[{x: 1}]", "let r = v[0]\nv[0].x += 5\nprint(r)", ["{x: 1}", "[{x: 6}]"])
        expectSame("{a: 1, b: 2}", "let s = v\nv.b *= 3\nprint(s)", ["{a: 1, b: 2}", "{a: 1, b: 6}"])
        expectSame("[1, 2]", "let inner = [v]\nv[0] = 9\nprint(inner)", ["[[1, 2]]", "[9, 2]"])
        // The value assigned holds the list being changed.
        expectSame("[1, 2]", "v[0] = v", ["[[1, 2], 2]"])
        expectSame("{a: 1}", "v.a = v", ["{a: {a: 1}}"])
    }

    @Test func recordsOfSeveralShapesAtOneSite() {
        expectSame("[{x: 1, y: 2}, {y: 3, x: 4}, {x: 5}, {z: 0, x: 6, w: 1}]",
                   "for round in range(2) { for i in range(len(v)) { v[i].x += 1 } }",
                   ["[{x: 3, y: 2}, {y: 3, x: 6}, {x: 7}, {z: 0, x: 8, w: 1}]"])
    }

    @Test func whatTheInPlaceUpdateDeclinesTakesTheGeneralPath() {
        // Strings, vectors, a field created by `=`.
        expectSame("[\"a\", \"b\"]", "v[1] += \"c\"", ["[\"a\", \"bc\"]"])
        expectSame("{name: \"n\"}", "v.name += \"!\"\nv.extra = 1", ["{name: \"n!\", extra: 1}"])
        expectSame("[{p: (1, 2)}]", "v[0].p.x += 1", ["[{p: (2, 2)}]"])
        expectSame("[(1, 2)]", "v[0].y -= 5", ["[(1, -3)]"])
        expectSame("[[1, 2]]", "v[0] += [3]", ["[[1, 2, 3]]"])
        expectSame("[{}]", "v[0].f = 2\nv[0].f += 1", ["[{f: 3}]"])
    }

    @Test func errorsAreTheGeneralPathsErrors() {
        for (initial, statement, message) in [
            ("[1, 2]", "v[2] += 1", "list index 2 out of range (length 2)"),
            ("[1, 2]", "v[0.5] += 1", "list index must be a whole number, got 0.5"),
            ("[1, 2]", "v[-1] = 1", "list index -1 out of range (length 2)"),
            ("[1, 2]", "v[0] += nil", "attempt to perform arithmetic on a nil value (got number and nil)"),
            ("[{x: 1}]", "v[0].y += 1", "record has no field 'y'"),
            ("{x: 1}", "v.y -= 1", "record has no field 'y'"),
            ("[[1]]", "v[0][3] = 1", "list index 3 out of range (length 1)"),
            ("[5]", "v[0].x += 1", "attempt to set field 'x' of a number value"),
        ] {
            let runs = threeWays(initial, statement)
            #expect(runs[0] == runs[2], "\(statement)")
            #expect(runs[1] == runs[2], "\(statement)")
            #expect(runs[2].last?.hasPrefix("runtime error: \(message)") == true, "\(statement): \(runs[2])")
        }
    }
}
