// MARK: - Short assignment paths
//
// `xs[i] -= v`, `r.f += v`, `bodies[i].vx -= v`, `grid[i][j] = v`: a path of one or two
// steps on a local or top-level variable is the common shape of a script's updates.
// These compile to closures that keep the evaluated keys in locals (no array of keys
// per run), open the variable's storage in place and do the number case inline.

/// A path step as compiled: a field name, or the closure of an index.
enum KeyEval {
    case field(FieldSite)
    case index(Eval)

    /// The step with its index evaluated.
    @inline(__always)
    func evaluate(_ a: Activation) throws -> PathKey {
        switch self {
        case .field(let site): return .field(site)
        case .index(let e): return .index(try e(a))
        }
    }
}

extension Compiler {
    /// The closure for `root STEP op= v` or `root STEP STEP op= v` where root is a frame
    /// slot or a top-level variable; nil for other shapes (the general path handles them).
    /// Indices are evaluated in order, then the value, then the variable is opened, as on
    /// the general path.
    func shortPathAssignment(_ address: Address, _ steps: [(kind: PathStepKind, range: SourceRange)],
                             _ indexEvals: [Eval?], _ rhs: @escaping Eval, _ op: AssignmentOperator,
                             _ site: GrowthSite) -> Exec? {
        guard steps.count == 1 || steps.count == 2 else { return nil }
        var keys: [KeyEval] = []
        for (i, step) in steps.enumerated() {
            switch step.kind {
            case .field(let name): keys.append(.field(FieldSite(name)))
            case .index:
                guard let e = indexEvals[i] else { return nil }
                keys.append(.index(e))
            }
        }
        let memory = site.memory
        // Only the last step may create a record's field, and only by `=`.
        let creating = op == .assign
        if steps.count == 1 {
            let k0 = keys[0], r0 = steps[0].range
            switch address {
            case .slot(let i):
                return { a in
                    let p0 = try k0.evaluate(a)
                    let v = try rhs(a)
                    try Compiler.open(&(a.slots + i).pointee, p0, r0, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                    return .normal
                }
            case .global(let cell):
                return { a in
                    let p0 = try k0.evaluate(a)
                    let v = try rhs(a)
                    try Compiler.open(&cell.ref.pointee, p0, r0, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                    return .normal
                }
            case .cell, .upvalue:
                return nil
            }
        }
        let k0 = keys[0], r0 = steps[0].range, k1 = keys[1], r1 = steps[1].range
        switch address {
        case .slot(let i):
            return { a in
                let p0 = try k0.evaluate(a)
                let p1 = try k1.evaluate(a)
                let v = try rhs(a)
                try Compiler.open(&(a.slots + i).pointee, p0, r0, creating: false, memory: memory) { inner in
                    try Compiler.open(&inner, p1, r1, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                }
                return .normal
            }
        case .global(let cell):
            return { a in
                let p0 = try k0.evaluate(a)
                let p1 = try k1.evaluate(a)
                let v = try rhs(a)
                try Compiler.open(&cell.ref.pointee, p0, r0, creating: false, memory: memory) { inner in
                    try Compiler.open(&inner, p1, r1, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                }
                return .normal
            }
        case .cell, .upvalue:
            return nil
        }
    }

    /// `place op= v`, with the number case inline (assignment included).
    @inline(__always)
    static func compound(_ op: AssignmentOperator, inPlace place: inout Value, _ v: Value,
                         _ site: GrowthSite) throws {
        if op == .assign {
            place = v
            return
        }
        if case .number(let x) = place, case .number(let y) = v {
            switch op {
            case .add: place = .number(x + y)
            case .subtract: place = .number(x - y)
            case .multiply: place = .number(x * y)
            case .divide: place = .number(x / y)
            case .assign: place = v
            }
            return
        }
        try compoundSlowly(op, &place, v, site)
    }

    /// Everything but numbers and plain assignment, out of line.
    @inline(never)
    static func compoundSlowly(_ op: AssignmentOperator, _ place: inout Value, _ v: Value,
                               _ site: GrowthSite) throws {
        try Operators.compound(op, &place, v, site.range, site.memory)
    }
}
