// A compact S-expression rendering of the AST, for tests, snapshots and debugging:
// `1 + 2 * x` prints as `(+ 1 (* 2 x))`.

extension Program {
    /// One S-expression per top-level statement, one per line.
    public var sExpression: String {
        statements.map(\.sExpression).joined(separator: "\n")
    }
}

extension Block {
    /// `{s1 s2 …}`
    public var sExpression: String {
        "{" + statements.map(\.sExpression).joined(separator: " ") + "}"
    }
}

extension Stmt {
    /// The statement as an S-expression.
    public var sExpression: String {
        switch kind {
        case .expression(let e): return e.sExpression
        case .binding(let name, let mutable, let value):
            return "(\(mutable ? "var" : "let") \(name.name) \(value.sExpression))"
        case .assign(let target, let op, let value):
            return "(\(op.rawValue) \(target.sExpression) \(value.sExpression))"
        case .if(let condition, let then, let elseBranch):
            var s = "(if \(condition.sExpression) \(then.sExpression)"
            if let elseBranch { s += " else \(elseBranch.sExpression)" }
            return s + ")"
        case .while(let condition, let body):
            return "(while \(condition.sExpression) \(body.sExpression))"
        case .for(let variable, let sequence, let body):
            return "(for \(variable.name) \(sequence.sExpression) \(body.sExpression))"
        case .break: return "(break)"
        case .continue: return "(continue)"
        case .return(let value):
            return value.map { "(return \($0.sExpression))" } ?? "(return)"
        case .function(let decl): return decl.sExpression
        case .prior(let decl): return "(prior " + decl.sExpression + ")"
        case .correct(let target, let value): return "(correct \(target.sExpression) \(value.sExpression))"
        case .import(let path): return "(import \(StringLiteral.quoted(path)))"
        case .test(let name, let body, let sweep):
            guard let sweep else { return "(test \(StringLiteral.quoted(name)) \(body.sExpression))" }
            var head = "(for \(sweep.variable.name) \(sweep.samples.sExpression))"
            if let t = sweep.threshold { head += " (rate \(sweep.strict ? ">" : ">=") \(t.sExpression))" }
            return "(test \(StringLiteral.quoted(name)) \(head) \(body.sExpression))"
        case .expect(let condition, let message):
            return "(expect \(condition.sExpression)" + (message.map { " \($0.sExpression)" } ?? "") + ")"
        case .assume(let condition): return "(assume \(condition.sExpression))"
        case .show(let e): return "(show \(e.sExpression))"
        case .sceneEntry(let entry): return entry.sExpression
        case .require(let condition, let probability):
            if let probability { return "(require[\(probability.sExpression)] \(condition.sExpression))" }
            return "(require \(condition.sExpression))"
        }
    }
}

extension SceneEntry {
    /// `(ball "a" (at (vec 1 0.5)) (static))`; a positional value is printed bare.
    public var sExpression: String {
        var parts = [kind.name]
        if let name { parts.append(name.sExpression) }
        if let positional { parts.append(positional.sExpression) }
        for property in properties {
            parts.append("(" + property.key.name + (property.value.map { " " + $0.sExpression } ?? "") + ")")
        }
        return "(" + parts.joined(separator: " ") + ")"
    }
}

extension FunctionDecl {
    /// `(fn NAME (a (b 2)) {…})`
    public var sExpression: String {
        let params = parameters.map { p in
            p.defaultValue.map { "(\(p.name.name) \($0.sExpression))" } ?? p.name.name
        }
        let head = name.map { "fn \($0.name)" } ?? "fn"
        return "(\(head) (\(params.joined(separator: " "))) \(body.sExpression))"
    }
}

extension Expr {
    /// The expression as an S-expression.
    public var sExpression: String {
        switch kind {
        case .number(let v): return formatNumber(v)
        case .string(let s): return StringLiteral.quoted(s)
        case .interpolated(let parts):
            let rendered = parts.map { part -> String in
                switch part {
                case .text(let t): return StringLiteral.quoted(t)
                case .expr(let e): return e.sExpression
                }
            }
            return "(str " + rendered.joined(separator: " ") + ")"
        case .bool(let b): return b ? "true" : "false"
        case .nil: return "nil"
        case .name(let n): return n
        case .vector(let x, let y): return "(vec \(x.sExpression) \(y.sExpression))"
        case .list(let elements): return "(list" + elements.map { " " + $0.sExpression }.joined() + ")"
        case .record(let fields):
            return "(record" + fields.map { " (\(recordKey($0.key.name)) \($0.value.sExpression))" }.joined() + ")"
        case .unary(let op, let e): return "(\(op.rawValue) \(e.sExpression))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(l.sExpression) \(r.sExpression))"
        case .logical(let op, let l, let r): return "(\(op.rawValue) \(l.sExpression) \(r.sExpression))"
        case .approx(let l, let r, let tolerance):
            return "(~= \(l.sExpression) \(r.sExpression)" + (tolerance.map { " within \($0.sExpression)" } ?? "") + ")"
        case .call(let callee, let arguments, let trailingBlock):
            var s = "(call \(callee.sExpression)"
            for argument in arguments {
                if let label = argument.label {
                    s += " (\(label.name): \(argument.value.sExpression))"
                } else {
                    s += " " + argument.value.sExpression
                }
            }
            if let trailingBlock { s += " " + trailingBlock.sExpression }
            return s + ")"
        case .member(let base, let name): return "(. \(base.sExpression) \(name.name))"
        case .index(let base, let index): return "([] \(base.sExpression) \(index.sExpression))"
        case .function(let decl): return decl.sExpression
        case .scene(let name, let body): return "(scene \(name.sExpression) \(body.sExpression))"
        }
    }
}

/// Integers print without a fraction; everything else as Swift prints doubles.
private func formatNumber(_ v: Double) -> String {
    if v.isFinite && v == v.rounded() && abs(v) < 1e15 {
        return String(Int64(v))
    }
    return "\(v)"
}

private func recordKey(_ key: String) -> String {
    let simple = !key.isEmpty && key.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    return simple ? key : StringLiteral.quoted(key)
}
