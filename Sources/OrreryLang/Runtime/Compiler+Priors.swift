// MARK: - Compiling priors
//
// `prior NAME(s[, prev]) { … }` compiles like a named function whose value is wrapped
// in a prior (`PriorObject`); `correct BODY.FIELD = value` compiles to a call into the
// collector of the prior run the body came from (see Bindings/PriorCollector.swift).

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
        return initializer(address) { a in
            guard case .function(let f) = try make(a) else { return .null }
            return .object(PriorObject(user: f, name: priorName, takesPrevious: takesPrevious))
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
        return { a in
            let body = try evalObject(a)
            let v = try evalValue(a)
            do {
                try PriorCollector.correct(body, field: fieldName, to: v)
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            return .normal
        }
    }
}
