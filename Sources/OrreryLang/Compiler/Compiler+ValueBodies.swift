// MARK: - Value bodies

// A function body made only of guarded returns and bindings — `if C { return E1 } return E2`,
// `if C { return E1 } else { return E2 }`, `let x = E`, `return E`, nested — computes a value and
// needs no statement machinery. It compiles to one expression-like closure that the
// call path runs directly: no `Flow` result, no round trip through the return slot,
// no `sequence`/`if`/`return` closures per call. Recursive helpers (fib, ackermann,
// gcd, …) are almost always this shape.

extension Compiler {
    /// Whether `statements` is a value body: guards `if C { <value body> }` and bindings
    /// `let x = E` (or `var`), followed by `return E` or
    /// `if C { <value body> } else { <value body> }`.
    func isValueBody(_ statements: [Stmt]) -> Bool {
        guard let last = statements.last else { return false }
        for s in statements.dropLast() {
            if case .binding = s.kind { continue }
            guard case .if(_, let then, nil) = s.kind, isValueBody(then.statements) else { return false }
        }
        switch last.kind {
        case .return:
            return true
        case .if(_, let then, let elseBranch?):
            return isValueBody(then.statements) && isValueBody(elseBranch.statements)
        default:
            return false
        }
    }

    /// Compiles a value body (see `isValueBody`) in a new scope, in source order, so the
    /// resolver sees exactly what `block` would have shown it.
    func valueBody(_ statements: [Stmt]) -> Eval {
        resolver.beginScope()
        defer { resolver.endScope() }
        var steps: [ValueStep] = []
        for s in statements.dropLast() {
            if case .binding(let name, let mutable, let value) = s.kind {
                // As the statement compiles it: the value first (`let x = x + 1` reads the outer x).
                let eval = functionAware(value, name: name.name)
                let address = resolver.declare(name, mutable: mutable)
                if case .slot(let i) = address {
                    steps.append(.slot(i, eval))
                } else {
                    steps.append(.other(initializer(address, eval)))
                }
                continue
            }
            if case .if(let condition, let then, nil) = s.kind {
                let test = self.condition(condition)
                let value = valueBody(then.statements)
                // `if n < 2 { return n }`: the base case of most recursions reads a local.
                var slot = -1
                if then.statements.count == 1, case .return(let v?) = then.statements[0].kind,
                   let i = slotIndex(v) {
                    slot = i
                }
                // `n < 2` / `n <= 1`: tested in place, the comparison closure only for non-numbers.
                var less: (slot: Int, bound: Double, orEqual: Bool)?
                if case .binary(let op, let l, let r) = condition.kind, op == .less || op == .lessEqual,
                   let j = slotIndex(l), case .number(let k) = r.kind {
                    less = (j, k, op == .lessEqual)
                }
                steps.append(.guarded(ValueGuard(test: test, value: value, slot: slot, less: less)))
            }
        }
        var result: Eval
        switch statements.last?.kind {
        case .return(let value?)?:
            result = expression(value)
        case .if(let condition, let then, let elseBranch?)?:
            let test = self.condition(condition)
            let thenEval = valueBody(then.statements)
            let elseEval = valueBody(elseBranch.statements)
            result = { a in try test(a) ? try thenEval(a) : try elseEval(a) }
        default:
            // `return` with no value (the only other shape `isValueBody` admits).
            result = { _ in .null }
        }
        // Folded from the last step outwards: the first step runs first.
        for step in steps.reversed() {
            let rest = result
            let g: ValueGuard
            switch step {
            case .slot(let i, let eval):
                result = { a in
                    a.slots[i] = try eval(a)
                    return try rest(a)
                }
                continue
            case .other(let exec):
                result = { a in
                    _ = try exec(a)
                    return try rest(a)
                }
                continue
            case .guarded(let guarded):
                g = guarded
            }
            let test = g.test, value = g.value
            if g.slot >= 0, let (j, k, orEqual) = g.less {
                let i = g.slot
                result = { a in
                    let hit: Bool
                    if case .number(let d) = a.slots[j] { hit = orEqual ? d <= k : d < k } else { hit = try test(a) }
                    return hit ? a.slots[i] : try rest(a)
                }
            } else if g.slot >= 0 {
                let i = g.slot
                result = { a in try test(a) ? a.slots[i] : try rest(a) }
            } else {
                result = { a in try test(a) ? try value(a) : try rest(a) }
            }
        }
        return result
    }
}

/// One step of a value body before its last statement.
enum ValueStep {
    /// `if C { return E }`.
    case guarded(ValueGuard)
    /// `let x = E` into a frame slot.
    case slot(Int, Eval)
    /// `let x = E` into a cell (a variable some closure captures).
    case other(Exec)
}

/// One `if C { return E }` of a value body. A struct, not a tuple, for the reason of
/// `ExecBox`: closures kept in arrays of tuples are called through reabstraction thunks.
struct ValueGuard {
    let test: Condition
    let value: Eval
    /// The frame slot the guard returns when its value is just a local, else -1.
    let slot: Int
    /// The guard as `slot < bound` (or `<=`), when it is one.
    let less: (slot: Int, bound: Double, orEqual: Bool)?
}
