// Which locals might closures capture?
//
// Before compiling a function body the compiler asks for the names that the functions
// nested in it use *freely*: without a declaration of their own in scope at the use.
// A local of the body with such a name is stored in a cell (so closures share it by
// reference, and each loop iteration gets a fresh one); every other local is a plain
// frame slot. A nested function's own parameters and locals are bound inside it, so a
// loop variable `i` of the body is not boxed just because some function also counts
// with an `i` of its own.
//
// The walk follows the compiler's scoping exactly where it matters for soundness (a
// binding's value is read before the name is declared, a `for` variable lives in the
// loop's scope, a default sees the parameters before it), and over-approximates
// everywhere else: a name free in a nested function boxes every local of that name in
// the body, whether or not that local is the one visible at the nested function. Too
// many cells cost a little speed, never correctness; too few would be an internal error
// at resolve time (`Resolver.resolve`).

enum CaptureScan {
    /// Names that closures nested in a file's (or REPL input's) top-level `statements`
    /// use freely. Top-level `fn` declarations and tests are skipped: they are compiled
    /// after the top level (hoisting, `Compiler.finish`), when only the script's globals
    /// are in scope, so they cannot capture a local of a top-level block.
    static func namesCaptured(in statements: [Stmt]) -> Set<String> {
        var scan = Scanner()
        for s in statements {
            switch s.kind {
            case .function(let decl) where decl.name != nil: continue
            case .test: continue
            default: scan.stmt(s)
            }
        }
        return scan.names
    }

    /// Names used freely by the functions nested in a function's body and parameter defaults.
    static func namesCaptured(in decl: FunctionDecl) -> Set<String> {
        var scan = Scanner()
        for p in decl.parameters { if let d = p.defaultValue { scan.expr(d) } }
        for s in decl.body.statements { scan.stmt(s) }
        return scan.names
    }

    private struct Scanner {
        var names: Set<String> = []
        /// The scopes opened inside nested functions (innermost last); empty while the
        /// walk is in the analysed body itself, whose own uses capture nothing.
        var scopes: [Set<String>] = []
        /// How many functions deep the walk is below the analysed body.
        var depth = 0

        /// A name read (or assigned) here.
        mutating func use(_ name: String) {
            guard depth > 0 else { return }
            for scope in scopes.reversed() where scope.contains(name) { return }
            names.insert(name)
        }

        /// A name declared in the innermost scope (tracked only inside nested functions).
        mutating func declare(_ name: String) {
            guard depth > 0, !scopes.isEmpty else { return }
            scopes[scopes.count - 1].insert(name)
        }

        mutating func block(_ b: Block) {
            if depth > 0 { scopes.append([]) }
            for s in b.statements { stmt(s) }
            if depth > 0 { scopes.removeLast() }
        }

        /// A nested function: its parameters in a scope of their own (each default sees
        /// the parameters before it), then its body in another, as `Compiler.compileBody`.
        mutating func function(_ parameters: [Parameter], _ body: Block) {
            depth += 1
            scopes.append([])
            for p in parameters {
                if let d = p.defaultValue { expr(d) }
                declare(p.name.name)
            }
            block(body)
            scopes.removeLast()
            depth -= 1
        }

        mutating func stmt(_ s: Stmt) {
            switch s.kind {
            case .expression(let e), .show(let e): expr(e)
            case .binding(let name, _, let e):
                // The value first: `let x = x + 1` reads the outer `x`.
                expr(e)
                declare(name.name)
            case .assign(let t, _, let v): expr(t); expr(v)
            case .if(let c, let t, let e):
                expr(c); block(t)
                if let e { block(e) }
            case .while(let c, let b): expr(c); block(b)
            case .for(let variable, let seq, let b):
                expr(seq)
                if depth > 0 { scopes.append([variable.name]) }
                for s in b.statements { stmt(s) }
                if depth > 0 { scopes.removeLast() }
            case .break, .continue, .import: break
            case .return(let e): if let e { expr(e) }
            case .function(let f), .prior(let f):
                // Declared before its body compiles, so the function can call itself.
                if let name = f.name { declare(name.name) }
                function(f.parameters, f.body)
            case .correct(let t, let v): expr(t); expr(v)
            case .test(_, let b, let sweep):
                // Legal only at the top level (skipped there); scanned as a function
                // anywhere else, which only adds names.
                if let sweep {
                    function([], Block(statements: [Stmt(.expression(sweep.samples), range: sweep.samples.range)],
                                       range: sweep.samples.range))
                    if let t = sweep.threshold {
                        function([], Block(statements: [Stmt(.expression(t), range: t.range)], range: t.range))
                    }
                }
                function(sweep.map { [Parameter(name: $0.variable, defaultValue: nil)] } ?? [], b)
            case .expect(let c, let m):
                expr(c)
                if let m { expr(m) }
            case .assume(let c):
                expr(c)
            case .sceneEntry(let entry):
                // `remove x` names a body, but the compiler asks whether a variable `x`
                // is in scope too (to explain the clash), which resolves it.
                if entry.nameIsIdentifier, case .string(let word)? = entry.name?.kind { use(word) }
                if let n = entry.name { expr(n) }
                if let p = entry.positional { expr(p) }
                for prop in entry.properties { if let v = prop.value { expr(v) } }
            case .require(let c, let p):
                expr(c)
                if let p { expr(p) }
            }
        }

        mutating func expr(_ e: Expr) {
            switch e.kind {
            case .number, .string, .bool, .nil: break
            case .name(let n): use(n)
            case .interpolated(let parts):
                for case .expr(let x) in parts { expr(x) }
            case .vector(let a, let b), .binary(_, let a, let b), .logical(_, let a, let b), .index(let a, let b):
                expr(a); expr(b)
            case .list(let items): for x in items { expr(x) }
            case .record(let fields): for f in fields { expr(f.value) }
            case .unary(_, let a), .member(let a, _): expr(a)
            case .approx(let a, let b, let t):
                expr(a); expr(b)
                if let t { expr(t) }
            case .call(let callee, let args, let trailing):
                expr(callee)
                for a in args { expr(a.value) }
                // A trailing block compiles as a function of no parameters.
                if let trailing { function([], trailing) }
            case .function(let f): function(f.parameters, f.body)
            case .scene(let name, let body):
                expr(name)
                // A scene body may be re-run later (sampling), so it compiles as a function.
                function([], body)
            }
        }
    }
}
