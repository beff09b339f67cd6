// Compiling scene blocks, their entries and `require` lines, and the trailing blocks of
// calls (`intervene(w) { … }`): each runs into the `SceneBuilder` on top of the
// interpreter's stack (Runtime/SceneBlock.swift).

extension Compiler {
    func sceneExpression(_ name: Expr, _ body: Block, _ range: SourceRange) -> Eval {
        facts.declaresScenes = true
        let nameEval = expression(name)
        let make = functionValue(FunctionDecl(name: nil, parameters: [], body: body, range: body.range), name: "scene",
                                 kind: .scene)
        let interp = self.interp
        return { a in
            let n = try nameEval(a)
            guard case .string(let sceneName) = n else {
                throw ScriptError("scene name must be a string, got \(n.typeName)", name.range)
            }
            guard case .function(let f) = try make(a) else { return .null }
            guard let factory = interp.sceneFactory else {
                throw ScriptError("scene blocks need the world bindings, which are not loaded", range)
            }
            do {
                return try factory(sceneName, SceneBody(interpreter: interp, function: f, range: range), range)
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
        }
    }

    func sceneStatement(_ s: Stmt) -> Exec {
        let range = s.range
        let interp = self.interp
        guard bodyKind != .plain else {
            resolver.error("scene entries are only allowed inside a scene block", range)
            return { _ in .normal }
        }
        switch s.kind {
        case .sceneEntry(let entry):
            checkEntry(entry)
            let nameEval = entry.name.map { expression($0) }
            let positionalEval = entry.positional.map { expression($0) }
            // Boxed: a closure kept bare in an array of tuples is stored generically and
            // called through reabstraction thunks.
            let props: [(String, EvalBox?)] = entry.properties.map {
                ($0.key.name, $0.value.map { EvalBox(run: expression($0)) })
            }
            let kind = entry.kind.name
            // `remove x` with a variable `x` in scope still removes the body called "x";
            // the domain is told, so its error can say how to use the variable instead.
            var nameIsAlsoVariable = false
            if entry.nameIsIdentifier, case .string(let word)? = entry.name?.kind {
                nameIsAlsoVariable = resolver.peek(word) != nil
            }
            return { a in
                var name: String?
                if let nameEval {
                    let v = try nameEval(a)
                    guard case .string(let n) = v else {
                        throw ScriptError("\(kind) name must be a string, got \(v.typeName)", range)
                    }
                    name = n
                }
                var properties: [(key: String, value: Value?)] = []
                properties.reserveCapacity(props.count)
                for (key, e) in props { properties.append((key, try e.map { try $0.run(a) })) }
                let evaluated = EvaluatedSceneEntry(kind: kind, name: name, nameIsAlsoVariable: nameIsAlsoVariable,
                                                    positional: try positionalEval.map { try $0(a) },
                                                    properties: properties, range: range)
                guard let builder = interp.sceneBuilders.last else {
                    throw ScriptError("scene entry outside of a running scene or block", range)
                }
                do { try builder.entry(evaluated) } catch let e as NativeError { throw ScriptError(e.message, range) }
                return .normal
            }
        case .require(let condition, let probability):
            let c = expression(condition), p = probability.map { expression($0) }
            return { a in
                let cv = try c(a)
                let pv = try p.map { try $0(a) }
                guard let builder = interp.sceneBuilders.last else {
                    throw ScriptError("'require' outside of a running scene", range)
                }
                do { try builder.require(cv, probability: pv, range: range) } catch let e as NativeError {
                    throw ScriptError(e.message, range)
                }
                return .normal
            }
        default:
            return { _ in .normal }
        }
    }
}

// MARK: - Trailing blocks

extension Compiler {
    /// The block after a call: only natives with a `block` parameter take one; the
    /// block is compiled like a scene body and passed as that argument.
    func trailingBlock(_ block: Block, callee: Expr) -> Eval? {
        guard blockTakingNative(callee) != nil else {
            resolver.error("a block after a call is only accepted by causal operations such as 'intervene'", block.range)
            return nil
        }
        let make = functionValue(FunctionDecl(name: nil, parameters: [], body: block, range: block.range),
                                 name: "block", kind: .trailingBlock)
        unowned(unsafe) let interp = self.interp
        let range = block.range
        return { a in
            guard case .function(let f) = try make(a) else { return .null }
            return .object(SceneBody(interpreter: interp, function: f, range: range))
        }
    }

    /// A bare name that is no variable, inside a scene or trailing block: the body of that
    /// name (declared so far, or in the edited world), looked up when the block runs
    /// (an undefined-variable error if none). `require b.x > a.x` reads this way.
    func blockRead(_ name: String, _ range: SourceRange) -> Eval {
        let interp = self.interp
        // Only the script's names are kept (the built-ins are the interpreter's): the
        // suggestion of a misspelt body or variable when the block runs.
        let variables = resolver.scriptNames()
        return { _ in
            let builder = interp.sceneBuilders.last
            do {
                if let builder, let v = try builder.read(name) { return v }
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            let candidates = variables.union(interp.builtins.keys).union(builder?.readableNames ?? [])
            throw ScriptError("undefined variable '\(name)'" + Suggestions.hint(name, among: candidates), range)
        }
    }

    /// `b.mass = 10` in a trailing block, where `b` is no variable: an edit for the builder.
    func edit(root: String, steps: [(kind: PathStepKind, range: SourceRange)], op: AssignmentOperator,
              value: Expr, range: SourceRange) -> Exec {
        let keys: [EvalBox] = steps.map { step in
            switch step.kind {
            case .field(let name):
                let v = Value.string(name)
                return EvalBox(run: { _ in v })
            case .index(let e):
                return EvalBox(run: expression(e))
            }
        }
        let rhs = expression(value)
        let interp = self.interp
        return { a in
            var path: [Value] = []
            for k in keys { path.append(try k.run(a)) }
            let v = try rhs(a)
            guard let builder = interp.sceneBuilders.last else {
                throw ScriptError("edit outside of a running block", range)
            }
            do {
                try builder.assign(EvaluatedAssignment(target: root, path: path, op: op.rawValue, value: v, range: range))
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            return .normal
        }
    }
}
