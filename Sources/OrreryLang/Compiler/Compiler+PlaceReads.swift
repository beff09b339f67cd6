// MARK: - Reads in place
//
// `r.f`, `xs[i]` and `xs[i].f` where the variable is a frame slot or a top-level
// variable: the value is read where it is stored, without first copying the list or
// record out of the variable (a copy costs a retain and a release of its storage),
// and the index is computed first when computing it cannot change the variable.

extension Compiler {
    /// Where a plain local or top-level variable expression is stored, if it is one.
    enum Place {
        case slot(Int)
        case global(Cell)
    }

    func place(_ e: Expr) -> Place? {
        if let i = slotIndex(e) { return .slot(i) }
        if let cell = globalRef(e) { return .global(cell) }
        return nil
    }

    /// Whether evaluating `e` can neither change a variable nor run script code: numbers,
    /// strings, plain variables and arithmetic on them.
    func isPure(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .string, .bool, .nil: return true
        case .name: return place(e) != nil
        case .unary(.negate, let x): return isPure(x)
        case .binary(let op, let l, let r):
            switch op {
            case .add, .subtract, .multiply, .divide, .remainder, .power: return isPure(l) && isPure(r)
            default: return false
            }
        default: return false
        }
    }

    /// `r.f` or `xs[i].f` read in place; nil for other shapes.
    func memberInPlace(_ base: Expr, _ field: String, _ range: SourceRange) -> Eval? {
        let site = FieldSite(field)
        if let root = place(base) {
            switch root {
            case .slot(let i):
                return { a in
                    if let v = Compiler.field(site, of: a.slots + i) { return v }
                    return try Operators.member(a.slots[i], site.name, range)
                }
            case .global(let cell):
                return { _ in
                    if let v = Compiler.field(site, of: cell.ref) { return v }
                    return try Operators.member(cell.ref.pointee, site.name, range)
                }
            }
        }
        guard case .index(let listExpr, let indexExpr) = base.kind, let root = place(listExpr), isPure(indexExpr) else {
            return nil
        }
        let ie = expression(indexExpr)
        let indexRange = base.range
        switch root {
        case .slot(let i):
            return { a in
                let iv = try ie(a)
                if let v = Compiler.field(site, ofElement: iv, of: a.slots + i) { return v }
                return try Operators.member(try Operators.index(a.slots[i], iv, indexRange), site.name, range)
            }
        case .global(let cell):
            return { a in
                let iv = try ie(a)
                if let v = Compiler.field(site, ofElement: iv, of: cell.ref) { return v }
                return try Operators.member(try Operators.index(cell.ref.pointee, iv, indexRange), site.name, range)
            }
        }
    }

    /// `xs[i]` read in place; nil for other shapes.
    func indexInPlace(_ base: Expr, _ index: Expr, _ range: SourceRange) -> Eval? {
        guard let root = place(base), isPure(index) else { return nil }
        let ie = expression(index)
        switch root {
        case .slot(let i):
            return { a in
                let iv = try ie(a)
                if let v = Compiler.element(iv, of: a.slots + i) { return v }
                return try Operators.index(a.slots[i], iv, range)
            }
        case .global(let cell):
            return { a in
                let iv = try ie(a)
                if let v = Compiler.element(iv, of: cell.ref) { return v }
                return try Operators.index(cell.ref.pointee, iv, range)
            }
        }
    }

    /// The element at a whole-number index within a list, else nil (the caller's slow
    /// path then reads it or reports the error).
    @inline(__always)
    static func element(_ index: Value, of list: UnsafeMutablePointer<Value>) -> Value? {
        guard case .list(let items) = list.pointee, case .number(let d) = index,
              let k = wholeIndex(d, count: items.count) else { return nil }
        if case .number(let x) = items[k] { return .number(x) }
        return items[k]
    }

    /// `d` as a position in `0 ..< count` when it is a whole number there, else nil.
    /// Inline and free of calls (see `FieldSite.cachedSlot`).
    @inline(__always)
    static func wholeIndex(_ d: Double, count: Int) -> Int? {
        // In range the conversion cannot trap; converting back tests for a fraction.
        guard d >= 0, d < Double(count) else { return nil }
        let k = Int(d)
        return Double(k) == d ? k : nil
    }

    /// The field of the record at a whole-number index within a list, else nil.
    @inline(__always)
    static func field(_ site: FieldSite, ofElement index: Value, of list: UnsafeMutablePointer<Value>) -> Value? {
        if let v = cachedField(site, ofElement: index, of: list) { return v }
        return fieldMissed(site, ofElement: index, of: list)
    }

    /// `field(_:ofElement:of:)` when the site's cache knows the record's shape, else nil.
    @inline(__always)
    static func cachedField(_ site: FieldSite, ofElement index: Value, of list: UnsafeMutablePointer<Value>) -> Value? {
        guard case .list(let items) = list.pointee, case .number(let d) = index,
              let k = wholeIndex(d, count: items.count), case .record(let fields) = items[k] else { return nil }
        return site.readCached(fields)
    }

    @inline(never)
    static func fieldMissed(_ site: FieldSite, ofElement index: Value, of list: UnsafeMutablePointer<Value>) -> Value? {
        guard case .list(let items) = list.pointee, case .number(let d) = index,
              let k = wholeIndex(d, count: items.count), case .record(let fields) = items[k] else { return nil }
        return site.readMissed(fields)
    }

    /// The field of the record stored at `place`, else nil.
    @inline(__always)
    static func field(_ site: FieldSite, of place: UnsafeMutablePointer<Value>) -> Value? {
        if case .record(let fields) = place.pointee, let v = site.readCached(fields) { return v }
        return fieldMissed(site, of: place)
    }

    @inline(never)
    static func fieldMissed(_ site: FieldSite, of place: UnsafeMutablePointer<Value>) -> Value? {
        guard case .record(let fields) = place.pointee else { return nil }
        return site.readMissed(fields)
    }
}
