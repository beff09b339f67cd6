// MARK: - Calls

extension Compiler {
    func call(_ callee: Expr, _ args: [Argument], _ trailing: Block?, _ range: SourceRange) -> Eval {
        let interp = self.interp
        let calleeEval = expression(callee)
        let args = bodyNameArguments(callee, args)
        noteSceneNames(callee, args)
        checkArguments(callee, args, range)
        var positional: [EvalBox] = []
        var positionalExprs: [Expr] = []
        var named: [(Identifier, Eval)] = []
        var seenLabels: Set<String> = []
        for arg in args {
            if let label = arg.label {
                if seenLabels.contains(label.name) {
                    resolver.error("argument '\(label.name)' given twice", label.range)
                }
                seenLabels.insert(label.name)
                named.append((label, expression(arg.value)))
            } else {
                // Causal operations read as questions: `would(r, at: 30, contact(a, b)) { … }`,
                // so a call with a trailing block may put the asked-about event after `at:`.
                if !named.isEmpty && trailing == nil {
                    resolver.error(positionalAfterNamed(callee), arg.value.range)
                }
                positional.append(EvalBox(run: expression(arg.value)))
                positionalExprs.append(arg.value)
            }
        }
        if let trailing, let block = trailingBlock(trailing, callee: callee) {
            named.append((Identifier("block", range: trailing.range), block))
        }
        if !named.isEmpty {
            return { a in
                let f = try calleeEval(a)
                var values: [Value] = []
                values.reserveCapacity(positional.count)
                for p in positional { values.append(try p.run(a)) }
                var labelled: [(Identifier, Value)] = []
                for (label, e) in named { labelled.append((label, try e(a))) }
                return try interp.call(f, positional: values, named: labelled, at: range)
            }
        }
        // The closures below capture the range behind one reference: a captured range
        // (seven words) would be loaded on every call, though only errors read it.
        let site = CallSite(range)
        let n = positional.count
        // Script functions called with exactly their parameters get their arguments
        // evaluated straight into the new frame: no array, no name matching.
        switch n {
        case 0:
            if let hoisted = hoistedFunction(callee) {
                return { a in
                    if let f = hoisted.ref.pointee {
                        return try f._withUnsafeGuaranteedRef { fn in
                            if fn.parameterCount == 0 {
                                let frame = try interp.pushFrame(fn, at: site)
                                defer { interp.popFrame(fn, frame) }
                                return try interp.runBody(fn, frame, callSite: site)
                            }
                            return try interp.call(.function(fn), positional: [], named: [], at: site.range)
                        }
                    }
                    return try interp.call(try calleeEval(a), positional: [], named: [], at: site.range)
                }
            }
            if let cell = globalRef(callee) {
                return { a in
                    if case .function(let fn) = cell.ref.pointee, fn.parameterCount == 0 {
                        let frame = try interp.pushFrame(fn, at: site)
                        defer { interp.popFrame(fn, frame) }
                        return try interp.runBody(fn, frame, callSite: site)
                    }
                    return try interp.call(cell.value, positional: [], named: [], at: site.range)
                }
            }
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == 0 {
                    let frame = try interp.pushFrame(fn, at: site)
                    defer { interp.popFrame(fn, frame) }
                    return try interp.runBody(fn, frame, callSite: site)
                }
                return try interp.call(f, positional: [], named: [], at: site.range)
            }
        case 1:
            let e0 = positional[0].run
            // A call of a top-level function by name reads it straight from its cell.
            if let hoisted = hoistedFunction(callee), let (i, op, k) = slotConstantArithmetic(positionalExprs[0]) {
                // `f(n - 1)`: the recursive call shape; the argument is computed right
                // here from the caller's slot, without a closure call.
                return { a in
                    if let f = hoisted.ref.pointee {
                        return try f._withUnsafeGuaranteedRef { fn in
                            let v0: Value
                            if case .number(let d) = a.slots[i] {
                                v0 = .number(op == .subtract ? d - k : d + k)
                            } else {
                                v0 = try e0(a)
                            }
                            if fn.parameterCount == 1 {
                                let frame = try interp.pushFrame(fn, at: site, filled: 1)
                                frame.slots.initialize(to: v0)
                                defer { interp.popFrame(fn, frame) }
                                return try interp.runBody(fn, frame, callSite: site)
                            }
                            return try interp.call(.function(fn), positional: [v0], named: [], at: site.range)
                        }
                    }
                    let f = try calleeEval(a)
                    return try interp.call(f, positional: [try e0(a)], named: [], at: site.range)
                }
            }
            if let hoisted = hoistedFunction(callee) {
                return { a in
                    if let f = hoisted.ref.pointee {
                        return try f._withUnsafeGuaranteedRef { fn in
                            let v0 = try e0(a)
                            if fn.parameterCount == 1 {
                                let frame = try interp.pushFrame(fn, at: site, filled: 1)
                                frame.slots.initialize(to: v0)
                                defer { interp.popFrame(fn, frame) }
                                return try interp.runBody(fn, frame, callSite: site)
                            }
                            return try interp.call(.function(fn), positional: [v0], named: [], at: site.range)
                        }
                    }
                    let f = try calleeEval(a)
                    return try interp.call(f, positional: [try e0(a)], named: [], at: site.range)
                }
            }
            if let cell = globalRef(callee) {
                return { a in
                    if case .function(let fn) = cell.ref.pointee, fn.parameterCount == 1 {
                        // The argument is evaluated before the frame exists and moved into it.
                        let v0 = try e0(a)
                        let frame = try interp.pushFrame(fn, at: site, filled: 1)
                        frame.slots.initialize(to: v0)
                        defer { interp.popFrame(fn, frame) }
                        return try interp.runBody(fn, frame, callSite: site)
                    }
                    // `sqrt(d2)`: a native of one number, applied without an argument array.
                    if case .native(let native) = cell.ref.pointee, native.hasNumeric {
                        let v0 = try e0(a)
                        if case .number(let d) = v0 { return .number(native.numeric(d)) }
                        return try interp.call(.native(native), positional: [v0], named: [], at: site.range)
                    }
                    return try interp.call(cell.value, positional: [try e0(a)], named: [], at: site.range)
                }
            }
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == 1 {
                    let v0 = try e0(a)
                    let frame = try interp.pushFrame(fn, at: site, filled: 1)
                    frame.slots.initialize(to: v0)
                    defer { interp.popFrame(fn, frame) }
                    return try interp.runBody(fn, frame, callSite: site)
                }
                return try interp.call(f, positional: [try e0(a)], named: [], at: site.range)
            }
        case 2:
            let e0 = positional[0].run, e1 = positional[1].run
            if let hoisted = hoistedFunction(callee) {
                return { a in
                    if let f = hoisted.ref.pointee {
                        return try f._withUnsafeGuaranteedRef { fn in
                            let v0 = try e0(a), v1 = try e1(a)
                            if fn.parameterCount == 2 {
                                let frame = try interp.pushFrame(fn, at: site, filled: 2)
                                frame.slots.initialize(to: v0)
                                (frame.slots + 1).initialize(to: v1)
                                defer { interp.popFrame(fn, frame) }
                                return try interp.runBody(fn, frame, callSite: site)
                            }
                            return try interp.call(.function(fn), positional: [v0, v1], named: [], at: site.range)
                        }
                    }
                    let f = try calleeEval(a)
                    let v0 = try e0(a)
                    return try interp.call(f, positional: [v0, try e1(a)], named: [], at: site.range)
                }
            }
            if let cell = globalRef(callee) {
                return { a in
                    if case .function(let fn) = cell.ref.pointee, fn.parameterCount == 2 {
                        let v0 = try e0(a), v1 = try e1(a)
                        let frame = try interp.pushFrame(fn, at: site, filled: 2)
                        frame.slots.initialize(to: v0)
                        (frame.slots + 1).initialize(to: v1)
                        defer { interp.popFrame(fn, frame) }
                        return try interp.runBody(fn, frame, callSite: site)
                    }
                    let v0 = try e0(a)
                    return try interp.call(cell.value, positional: [v0, try e1(a)], named: [], at: site.range)
                }
            }
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == 2 {
                    let v0 = try e0(a), v1 = try e1(a)
                    let frame = try interp.pushFrame(fn, at: site, filled: 2)
                    frame.slots.initialize(to: v0)
                    (frame.slots + 1).initialize(to: v1)
                    defer { interp.popFrame(fn, frame) }
                    return try interp.runBody(fn, frame, callSite: site)
                }
                let v0 = try e0(a)
                return try interp.call(f, positional: [v0, try e1(a)], named: [], at: site.range)
            }
        default:
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == n {
                    let frame = try interp.pushFrame(fn, at: site)
                    defer { interp.popFrame(fn, frame) }
                    for i in 0..<n { frame.slots[i] = try positional[i].run(a) }
                    return try interp.runBody(fn, frame, callSite: site)
                }
                var values: [Value] = []
                values.reserveCapacity(n)
                for p in positional { values.append(try p.run(a)) }
                return try interp.call(f, positional: values, named: [], at: site.range)
            }
        }
    }
}

extension Compiler {
    /// The error for a positional argument after a named one. A function that takes a
    /// trailing block accepts that order only with its block, so the block is what is missing.
    func positionalAfterNamed(_ callee: Expr) -> String {
        guard let native = blockTakingNative(callee) else { return "positional argument after a named argument" }
        return "'\(native.name)' is missing its block: a positional argument may follow a named one only when "
            + "a block follows the call, as in \(native.name)(…) { … }"
    }

    /// The built-in native `callee` names, when it takes a trailing block (a `block` parameter).
    func blockTakingNative(_ callee: Expr) -> NativeFunction? {
        guard case .name(let name) = callee.kind, case .global(let cell)? = resolver.peek(name)?.address,
              case .native(let native) = cell.value, native.parameters.contains("block") else { return nil }
        return native
    }
}

// MARK: - Names as bare words

extension Compiler {
    /// In a call of one of the domain's `nameArgumentFunctions` (`contact(a, b)`,
    /// `r.series(a, "x")` in the world), a bare name that is not a variable in scope names
    /// a thing of the domain: it compiles to the string "a" instead of an undefined-name error.
    func bodyNameArguments(_ callee: Expr, _ args: [Argument]) -> [Argument] {
        let calleeName: String
        switch callee.kind {
        case .name(let n): calleeName = n
        case .member(_, let id): calleeName = id.name
        default: return args
        }
        guard interp.nameArgumentFunctions.contains(calleeName) else { return args }
        return args.map { arg in
            guard case .name(let n) = arg.value.kind, !resolver.isDefined(n) else { return arg }
            return Argument(label: arg.label, value: Expr(.string(n), range: arg.value.range))
        }
    }
}
