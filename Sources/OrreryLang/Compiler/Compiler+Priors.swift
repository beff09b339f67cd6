// MARK: - Compiling priors
//
// `prior NAME(s[, prev]) { … }` compiles like a named function whose value the domain
// turns into a prior (`Interpreter.priorFactory`); `correct BODY.FIELD = value` compiles
// to a call of the domain's `Interpreter.correction` (the world records it in the
// running prior).

extension Compiler {
    /// A `prior` declaration: binds NAME to a prior value.
    func priorDeclaration(_ decl: FunctionDecl, _ range: SourceRange) -> Exec {
        guard let name = decl.name else { return { _ in .normal } }
        if !(1...2).contains(decl.parameters.count) {
            resolver.error("a prior takes the state and optionally the previous state, as in 'prior \(name.name)(s)' or 'prior \(name.name)(s, prev)'", decl.range)
        }
        let address = resolver.declare(name, mutable: false)
        resolver.priorDepth += 1
        let make = functionValue(decl, name: name.name)
        resolver.priorDepth -= 1
        let takesPrevious = decl.parameters.count == 2
        let priorName = name.name
        let interp = self.interp
        let range = decl.range
        return initializer(address) { a in
            guard case .function(let f) = try make(a) else { return .null }
            guard let factory = interp.priorFactory else {
                throw ScriptError("priors need a domain that defines them (the world), which is not loaded", range)
            }
            do {
                return try factory(f, priorName, takesPrevious)
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
        }
    }

    /// `correct BODY.FIELD = value`: records a correction in the running prior.
    func correctStatement(_ target: Expr, _ value: Expr, _ range: SourceRange) -> Exec {
        if resolver.priorDepth == 0 {
            resolver.error("'correct' is only allowed inside a prior", range)
        }
        guard case .member(let object, let field) = target.kind else { return { _ in .normal } }
        let evalObject = expression(object)
        let evalValue = expression(value)
        let fieldName = field.name
        let interp = self.interp
        return { a in
            let body = try evalObject(a)
            let v = try evalValue(a)
            guard let correction = interp.correction else {
                throw ScriptError("'correct' needs a domain that defines priors (the world), which is not loaded", range)
            }
            do {
                try correction(body, fieldName, v)
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            return .normal
        }
    }
}
