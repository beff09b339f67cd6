// MARK: - Assignment
//
// Targets are a name, or a chain of `.field` / `[index]` rooted at a name. The root
// variable is modified in place (through `inout`), so `xs[i] = v`, `r.a.b += 1`,
// `s += "piece"` and `xs += [v]` touch a uniquely held list, record or string without
// copying it. `xs = append(xs, v)` is recognised and done in place too.

/// One step of an assignment target's path, with its index already evaluated.
enum PathKey {
    case field(String)
    case index(Value)
}

extension Compiler {
    func assignment(_ target: Expr, _ op: AssignmentOperator, _ value: Expr, _ range: SourceRange) -> Exec {
        // Flatten `a.b[c].d` into the root name and its path.
        var steps: [(kind: PathStepKind, range: SourceRange)] = []
        var node = target
        while true {
            if case .member(let base, let name) = node.kind {
                steps.append((.field(name.name), node.range))
                node = base
            } else if case .index(let base, let index) = node.kind {
                steps.append((.index(index), node.range))
                node = base
            } else {
                break
            }
        }
        steps.reverse()
        guard case .name(let rootName) = node.kind else {
            resolver.error("cannot assign to this expression", target.range)
            return { _ in .normal }
        }
        let indexEvals: [Eval?] = steps.map {
            if case .index(let e) = $0.kind { return expression(e) }
            return nil
        }
        if let special = appendInPlace(rootName, op, steps.isEmpty, value) { return special }
        let rhs = expression(value)
        guard let binding = resolver.lookup(rootName, at: node.range) else { return { _ in .normal } }
        if !binding.mutable {
            resolver.error("cannot assign to constant '\(rootName)'", node.range,
                           notes: binding.range.map { [Diagnostic.Note(message: "'\(rootName)' is declared with 'let' here", range: $0)] } ?? [])
        }
        let address = binding.address
        if steps.isEmpty {
            if op == .assign { return initializerKeepingCell(address, rhs) }
            if case .slot(let i) = address {
                return { a in
                    let v = try rhs(a)
                    if case .number(let x) = a.slots[i], case .number(let y) = v {
                        switch op {
                        case .add: a.slots[i] = .number(x + y)
                        case .subtract: a.slots[i] = .number(x - y)
                        case .multiply: a.slots[i] = .number(x * y)
                        case .divide: a.slots[i] = .number(x / y)
                        case .assign: a.slots[i] = v
                        }
                        return .normal
                    }
                    try Operators.compound(op, &a.slots[i], v, range)
                    return .normal
                }
            }
            return modify(address) { a, root in
                let v = try rhs(a)
                if case .number(let x) = root, case .number(let y) = v {
                    switch op {
                    case .add: root = .number(x + y)
                    case .subtract: root = .number(x - y)
                    case .multiply: root = .number(x * y)
                    case .divide: root = .number(x / y)
                    case .assign: root = v
                    }
                    return
                }
                try Operators.compound(op, &root, v, range)
            }
        }
        let kinds = steps
        return modify(address) { a, root in
            var keys: [(PathKey, SourceRange)] = []
            keys.reserveCapacity(kinds.count)
            for (i, step) in kinds.enumerated() {
                switch step.kind {
                case .field(let name): keys.append((.field(name), step.range))
                case .index:
                    if let e = indexEvals[i] { keys.append((.index(try e(a)), step.range)) }
                }
            }
            let v = try rhs(a)
            try Compiler.update(&root, keys[...], op: op) { leaf in
                try Operators.compound(op, &leaf, v, range)
            }
        }
    }

    /// What a path step is before evaluation.
    enum PathStepKind {
        case field(String)
        case index(Expr)
    }

    /// Assigns a variable that already exists (a captured one keeps its cell).
    func initializerKeepingCell(_ address: Address, _ eval: @escaping Eval) -> Exec {
        if case .cell(let i) = address {
            return { a in
                let v = try eval(a)
                if let cell = a.cells[i] { cell.value = v } else { a.cells[i] = Cell(v) }
                return .normal
            }
        }
        return initializer(address, eval)
    }

    /// Runs `body` on the variable's storage in place.
    func modify(_ address: Address, _ body: @escaping (Activation, inout Value) throws -> Void) -> Exec {
        switch address {
        case .slot(let i):
            return { a in
                try body(a, &a.slots[i])
                return .normal
            }
        case .cell(let i):
            return { a in
                let cell = a.cells[i] ?? Cell(.null)
                a.cells[i] = cell
                try body(a, &cell.ref.pointee)
                return .normal
            }
        case .upvalue(let i):
            return { a in
                let cell = a.function.upvalues[i]
                try body(a, &cell.ref.pointee)
                return .normal
            }
        case .global(let cell):
            return { a in
                try body(a, &cell.ref.pointee)
                return .normal
            }
        }
    }

    /// Walks the path inside `value`, detaching each container while its child is
    /// modified so copy-on-write sees a unique reference and mutates in place.
    static func update(_ value: inout Value, _ path: ArraySlice<(PathKey, SourceRange)>, op: AssignmentOperator,
                       _ leaf: (inout Value) throws -> Void) throws {
        guard let (key, range) = path.first else {
            try leaf(&value)
            return
        }
        let rest = path.dropFirst()
        let creating = op == .assign && rest.isEmpty
        // Bind the container with `if case` (not a tuple switch, which would keep a
        // second reference alive and force a copy).
        if case .list(var items) = value {
            guard case .index(let index) = key else {
                if case .field(let name) = key { throw ScriptError("attempt to set field '\(name)' of a list value", range) }
                return
            }
            let i = try Operators.listIndex(index, count: items.count, range)
            value = .null
            defer { value = .list(items) }
            try update(&items[i], rest, op: op, leaf)
            return
        }
        if case .record(var fields) = value {
            let name: String
            switch key {
            case .field(let n): name = n
            case .index(.string(let n)): name = n
            case .index(let other): throw ScriptError("record key must be a string, got \(other.typeName)", range)
            }
            value = .null
            defer { value = .record(fields) }
            guard var child = fields.removeValue(forKey: name) ?? (creating ? .null : nil) else {
                throw ScriptError("record has no field '\(name)'", range)
            }
            defer { fields[name] = child }
            try update(&child, rest, op: op, leaf)
            return
        }
        if case .vector(var v) = value, case .field(let name) = key, name == "x" || name == "y" {
            var component = Value.number(name == "x" ? v.x : v.y)
            try update(&component, rest, op: op, leaf)
            guard case .number(let d) = component else {
                throw ScriptError("vector component must be a number, got \(component.typeName)", range)
            }
            if name == "x" { v.x = d } else { v.y = d }
            value = .vector(v)
            return
        }
        switch key {
        case .field(let name):
            if case .vector = value { throw ScriptError("vector has no field '\(name)' (only 'x' and 'y')", range) }
            throw ScriptError("attempt to set field '\(name)' of a \(value.typeName) value", range)
        case .index:
            throw ScriptError("attempt to index a \(value.typeName) value", range)
        }
    }

    /// `xs = append(xs, v)` with the native `append`: appends in place (amortised O(1)).
    func appendInPlace(_ name: String, _ op: AssignmentOperator, _ isPlainName: Bool, _ value: Expr) -> Exec? {
        guard op == .assign, isPlainName,
              case .call(let callee, let args, nil) = value.kind, case .name("append") = callee.kind,
              args.count == 2, args.allSatisfy({ $0.label == nil }),
              case .name(let first) = args[0].value.kind, first == name,
              isBuiltin("append", at: callee.range),
              let binding = resolver.peek(name), binding.mutable else { return nil }
        let element = expression(args[1].value)
        let range = value.range
        return modify(binding.address) { a, root in
            let v = try element(a)
            guard case .list(var items) = root else {
                throw ScriptError("bad argument #1 to 'append' (list expected, got \(root.typeName))", range)
            }
            root = .null
            items.append(v)
            root = .list(items)
        }
    }
}
