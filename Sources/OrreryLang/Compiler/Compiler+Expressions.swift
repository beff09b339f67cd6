
// MARK: - Expressions

extension Compiler {
    func expression(_ e: Expr) -> Eval {
        let range = e.range
        switch e.kind {
        case .number(let d):
            let v = Value.number(d)
            return { _ in v }
        case .string(let s):
            let v = Value.string(s)
            return { _ in v }
        case .bool(let b):
            let v = Value.bool(b)
            return { _ in v }
        case .nil:
            return { _ in .null }
        case .interpolated(let parts):
            return interpolation(parts, range)
        case .name(let name):
            if bodyKind != .plain, resolver.peek(name) == nil { return blockRead(name, range) }
            guard let binding = resolver.lookup(name, at: range) else { return { _ in .null } }
            return load(binding.address)
        case .vector(let x, let y):
            let xe = expression(x), ye = expression(y)
            let xr = x.range, yr = y.range
            return { a in
                let xv = try xe(a), yv = try ye(a)
                guard case .number(let xd) = xv else {
                    throw ScriptError("vector component must be a number, got \(xv.typeName)", xr)
                }
                guard case .number(let yd) = yv else {
                    throw ScriptError("vector component must be a number, got \(yv.typeName)", yr)
                }
                return .vector(Vec2(xd, yd))
            }
        case .list(let items):
            let evals = items.map { EvalBox(run: expression($0)) }
            return { a in
                var out: [Value] = []
                out.reserveCapacity(evals.count)
                for item in evals { out.append(try item.run(a)) }
                return .list(out)
            }
        case .record(let fields):
            // One shape per literal, made here: every record it builds shares it, so
            // field reads of those records hit their sites' caches (`FieldSite`).
            var seen: [String: SourceRange] = [:]
            var names: [String] = []
            var evals: [EvalBox] = []
            for f in fields {
                if let first = seen[f.key.name] {
                    resolver.error("duplicate field '\(f.key.name)' in record", f.key.range,
                                   notes: [Diagnostic.Note(message: "first defined here", range: first)])
                    _ = expression(f.value)
                    continue
                }
                seen[f.key.name] = f.key.range
                names.append(f.key.name)
                evals.append(EvalBox(run: expression(f.value)))
            }
            let shape = RecordShape(names: names)
            return { a in .record(try Record(shape: shape, evaluating: evals, in: a)) }
        case .unary(.negate, let operand):
            let o = expression(operand)
            return { a in
                let v = try o(a)
                if case .number(let d) = v { return .number(-d) }
                return try Operators.negate(v, range)
            }
        case .logical(let op, let l, let r):
            return logical(op, l, r)
        case .unary(.not, _), .approx:
            let c = condition(e)
            return { a in .bool(try c(a)) }
        case .binary(let op, let l, let r):
            return binary(op, l, r, range)
        case .call(let callee, let args, let trailing):
            return call(callee, args, trailing, range)
        case .member(let base, let name):
            if let inPlace = memberInPlace(base, name.name, range) { return inPlace }
            let b = expression(base)
            let site = FieldSite(name.name)
            return { a in
                let v = try b(a)
                if case .record(let r) = v, let x = site.read(r) { return x }
                return try Operators.member(v, site.name, range)
            }
        case .index(let base, let index):
            if let inPlace = indexInPlace(base, index, range) { return inPlace }
            let b = expression(base), i = expression(index)
            return { a in
                let bv = try b(a)
                let iv = try i(a)
                if case .list(let items) = bv, case .number(let d) = iv, let k = Compiler.wholeIndex(d, count: items.count) {
                    return items[k]
                }
                return try Operators.index(bv, iv, range)
            }
        case .function(let decl):
            return functionValue(decl, name: decl.name?.name ?? "anonymous")
        case .scene(let name, let body):
            return sceneExpression(name, body, range)
        }
    }

    /// The frame slot of a plain local variable expression, if it is one.
    func slotIndex(_ e: Expr) -> Int? {
        guard case .name(let name) = e.kind, case .slot(let i)? = resolver.peek(name)?.address else { return nil }
        return i
    }

    /// `local + constant` or `local - constant` (`n - 1`), if `e` is one: calls
    /// compute such an argument in place instead of calling its closure.
    func slotConstantArithmetic(_ e: Expr) -> (slot: Int, op: BinaryOperator, constant: Double)? {
        guard case .binary(let op, let l, let r) = e.kind, case .number(let k) = r.kind,
              op == .add || op == .subtract, let i = slotIndex(l) else { return nil }
        return (i, op, k)
    }

    /// The storage of a top-level variable expression, if it is one (read in place).
    func globalRef(_ e: Expr) -> Cell? {
        guard case .name(let name) = e.kind, case .global(let cell)? = resolver.peek(name)?.address else { return nil }
        return cell
    }

    /// Where upvalue `i` of the running function keeps its value.
    @inline(__always)
    static func upvalueStorage(_ a: Activation, _ i: Int) -> UnsafeMutablePointer<Value> {
        a.function.upvalues.withUnsafeBufferPointer { $0[i].ref }
    }

    /// Reads a variable.
    func load(_ address: Address) -> Eval {
        switch address {
        case .slot(let i):
            return { a in
                // A number is rebuilt rather than copied: no call of the enum's outlined copy.
                if case .number(let d) = a.slots[i] { return .number(d) }
                return a.slots[i]
            }
        case .cell(let i): return { a in a.cells[i]?.value ?? .null }
        case .upvalue(let i):
            return { a in
                // Through the cell's storage pointer, taken with no call between: the
                // array and the cell are not retained around the read.
                let ref = Compiler.upvalueStorage(a, i)
                if case .number(let d) = ref.pointee { return .number(d) }
                return ref.pointee
            }
        case .global(let cell): return { _ in cell.value }
        }
    }

    func interpolation(_ parts: [InterpolationPart], _ range: SourceRange) -> Eval {
        enum Piece { case text(String), value(Eval) }
        let pieces: [Piece] = parts.map {
            switch $0 {
            case .text(let t): return .text(t)
            case .expr(let x): return .value(expression(x))
            }
        }
        // `"\(x)"` alone is just the text of x: no empty string to append to.
        if pieces.count == 1, case .value(let e) = pieces[0] {
            return { a in .string(Compiler.text(of: try e(a))) }
        }
        let memory = interp.memory
        return { a in
            var s = ""
            for p in pieces {
                switch p {
                case .text(let t): s += t
                case .value(let e):
                    let t = Compiler.text(of: try e(a))
                    try memory.reserve(s.utf8.count + t.utf8.count, growth: t.utf8.count, for: "string", at: range)
                    s += t
                }
            }
            return .string(s)
        }
    }

    /// How a value reads inside a string (its `print` form), skipping the general
    /// renderer for the two common cases.
    @inline(__always)
    static func text(of v: Value) -> String {
        switch v {
        case .string(let t): return t
        case .number(let d): return Value.format(number: d)
        default: return v.description
        }
    }

    /// `a and b` / `a or b` as values: the deciding operand, as in Lua.
    func logical(_ op: LogicalOperator, _ l: Expr, _ r: Expr) -> Eval {
        let le = expression(l), re = expression(r)
        if op == .and {
            return { a in
                let v = try le(a)
                return v.isTruthy ? try re(a) : v
            }
        }
        return { a in
            let v = try le(a)
            return v.isTruthy ? v : try re(a)
        }
    }

    // MARK: - Binary operators

    func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ range: SourceRange) -> Eval {
        // `+` may grow a list or a string; the closures below capture this one reference
        // for the slow path rather than a range and a budget.
        let site = GrowthSite(range: range, memory: interp.memory)
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let c = comparison(op, l, r, range)
            return { a in .bool(try c(a)) }
        default:
            break
        }
        // A local number operand is read in place: no closure call, no copy of the value.
        if let i = slotIndex(l) {
            if case .number(let k) = r.kind {
                // `n - 1`, `i + 1`: the operator is fixed here, not switched on per run.
                switch op {
                case .add:
                    return { a in
                        if case .number(let d) = a.slots[i] { return .number(d + k) }
                        return try Operators.arithmetic(op, a.slots[i], .number(k), site.range, site.memory)
                    }
                case .subtract:
                    return { a in
                        if case .number(let d) = a.slots[i] { return .number(d - k) }
                        return try Operators.arithmetic(op, a.slots[i], .number(k), site.range, site.memory)
                    }
                default:
                    return { a in
                        if case .number(let d) = a.slots[i] { return .number(Operators.number(op, d, k)) }
                        return try Operators.arithmetic(op, a.slots[i], .number(k), site.range, site.memory)
                    }
                }
            }
            let re = expression(r)
            return { a in
                let y = try re(a)
                if case .number(let p) = a.slots[i], case .number(let q) = y { return .number(Operators.number(op, p, q)) }
                return try Operators.arithmetic(op, a.slots[i], y, site.range, site.memory)
            }
        }
        if let cell = globalRef(l), case .number(let k) = r.kind {
            return { a in
                if case .number(let d) = cell.ref.pointee { return .number(Operators.number(op, d, k)) }
                return try Operators.arithmetic(op, cell.value, .number(k), site.range, site.memory)
            }
        }
        let le = expression(l)
        // A constant right operand (`n - 1`, `i * 2`) skips one closure call.
        if case .number(let k) = r.kind {
            switch op {
            case .add:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return .number(d + k) }
                    return try Operators.arithmetic(op, x, .number(k), site.range, site.memory)
                }
            case .subtract:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return .number(d - k) }
                    return try Operators.arithmetic(op, x, .number(k), site.range, site.memory)
                }
            case .multiply:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return .number(d * k) }
                    return try Operators.arithmetic(op, x, .number(k), site.range, site.memory)
                }
            default:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return .number(Operators.number(op, d, k)) }
                    return try Operators.arithmetic(op, x, .number(k), site.range, site.memory)
                }
            }
        }
        let re = expression(r)
        switch op {
        case .add:
            return { a in
                let x = try le(a), y = try re(a)
                if case .number(let p) = x, case .number(let q) = y { return .number(p + q) }
                return try Operators.arithmetic(op, x, y, site.range, site.memory)
            }
        case .subtract:
            return { a in
                let x = try le(a), y = try re(a)
                if case .number(let p) = x, case .number(let q) = y { return .number(p - q) }
                return try Operators.arithmetic(op, x, y, site.range, site.memory)
            }
        case .multiply:
            return { a in
                let x = try le(a), y = try re(a)
                if case .number(let p) = x, case .number(let q) = y { return .number(p * q) }
                return try Operators.arithmetic(op, x, y, site.range, site.memory)
            }
        default:
            return { a in
                let x = try le(a), y = try re(a)
                if case .number(let p) = x, case .number(let q) = y { return .number(Operators.number(op, p, q)) }
                return try Operators.arithmetic(op, x, y, site.range, site.memory)
            }
        }
    }

    // MARK: - Conditions

    /// Compiles an expression used for its truth value, without boxing comparisons.
    func condition(_ e: Expr) -> Condition {
        switch e.kind {
        case .binary(let op, let l, let r)
            where [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op):
            return comparison(op, l, r, e.range)
        case .logical(.and, let l, let r):
            let lc = condition(l), rc = condition(r)
            return { a in try lc(a) && rc(a) }
        case .logical(.or, let l, let r):
            let lc = condition(l), rc = condition(r)
            return { a in try lc(a) || rc(a) }
        case .unary(.not, let operand):
            let c = condition(operand)
            return { a in try !c(a) }
        case .bool(let b):
            return { _ in b }
        case .approx(let l, let r, let tol):
            let le = expression(l), re = expression(r), te = tol.map { expression($0) }
            let range = e.range
            return { a in
                let lv = try le(a), rv = try re(a)
                var t: Double?
                if let te {
                    let tv = try te(a)
                    guard case .number(let d) = tv else {
                        throw ScriptError("tolerance must be a number, got \(tv.typeName)", range)
                    }
                    t = d
                }
                return try Operators.approximatelyEqual(lv, rv, tolerance: t, range)
            }
        default:
            let eval = expression(e)
            return { a in try eval(a).isTruthy }
        }
    }

    func comparison(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ range: SourceRange) -> Condition {
        if let i = slotIndex(l) {
            if case .number(let k) = r.kind {
                // `n < 2`, `i == 0`: the common loop and base-case tests, operator fixed here.
                switch op {
                case .less:
                    return { a in
                        if case .number(let d) = a.slots[i] { return d < k }
                        return try Operators.compare(op, a.slots[i], .number(k), range)
                    }
                case .lessEqual:
                    return { a in
                        if case .number(let d) = a.slots[i] { return d <= k }
                        return try Operators.compare(op, a.slots[i], .number(k), range)
                    }
                case .equal:
                    return { a in
                        if case .number(let d) = a.slots[i] { return d == k }
                        return try Operators.compare(op, a.slots[i], .number(k), range)
                    }
                default:
                    return { a in
                        if case .number(let d) = a.slots[i] { return Operators.ordered(op, d, k) }
                        return try Operators.compare(op, a.slots[i], .number(k), range)
                    }
                }
            }
            let re = expression(r)
            return { a in
                let y = try re(a)
                if case .number(let p) = a.slots[i], case .number(let q) = y { return Operators.ordered(op, p, q) }
                return try Operators.compare(op, a.slots[i], y, range)
            }
        }
        if let cell = globalRef(l), case .number(let k) = r.kind {
            return { a in
                if case .number(let d) = cell.ref.pointee { return Operators.ordered(op, d, k) }
                return try Operators.compare(op, cell.value, .number(k), range)
            }
        }
        let le = expression(l)
        if case .number(let k) = r.kind {
            switch op {
            case .less:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return d < k }
                    return try Operators.compare(op, x, .number(k), range)
                }
            case .equal:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return d == k }
                    return try Operators.compare(op, x, .number(k), range)
                }
            default:
                return { a in
                    let x = try le(a)
                    if case .number(let d) = x { return Operators.ordered(op, d, k) }
                    return try Operators.compare(op, x, .number(k), range)
                }
            }
        }
        let re = expression(r)
        if op == .less {
            return { a in
                let x = try le(a), y = try re(a)
                if case .number(let p) = x, case .number(let q) = y { return p < q }
                return try Operators.compare(op, x, y, range)
            }
        }
        return { a in
            let x = try le(a), y = try re(a)
            if case .number(let p) = x, case .number(let q) = y { return Operators.ordered(op, p, q) }
            return try Operators.compare(op, x, y, range)
        }
    }
}
