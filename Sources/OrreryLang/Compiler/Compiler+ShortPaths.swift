// MARK: - Short assignment paths
//
// `xs[i] -= v`, `r.f += v`, `bodies[i].vx -= v`, `grid[i][j] = v`: a path of one or two
// steps on a local or top-level variable is the common shape of a script's updates.
// These compile to closures that keep the evaluated keys in locals (no array of keys
// per run), open the variable's storage in place and do the number case inline.

/// A path step as compiled: a field name, or the closure of an index.
enum KeyEval {
    case field(FieldSite)
    /// In a box: a closure held directly in an enum's payload is called through
    /// reabstraction thunks.
    case index(EvalBox)

    /// The step with its index evaluated.
    @inline(__always)
    func evaluate(_ a: Activation) throws -> PathKey {
        switch self {
        case .field(let site): return .field(site)
        case .index(let e): return .index(try e.run(a))
        }
    }
}

/// The variable a short path starts from: a frame slot, or a top-level variable's cell.
struct PathRoot {
    let slot: Int
    let cell: Cell?

    /// Where the variable's value is stored in frame `a`.
    @inline(__always)
    func pointer(_ a: Activation) -> UnsafeMutablePointer<Value> {
        if let cell { return cell.ref }
        return a.slots + slot
    }
}

extension Compiler {
    /// The closure for `root STEP op= v` or `root STEP STEP op= v` where root is a frame
    /// slot or a top-level variable; nil for other shapes (the general path handles them).
    /// Indices are evaluated in order, then the value, then the variable is opened, as on
    /// the general path. The common shapes (`xs[i] op= v`, `r.f op= v`, `xs[i].f op= v`,
    /// `grid[i][j] op= v`) first try `Compiler.quick…`, which updates uniquely held storage
    /// in place with no retain, release or `PathKey`; whatever they decline (a shared list,
    /// a shape the site has not seen, a string, an error) goes the general way.
    func shortPathAssignment(_ address: Address, _ steps: [(kind: PathStepKind, range: SourceRange)],
                             _ indexEvals: [EvalBox?], _ rhs: @escaping Eval, _ op: AssignmentOperator,
                             _ site: GrowthSite) -> Exec? {
        guard steps.count == 1 || steps.count == 2 else { return nil }
        let root: PathRoot
        switch address {
        case .slot(let i): root = PathRoot(slot: i, cell: nil)
        case .global(let cell): root = PathRoot(slot: 0, cell: cell)
        case .cell, .upvalue: return nil
        }
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
            let r0 = steps[0].range
            switch keys[0] {
            case .index(let box0):
                let e0 = box0.run
                return { a in
                    let i0 = try e0(a)
                    let v = try rhs(a)
                    let p = root.pointer(a)
                    if Compiler.quickElement(p, i0, op, v) { return .normal }
                    try Compiler.open(&p.pointee, .index(i0), r0, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                    return .normal
                }
            case .field(let f0):
                return { a in
                    let v = try rhs(a)
                    let p = root.pointer(a)
                    if Compiler.quickField(p, f0, op, v) { return .normal }
                    try Compiler.open(&p.pointee, .field(f0), r0, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                    return .normal
                }
            }
        }
        let r0 = steps[0].range, r1 = steps[1].range
        switch (keys[0], keys[1]) {
        case (.index(let box0), .field(let f1)):
            let e0 = box0.run
            return { a in
                let i0 = try e0(a)
                let v = try rhs(a)
                let p = root.pointer(a)
                if Compiler.quickElementField(p, i0, f1, op, v) { return .normal }
                try Compiler.open(&p.pointee, .index(i0), r0, creating: false, memory: memory) { inner in
                    try Compiler.open(&inner, .field(f1), r1, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                }
                return .normal
            }
        case (.index(let box0), .index(let box1)):
            let e0 = box0.run, e1 = box1.run
            return { a in
                let i0 = try e0(a)
                let i1 = try e1(a)
                let v = try rhs(a)
                let p = root.pointer(a)
                if Compiler.quickElementElement(p, i0, i1, op, v) { return .normal }
                try Compiler.open(&p.pointee, .index(i0), r0, creating: false, memory: memory) { inner in
                    try Compiler.open(&inner, .index(i1), r1, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                }
                return .normal
            }
        default:
            let k0 = keys[0], k1 = keys[1]
            return { a in
                let p0 = try k0.evaluate(a)
                let p1 = try k1.evaluate(a)
                let v = try rhs(a)
                let p = root.pointer(a)
                try Compiler.open(&p.pointee, p0, r0, creating: false, memory: memory) { inner in
                    try Compiler.open(&inner, p1, r1, creating: creating, memory: memory) { place in
                        try Compiler.compound(op, inPlace: &place, v, site)
                    }
                }
                return .normal
            }
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

// MARK: - Updates in place without reference counting
//
// Each `quick…` function updates storage reached from a variable when everything is
// ordinary: a list holding its buffer alone, a whole-number index in range, a uniquely
// held record whose shape the site has cached, and `=` or arithmetic on two numbers. It
// moves the container out of its place (no retain), updates it, moves it back, and
// returns true; otherwise it changes nothing visible and returns false, and the caller
// takes the general path, which copies shared storage and reports errors. Nothing here
// calls code the optimiser cannot see (that would make it retain what it reads).

extension Compiler {
    /// `*place op= v` for `=` (any value) and arithmetic on two numbers; false otherwise.
    @inline(__always)
    static func quickCompound(_ op: AssignmentOperator, _ place: UnsafeMutablePointer<Value>, _ v: Value) -> Bool {
        if op == .assign {
            place.pointee = v
            return true
        }
        guard case .number(let x) = place.pointee, case .number(let y) = v else { return false }
        switch op {
        case .add: place.pointee = .number(x + y)
        case .subtract: place.pointee = .number(x - y)
        case .multiply: place.pointee = .number(x * y)
        case .divide: place.pointee = .number(x / y)
        case .assign: place.pointee = v
        }
        return true
    }

    /// Moves the list out of `place` (which the caller checked holds one), leaving it uninitialised.
    @inline(__always)
    private static func takeList(_ place: UnsafeMutablePointer<Value>) -> [Value] {
        if case .list(let items) = place.move() { return items }
        return []
    }

    /// Moves the record out of `place` (which the caller checked holds one), leaving it uninitialised.
    @inline(__always)
    private static func takeRecord(_ place: UnsafeMutablePointer<Value>) -> Record {
        if case .record(let r) = place.move() { return r }
        return Record()
    }

    /// `(*place)[index] op= v`.
    @inline(__always)
    static func quickElement(_ place: UnsafeMutablePointer<Value>, _ index: Value, _ op: AssignmentOperator,
                             _ v: Value) -> Bool {
        guard case .list = place.pointee, case .number(let d) = index else { return false }
        var items = takeList(place)
        defer { place.initialize(to: .list(items)) }
        guard let k = wholeIndex(d, count: items.count) else { return false }
        return items.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return quickCompound(op, base + k, v)
        }
    }

    /// `(*place).f op= v`, the field through `site`'s cache.
    @inline(__always)
    static func quickField(_ place: UnsafeMutablePointer<Value>, _ site: FieldSite, _ op: AssignmentOperator,
                           _ v: Value) -> Bool {
        guard case .record = place.pointee else { return false }
        var r = takeRecord(place)
        defer { place.initialize(to: .record(r)) }
        return r.quickUpdate(site) { quickCompound(op, $0, v) }
    }

    /// `(*place)[index].f op= v`.
    @inline(__always)
    static func quickElementField(_ place: UnsafeMutablePointer<Value>, _ index: Value, _ site: FieldSite,
                                  _ op: AssignmentOperator, _ v: Value) -> Bool {
        guard case .list = place.pointee, case .number(let d) = index else { return false }
        var items = takeList(place)
        defer { place.initialize(to: .list(items)) }
        guard let k = wholeIndex(d, count: items.count) else { return false }
        return items.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return quickField(base + k, site, op, v)
        }
    }

    /// `(*place)[i][j] op= v`.
    @inline(__always)
    static func quickElementElement(_ place: UnsafeMutablePointer<Value>, _ i: Value, _ j: Value,
                                    _ op: AssignmentOperator, _ v: Value) -> Bool {
        guard case .list = place.pointee, case .number(let d) = i else { return false }
        var items = takeList(place)
        defer { place.initialize(to: .list(items)) }
        guard let k = wholeIndex(d, count: items.count) else { return false }
        return items.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return quickElement(base + k, j, op, v)
        }
    }
}
