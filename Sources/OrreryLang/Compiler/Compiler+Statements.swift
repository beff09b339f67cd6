// MARK: - Statements

extension Compiler {
    func statement(_ s: Stmt) -> Exec {
        let range = s.range
        switch s.kind {
        case .expression(let e):
            let eval = expression(e)
            if let echo, resolver.atTopLevelScope {
                return { a in
                    let v = try eval(a)
                    if case .null = v {} else { echo(v) }
                    return .normal
                }
            }
            return { a in
                _ = try eval(a)
                return .normal
            }

        case .binding(let name, let mutable, let value):
            // The value is compiled first: `let x = x + 1` reads the outer `x`.
            let eval = functionAware(value, name: name.name)
            let address = resolver.declare(name, mutable: mutable)
            return initializer(address, eval)

        case .assign(let target, let op, let value):
            return assignment(target, op, value, range)

        case .if(let condition, let then, let elseBranch):
            let test = self.condition(condition)
            let thenExec = block(then)
            guard let elseBranch else {
                return { a in try test(a) ? try thenExec(a) : .normal }
            }
            let elseExec = block(elseBranch)
            return { a in try test(a) ? try thenExec(a) : try elseExec(a) }

        case .while(let condition, let body):
            let test = self.condition(condition)
            resolver.beginLoop()
            let bodyExec = block(body)
            resolver.endLoop()
            let interp = self.interp
            return { a in
                while try test(a) {
                    try interp.countLoopStep(at: range)
                    switch try bodyExec(a) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
                return .normal
            }

        case .for(let variable, let sequence, let body):
            return forLoop(variable, sequence, body, range)

        case .break:
            if !resolver.inLoop { resolver.error("'break' outside of a loop", range) }
            return { _ in .breakLoop }

        case .continue:
            if !resolver.inLoop { resolver.error("'continue' outside of a loop", range) }
            return { _ in .continueLoop }

        case .return(let value):
            if !resolver.inFunction { resolver.error("'return' outside of a function", range) }
            let interp = self.interp
            guard let value else {
                return { _ in
                    interp.returnValue = .null
                    return .returned
                }
            }
            let eval = expression(value)
            return { a in
                // The slot holds nil whenever no return is in flight (the call that
                // consumes a value puts nil back), so it can be overwritten without a release.
                let v = try eval(a)
                interp.returnSlot.initialize(to: v)
                return .returned
            }

        case .function(let decl):
            guard let name = decl.name else {
                _ = expression(Expr(.function(decl), range: range))
                return { _ in .normal }
            }
            // Declared before the body is compiled, so the function can call itself.
            let address = resolver.declare(name, mutable: false)
            let make = functionValue(decl, name: name.name)
            if case .cell(let i) = address {
                // The closure captures its own cell, so the cell must exist first.
                return { a in
                    let cell = Cell(.null)
                    a.cells[i] = cell
                    cell.value = try make(a)
                    return .normal
                }
            }
            return initializer(address, make)

        case .import(let path):
            return importStatement(path, range)

        case .test(let name, let body, let sweep):
            if !resolver.atTopLevelScope {
                resolver.error("'test' blocks must be at the top level", range)
                return { _ in .normal }
            }
            addTest(name: name, body: body, sweep: sweep, range: range)
            return { _ in .normal }

        case .expect(let condition, let message):
            return expectation(condition, message, range)

        case .assume(let condition):
            return assumption(condition, range)

        case .show(let e):
            let eval = expression(e)
            let interp = self.interp
            return { a in
                interp.showValue(try eval(a))
                return .normal
            }

        case .sceneEntry, .require:
            return sceneStatement(s)

        case .prior(let decl):
            return priorDeclaration(decl, range)

        case .correct(let target, let value):
            return correctStatement(target, value, range)
        }
    }

    /// Compiles a value, naming anonymous functions after the variable they are bound to.
    func functionAware(_ value: Expr, name: String) -> Eval {
        if case .function(let decl) = value.kind, decl.name == nil {
            return functionValue(decl, name: name)
        }
        return expression(value)
    }

    /// Stores the first value of a newly declared variable (a fresh cell if captured).
    func initializer(_ address: Address, _ eval: @escaping Eval) -> Exec {
        switch address {
        case .slot(let i):
            return { a in
                a.slots[i] = try eval(a)
                return .normal
            }
        case .cell(let i):
            return { a in
                a.cells[i] = Cell(try eval(a))
                return .normal
            }
        case .upvalue(let i):
            return { a in
                a.function.upvalues[i].value = try eval(a)
                return .normal
            }
        case .global(let cell):
            return { a in
                cell.value = try eval(a)
                return .normal
            }
        }
    }

    // MARK: - Loops

    func forLoop(_ variable: Identifier, _ sequence: Expr, _ body: Block, _ range: SourceRange) -> Exec {
        let interp = self.interp
        // `for i in range(…)` counts without building the list.
        if case .call(let callee, let args, nil) = sequence.kind, case .name("range") = callee.kind,
           isBuiltin("range", at: callee.range), args.allSatisfy({ $0.label == nil }), (1...3).contains(args.count) {
            let bounds = args.map { expression($0.value) }
            resolver.beginScope()
            let address = resolver.declare(variable, mutable: false)
            resolver.beginLoop()
            let bodyExec = block(body, newScope: false)
            resolver.endLoop()
            resolver.endScope()
            let store = loopStore(address)
            let seqRange = sequence.range
            return { a in
                var numbers: [Double] = []
                for (k, b) in bounds.enumerated() {
                    guard case .number(let d) = try b(a) else {
                        throw ScriptError("bad argument #\(k + 1) to 'range' (number expected, got \(try b(a).typeName))", seqRange)
                    }
                    numbers.append(d)
                }
                let (start, end, step) = try Builtins.rangeBounds(numbers, seqRange)
                let count = Builtins.rangeCount(start, end, step)
                var k = 0.0
                while k < count {
                    try interp.countLoopStep(at: range)
                    store(a, .number(start + k * step))
                    switch try bodyExec(a) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: break
                    }
                    k += 1
                }
                return .normal
            }
        }
        let seqEval = expression(sequence)
        resolver.beginScope()
        let address = resolver.declare(variable, mutable: false)
        resolver.beginLoop()
        let bodyExec = block(body, newScope: false)
        resolver.endLoop()
        resolver.endScope()
        let store = loopStore(address)
        let seqRange = sequence.range
        return { a in
            let items: [Value]
            switch try seqEval(a) {
            case .list(let l): items = l
            case .string(let s): items = s.map { .string(String($0)) }
            case .record(let r): items = r.keys.map { .string($0) }
            case let other:
                throw ScriptError("cannot iterate over a \(other.typeName) value", seqRange)
            }
            for item in items {
                try interp.countLoopStep(at: range)
                store(a, item)
                switch try bodyExec(a) {
                case .breakLoop: return .normal
                case .returned: return .returned
                default: break
                }
            }
            return .normal
        }
    }

    /// Stores one iteration's value in the loop variable (a fresh cell when captured,
    /// so closures made in different iterations see different variables).
    func loopStore(_ address: Address) -> (Activation, Value) -> Void {
        switch address {
        case .slot(let i): return { a, v in a.slots[i] = v }
        case .cell(let i): return { a, v in a.cells[i] = Cell(v) }
        case .upvalue(let i): return { a, v in a.function.upvalues[i].value = v }
        case .global(let cell): return { _, v in cell.value = v }
        }
    }

    /// Whether `name` used at `range` refers to the native of that name (not shadowed).
    func isBuiltin(_ name: String, at range: SourceRange) -> Bool {
        guard case .global(let builtin)? = interp.builtins[name]?.address,
              resolver.isDefined(name),
              case .global(let cell)? = resolver.peek(name)?.address else { return false }
        return cell === builtin
    }

    // MARK: - Expectations

    func expectation(_ condition: Expr, _ message: Expr?, _ range: SourceRange) -> Exec {
        let interp = self.interp
        let messageEval = message.map { expression($0) }
        let conditionRange = condition.range
        func fail(_ a: Activation, _ comparison: (op: String, lhs: String, rhs: String)?) throws {
            let text = try messageEval.map { try $0(a).description }
            interp.expectFailures.append(ExpectFailure(message: text, range: range, condition: conditionRange,
                                                       comparison: comparison))
        }
        switch condition.kind {
        case .binary(let op, let l, let r) where [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op):
            let le = expression(l), re = expression(r)
            let cr = condition.range
            return { a in
                let lv = try le(a), rv = try re(a)
                if try !Operators.compare(op, lv, rv, cr) {
                    try fail(a, (op.rawValue, lv.debugDescription, rv.debugDescription))
                }
                return .normal
            }
        case .approx(let l, let r, let tol):
            let le = expression(l), re = expression(r), te = tol.map { expression($0) }
            let cr = condition.range
            return { a in
                let lv = try le(a), rv = try re(a)
                let t = try te.map { e -> Double in
                    let v = try e(a)
                    guard case .number(let d) = v else { throw ScriptError("tolerance must be a number, got \(v.typeName)", cr) }
                    return d
                }
                if try !Operators.approximatelyEqual(lv, rv, tolerance: t, cr) {
                    try fail(a, ("~=", lv.debugDescription, rv.debugDescription))
                }
                return .normal
            }
        default:
            let test = self.condition(condition)
            return { a in
                if try !test(a) { try fail(a, nil) }
                return .normal
            }
        }
    }

    /// `assume cond`: the sample is skipped (not counted) unless `cond` holds.
    func assumption(_ condition: Expr, _ range: SourceRange) -> Exec {
        let holds = self.condition(condition)
        guard inStatisticalTest else {
            resolver.error("'assume' is only allowed in a statistical test (test \"name\" for x in samples { … }), "
                           + "where it skips the samples that do not meet it", range)
            return { _ in .normal }
        }
        return { a in
            if try !holds(a) { throw SampleSkipped(range: range) }
            return .normal
        }
    }

    // MARK: - Imports

    func importStatement(_ path: String, _ range: SourceRange) -> Exec {
        guard resolver.atTopLevelScope else {
            resolver.error("'import' must be at the top level", range)
            return { _ in .normal }
        }
        guard let modules else {
            resolver.error("imports are not available here", range)
            return { _ in .normal }
        }
        switch modules.importModule(path, from: range.file, at: range) {
        case .failure(let d):
            resolver.report(d)
            return { _ in .normal }
        case .success(let module):
            for name in module.exports.keys.sorted() {
                if let b = module.exports[name] {
                    resolver.bindGlobal(name, Binding(address: b.address, mutable: false, range: range, imported: true))
                }
            }
            let interp = self.interp
            return { _ in
                try interp.runModule(module, at: range)
                return .normal
            }
        }
    }
}
