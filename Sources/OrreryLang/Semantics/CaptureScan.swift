// Which local names might closures capture?
//
// Before compiling a function body the compiler asks for every name used inside the
// functions nested in it. A local with such a name is stored in a cell (so closures
// share it by reference, and each loop iteration gets a fresh one); every other local
// is a plain frame slot. Over-approximating (a nested function that shadows the name)
// costs a little speed, never correctness.

enum CaptureScan {
    /// Names used anywhere inside functions (and deferred blocks) nested in `statements`.
    static func namesCaptured(in statements: [Stmt]) -> Set<String> {
        var scan = Scanner()
        for s in statements { scan.stmt(s, nested: false) }
        return scan.names
    }

    /// Names captured from a function's own body and parameter defaults.
    static func namesCaptured(in decl: FunctionDecl) -> Set<String> {
        var scan = Scanner()
        for p in decl.parameters { if let d = p.defaultValue { scan.expr(d, nested: false) } }
        for s in decl.body.statements { scan.stmt(s, nested: false) }
        return scan.names
    }

    private struct Scanner {
        var names: Set<String> = []

        mutating func block(_ b: Block, nested: Bool) {
            for s in b.statements { stmt(s, nested: nested) }
        }

        mutating func function(_ f: FunctionDecl) {
            for p in f.parameters { if let d = p.defaultValue { expr(d, nested: true) } }
            block(f.body, nested: true)
        }

        mutating func stmt(_ s: Stmt, nested: Bool) {
            switch s.kind {
            case .expression(let e), .show(let e): expr(e, nested: nested)
            case .binding(_, _, let e): expr(e, nested: nested)
            case .assign(let t, _, let v): expr(t, nested: nested); expr(v, nested: nested)
            case .if(let c, let t, let e):
                expr(c, nested: nested); block(t, nested: nested)
                if let e { block(e, nested: nested) }
            case .while(let c, let b): expr(c, nested: nested); block(b, nested: nested)
            case .for(_, let seq, let b): expr(seq, nested: nested); block(b, nested: nested)
            case .break, .continue, .import: break
            case .return(let e): if let e { expr(e, nested: nested) }
            case .function(let f), .prior(let f): function(f)
            case .correct(let t, let v): expr(t, nested: nested); expr(v, nested: nested)
            case .test(_, let b, let sweep):
                block(b, nested: true)
                if let sweep {
                    expr(sweep.samples, nested: true)
                    if let t = sweep.threshold { expr(t, nested: true) }
                }
            case .expect(let c, let m):
                expr(c, nested: nested)
                if let m { expr(m, nested: nested) }
            case .assume(let c):
                expr(c, nested: nested)
            case .sceneEntry(let entry):
                if let n = entry.name { expr(n, nested: nested) }
                if let p = entry.positional { expr(p, nested: nested) }
                for prop in entry.properties { if let v = prop.value { expr(v, nested: nested) } }
            case .require(let c, let p):
                expr(c, nested: nested)
                if let p { expr(p, nested: nested) }
            }
        }

        mutating func expr(_ e: Expr, nested: Bool) {
            switch e.kind {
            case .number, .string, .bool, .nil: break
            case .name(let n): if nested { names.insert(n) }
            case .interpolated(let parts):
                for case .expr(let x) in parts { expr(x, nested: nested) }
            case .vector(let a, let b), .binary(_, let a, let b), .logical(_, let a, let b), .index(let a, let b):
                expr(a, nested: nested); expr(b, nested: nested)
            case .list(let items): for x in items { expr(x, nested: nested) }
            case .record(let fields): for f in fields { expr(f.value, nested: nested) }
            case .unary(_, let a), .member(let a, _): expr(a, nested: nested)
            case .approx(let a, let b, let t):
                expr(a, nested: nested); expr(b, nested: nested)
                if let t { expr(t, nested: nested) }
            case .call(let callee, let args, let trailing):
                expr(callee, nested: nested)
                for a in args { expr(a.value, nested: nested) }
                if let trailing { block(trailing, nested: true) }
            case .function(let f): function(f)
            case .scene(let name, let body):
                expr(name, nested: nested)
                // A scene body may be re-run later (sampling), so it compiles as a closure.
                block(body, nested: true)
            }
        }
    }
}
