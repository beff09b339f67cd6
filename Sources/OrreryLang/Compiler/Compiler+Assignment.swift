// MARK: - Assignment
//
// Targets are a name, or a chain of `.field` / `[index]` rooted at a name. The root
// variable is modified in place (through `inout`), so `xs[i] = v`, `r.a.b += 1`,
// `s += "piece"` and `xs += [v]` touch a uniquely held list, record or string without
// copying it. `xs = append(xs, v)` is recognised and done in place too.

/// One step of an assignment target's path, with its index already evaluated.
enum PathKey {
    /// A field by name, with the site that caches where the name sits in a record's shape.
    case field(FieldSite)
    case index(Value)
}

extension Compiler {
    /// With `appending`, the statement is `target = append(target, element)` and is done
    /// in place: the element is evaluated first, then appended to the list at the target.
    func assignment(_ target: Expr, _ op: AssignmentOperator, _ value: Expr, _ range: SourceRange,
                    appending: Eval? = nil) -> Exec {
        let memory = interp.memory
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
        if bodyKind == .trailingBlock, resolver.peek(rootName) == nil {
            return edit(root: rootName, steps: steps, op: op, value: value, range: range)
        }
        if appending == nil, let special = appendInPlace(target, op, value) { return special }
        let indexEvals: [EvalBox?] = steps.map {
            if case .index(let e) = $0.kind { return EvalBox(run: expression(e)) }
            return nil
        }
        // `xs += [v]` on a plain variable appends v itself: no one-element list is built.
        var singleElement: Eval?
        if appending == nil, steps.isEmpty, op == .add, case .list(let items) = value.kind, items.count == 1 {
            singleElement = expression(items[0])
        }
        let rhs: Eval
        if let appending {
            rhs = appending
        } else if let element = singleElement {
            rhs = { a in .list([try element(a)]) }
        } else {
            rhs = expression(value)
        }
        let appendRange = value.range
        let leaf: (inout Value, Value) throws -> Void = appending == nil
            ? { place, v in try Operators.compound(op, &place, v, range, memory) }
            : { place, v in
                guard case .list(var items) = place else {
                    throw ScriptError("bad argument #1 to 'append' (list expected, got \(place.typeName))", appendRange)
                }
                if items.count >= memory.maxListCount || items.count == items.capacity {
                    try memory.reserveAppend(to: items.count, at: appendRange)
                }
                place = .null
                items.append(v)
                place = .list(items)
            }
        guard let binding = resolver.lookup(rootName, at: node.range) else { return { _ in .normal } }
        if !binding.mutable {
            // In a trailing block `b.mass = 10` edits body b, unless a variable b hides it.
            let hidden = bodyKind == .trailingBlock && !steps.isEmpty
                ? " (the variable hides the body '\(rootName)' in this block; rename the variable to edit the body)" : ""
            resolver.error("cannot assign to constant '\(rootName)'" + hidden, node.range,
                           notes: binding.range.map { [Diagnostic.Note(message: "'\(rootName)' is declared with 'let' here", range: $0)] } ?? [])
        }
        let address = binding.address
        if steps.isEmpty, appending != nil {
            return modify(address, prepare: { a in Prepared(keys: [], value: try rhs(a)) }) { root, p in
                try leaf(&root, p.value)
            }
        }
        if steps.isEmpty {
            if op == .assign { return initializerKeepingCell(address, rhs) }
            let site = GrowthSite(range: range, memory: memory)
            if let element = singleElement {
                switch address {
                case .slot(let i):
                    return { a in
                        let v = try element(a)
                        try Compiler.appendOne(a.slots + i, v, site)
                        return .normal
                    }
                case .global(let cell):
                    return { a in
                        let v = try element(a)
                        try Compiler.appendOne(cell.ref, v, site)
                        return .normal
                    }
                case .cell, .upvalue:
                    break
                }
            }
            // `x op= v` on a plain variable: evaluate v, then update the storage in place.
            switch address {
            case .slot(let i):
                return { a in
                    let v = try rhs(a)
                    try Compiler.compound(op, a.slots + i, v, site)
                    return .normal
                }
            case .cell(let i):
                return { a in
                    let v = try rhs(a)
                    let cell = a.cells[i] ?? Cell(.null)
                    a.cells[i] = cell
                    try Compiler.compound(op, cell.ref, v, site)
                    return .normal
                }
            case .upvalue(let i):
                return { a in
                    let v = try rhs(a)
                    try Compiler.compound(op, Compiler.upvalueStorage(a, i), v, site)
                    return .normal
                }
            case .global(let cell):
                return { a in
                    let v = try rhs(a)
                    try Compiler.compound(op, cell.ref, v, site)
                    return .normal
                }
            }
        }
        let kinds = steps
        let sites: [FieldSite?] = steps.map {
            if case .field(let name) = $0.kind { return FieldSite(name) }
            return nil
        }
        if appending == nil,
           let short = shortPathAssignment(address, steps, indexEvals, rhs, op, GrowthSite(range: range, memory: memory)) {
            return short
        }
        // Indices and the value are evaluated before the variable is opened for update,
        // so they may read it (`xs[len(xs) - 1] = 0`).
        return modify(address, prepare: { a in
            var keys: [(PathKey, SourceRange)] = []
            keys.reserveCapacity(kinds.count)
            for (i, step) in kinds.enumerated() {
                if let site = sites[i] {
                    keys.append((.field(site), step.range))
                } else if let e = indexEvals[i] {
                    keys.append((.index(try e.run(a)), step.range))
                }
            }
            return Prepared(keys: keys, value: try rhs(a))
        }) { root, p in
            try Compiler.update(&root, p.keys[...], op: op, memory: memory) { place in try leaf(&place, p.value) }
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

    /// `*place op= v`, with the number case inline.
    @inline(__always)
    static func compound(_ op: AssignmentOperator, _ place: UnsafeMutablePointer<Value>, _ v: Value,
                         _ site: GrowthSite) throws {
        if case .number(let x) = place.pointee, case .number(let y) = v {
            switch op {
            case .add: place.pointee = .number(x + y)
            case .subtract: place.pointee = .number(x - y)
            case .multiply: place.pointee = .number(x * y)
            case .divide: place.pointee = .number(x / y)
            case .assign: place.pointee = v
            }
            return
        }
        try compoundSlowly(op, place, v, site)
    }

    /// Everything but numbers. Kept out of line so the closures that inline `compound`
    /// need no stack frame for the site's range on their fast path.
    @inline(never)
    static func compoundSlowly(_ op: AssignmentOperator, _ place: UnsafeMutablePointer<Value>, _ v: Value,
                               _ site: GrowthSite) throws {
        try Operators.compound(op, &place.pointee, v, site.range, site.memory)
    }

    /// An assignment's evaluated parts: the path's keys and the value.
    struct Prepared {
        var keys: [(PathKey, SourceRange)]
        var value: Value
    }

    /// Evaluates `prepare`, then runs `body` on the variable's storage in place.
    func modify(_ address: Address, prepare: @escaping (Activation) throws -> Prepared,
                _ body: @escaping (inout Value, Prepared) throws -> Void) -> Exec {
        switch address {
        case .slot(let i):
            return { a in
                let p = try prepare(a)
                try body(&a.slots[i], p)
                return .normal
            }
        case .cell(let i):
            return { a in
                let p = try prepare(a)
                let cell = a.cells[i] ?? Cell(.null)
                a.cells[i] = cell
                try body(&cell.ref.pointee, p)
                return .normal
            }
        case .upvalue(let i):
            return { a in
                let p = try prepare(a)
                let cell = a.function.upvalues[i]
                try body(&cell.ref.pointee, p)
                return .normal
            }
        case .global(let cell):
            return { a in
                let p = try prepare(a)
                try body(&cell.ref.pointee, p)
                return .normal
            }
        }
    }

    /// Walks the path inside `value`, detaching each container while its child is
    /// modified so copy-on-write sees a unique reference and mutates in place.
    static func update(_ value: inout Value, _ path: ArraySlice<(PathKey, SourceRange)>, op: AssignmentOperator,
                       memory: MemoryBudget? = nil, _ leaf: (inout Value) throws -> Void) throws {
        guard let (key, range) = path.first else {
            try leaf(&value)
            return
        }
        let rest = path.dropFirst()
        try open(&value, key, range, creating: op == .assign && rest.isEmpty, memory: memory) { child in
            try update(&child, rest, op: op, memory: memory, leaf)
        }
    }

    /// One step of an assignment path: runs `body` on the element or field `key` of
    /// `value` in place. The container is detached from `value` while `body` runs, so
    /// copy-on-write sees a unique reference; a record's field is found through the
    /// site's cached slot (or the shape) and updated in its values array. With
    /// `creating`, a missing field is added at the end (the budget allowing) instead of failing.
    @inline(__always)
    static func open(_ value: inout Value, _ key: PathKey, _ range: SourceRange, creating: Bool,
                     memory: MemoryBudget?, _ body: (inout Value) throws -> Void) throws {
        // Bind the container with `if case` (not a tuple switch, which would keep a
        // second reference alive and force a copy).
        if case .list(var items) = value, case .index(let index) = key {
            let i = try Operators.listIndex(index, count: items.count, range)
            value = .null
            defer { value = .list(items) }
            try body(&items[i])
            return
        }
        if case .record(var fields) = value {
            let slot: Int?
            switch key {
            case .field(let site): slot = fields.slot(for: site)
            case .index(.string(let n)): slot = fields.shape.slot(of: n)
            case .index(let other): throw ScriptError("record key must be a string, got \(other.typeName)", range)
            }
            value = .null
            defer { value = .record(fields) }
            if let slot {
                try fields.modify(at: slot, body)
                return
            }
            try addField(&fields, key, creating: creating, memory: memory, range, body)
            return
        }
        try openOther(&value, key, range, body)
    }

    /// A field the record does not have: added at the end when `creating` (and the
    /// record with it fits the budget), else the missing-field error.
    @inline(never)
    static func addField(_ fields: inout Record, _ key: PathKey, creating: Bool, memory: MemoryBudget?,
                         _ range: SourceRange, _ body: (inout Value) throws -> Void) throws {
        let name: String
        switch key {
        case .field(let site): name = site.name
        case .index(.string(let n)): name = n
        case .index(let other): throw ScriptError("record key must be a string, got \(other.typeName)", range)
        }
        guard creating else { throw Operators.missingField(name, in: fields, range) }
        if let memory {
            try memory.reserve((fields.count + 1) &* MemoryBudget.fieldBytes, growth: MemoryBudget.fieldBytes,
                               for: "record", at: range)
        }
        var child = Value.null
        try body(&child)
        fields.append(name, child)
    }

    /// The steps that are neither a list's element nor a record's field: a vector's
    /// component, or an error.
    static func openOther(_ value: inout Value, _ key: PathKey, _ range: SourceRange,
                          _ body: (inout Value) throws -> Void) throws {
        if case .vector(var v) = value, case .field(let site) = key, site.name == "x" || site.name == "y" {
            let name = site.name
            var component = Value.number(name == "x" ? v.x : v.y)
            try body(&component)
            guard case .number(let d) = component else {
                throw ScriptError("vector component must be a number, got \(component.typeName)", range)
            }
            if name == "x" { v.x = d } else { v.y = d }
            value = .vector(v)
            return
        }
        switch key {
        case .field(let site):
            let name = site.name
            if case .vector = value { throw ScriptError("vector has no field '\(name)' (only 'x' and 'y')", range) }
            throw ScriptError("attempt to set field '\(name)' of a \(value.typeName) value", range)
        case .index:
            throw ScriptError("attempt to index a \(value.typeName) value", range)
        }
    }

    /// `p = append(p, v)` with the native `append`, where `p` is the target itself
    /// (`xs`, `r.items`, `grid[i]`): appends in place, amortised O(1).
    /// `place += [v]`: appends in place to a list, else exactly what `compound` does
    /// with the one-element list (the same errors).
    @inline(__always)
    static func appendOne(_ place: UnsafeMutablePointer<Value>, _ v: Value, _ site: GrowthSite) throws {
        // The common case inline: a list with room that is far from the budget's limit.
        if case .list(var items) = place.pointee, items.count < items.capacity, items.count < site.maxListCount {
            place.pointee = .null
            items.append(v)
            place.pointee = .list(items)
            return
        }
        try appendChecked(place, v, site)
    }

    /// A list that is full (it moves to a larger buffer) or long (it may not fit) asks
    /// the budget first; anything but a list is what `compound` does with `[v]`.
    @inline(never)
    static func appendChecked(_ place: UnsafeMutablePointer<Value>, _ v: Value, _ site: GrowthSite) throws {
        if case .list(var items) = place.pointee {
            try site.reserveAppend(to: items.count)
            place.pointee = .null
            items.append(v)
            place.pointee = .list(items)
        } else {
            try Operators.compound(.add, &place.pointee, .list([v]), site.range, site.memory)
        }
    }

    func appendInPlace(_ target: Expr, _ op: AssignmentOperator, _ value: Expr) -> Exec? {
        guard op == .assign,
              case .call(let callee, let args, nil) = value.kind, case .name("append") = callee.kind,
              args.count == 2, args.allSatisfy({ $0.label == nil }),
              Compiler.samePath(args[0].value, target),
              isBuiltin("append", at: callee.range) else { return nil }
        return assignment(target, .assign, value, value.range, appending: expression(args[1].value))
    }

    /// Whether two assignment paths name the same place: the same names and fields, and
    /// indices that are the same literal or variable (so evaluating them has no effects).
    static func samePath(_ a: Expr, _ b: Expr) -> Bool {
        switch (a.kind, b.kind) {
        case let (.name(x), .name(y)): return x == y
        case let (.member(p, f), .member(q, g)): return f.name == g.name && samePath(p, q)
        case let (.index(p, i), .index(q, j)):
            guard samePath(p, q) else { return false }
            switch (i.kind, j.kind) {
            case let (.number(x), .number(y)): return x == y
            case let (.string(x), .string(y)): return x == y
            case let (.name(x), .name(y)): return x == y
            default: return false
            }
        default: return false
        }
    }
}

/// Where an assignment may grow a list or a string: its range and the budget that must
/// allow it, in one object so the hot closures capture one reference instead of a range
/// and a budget (every captured value costs each call of the closure).
final class GrowthSite {
    let range: SourceRange
    let memory: MemoryBudget
    /// `memory.maxListCount`, or the length cap when that is lower: appends below it
    /// to a list that is not full need no check.
    let maxListCount: Int
    init(range: SourceRange, memory: MemoryBudget) {
        self.range = range
        self.memory = memory
        maxListCount = min(memory.maxListCount, Operators.maxLength)
    }

    /// Whether a list of `count` elements may grow by one in place here: the length cap
    /// and `MemoryBudget.reserveAppend`. Out of line: reading `range` costs a retain.
    @inline(never)
    func reserveAppend(to count: Int) throws {
        try Operators.checkLength(count, 1, "list", range)
        try memory.reserveAppend(to: count, at: range)
    }
}
