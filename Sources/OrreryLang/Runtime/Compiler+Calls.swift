// MARK: - Calls

extension Compiler {
    func call(_ callee: Expr, _ args: [Argument], _ trailing: Block?, _ range: SourceRange) -> Eval {
        if let trailing {
            resolver.error("a block after a call is only accepted by causal operations such as 'intervene'",
                           trailing.range)
        }
        let interp = self.interp
        let calleeEval = expression(callee)
        var positional: [EvalBox] = []
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
                if !named.isEmpty {
                    resolver.error("positional argument after a named argument", arg.value.range)
                }
                positional.append(EvalBox(run: expression(arg.value)))
            }
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
        let n = positional.count
        // Script functions called with exactly their parameters get their arguments
        // evaluated straight into the new frame: no array, no name matching.
        switch n {
        case 0:
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == 0 {
                    let frame = try interp.pushFrame(fn, at: range)
                    defer { interp.popFrame(fn, frame) }
                    return try interp.runBody(fn, frame, callRange: range)
                }
                return try interp.call(f, positional: [], named: [], at: range)
            }
        case 1:
            let e0 = positional[0].run
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == 1 {
                    let frame = try interp.pushFrame(fn, at: range)
                    defer { interp.popFrame(fn, frame) }
                    frame.slots[0] = try e0(a)
                    return try interp.runBody(fn, frame, callRange: range)
                }
                return try interp.call(f, positional: [try e0(a)], named: [], at: range)
            }
        case 2:
            let e0 = positional[0].run, e1 = positional[1].run
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == 2 {
                    let frame = try interp.pushFrame(fn, at: range)
                    defer { interp.popFrame(fn, frame) }
                    frame.slots[0] = try e0(a)
                    frame.slots[1] = try e1(a)
                    return try interp.runBody(fn, frame, callRange: range)
                }
                let v0 = try e0(a)
                return try interp.call(f, positional: [v0, try e1(a)], named: [], at: range)
            }
        default:
            return { a in
                let f = try calleeEval(a)
                if case .function(let fn) = f, fn.parameterCount == n {
                    let frame = try interp.pushFrame(fn, at: range)
                    defer { interp.popFrame(fn, frame) }
                    for i in 0..<n { frame.slots[i] = try positional[i].run(a) }
                    return try interp.runBody(fn, frame, callRange: range)
                }
                var values: [Value] = []
                values.reserveCapacity(n)
                for p in positional { values.append(try p.run(a)) }
                return try interp.call(f, positional: values, named: [], at: range)
            }
        }
    }
}
