
// MARK: - Argument checking with Lua's wording
//
// Every native reads its arguments through these helpers so errors read the same
// everywhere: `bad argument #2 to 'f' (number expected, got string)`.

extension Arguments {
    /// Whether the argument at `position` was passed (and is not nil).
    public func has(_ position: Int) -> Bool {
        let i = position - 1
        guard i >= 0, i < values.count, passed(i) else { return false }
        if case .null = values[i] { return false }
        return true
    }

    /// The argument at `position`, or nil when it was not passed.
    public func value(at position: Int) -> Value {
        let i = position - 1
        guard i >= 0, i < values.count, passed(i) else { return .null }
        return values[i]
    }

    /// Reserves `bytes` for a new `what` in the run's memory budget, blaming this call.
    public func reserve(_ bytes: Int, for what: String) throws {
        try interpreter.memory.reserve(bytes, for: what, at: interpreter.currentRange)
    }

    /// Reserves a list of `count` elements (`added` of them new; all when nil) in the
    /// run's memory budget.
    public func reserveList(_ count: Int, added: Int? = nil) throws {
        try interpreter.memory.reserveList(count, added: added, at: interpreter.currentRange)
    }

    /// The error for an argument of the wrong type.
    public func bad(_ position: Int, expected: String) -> NativeError {
        let i = position - 1
        let got: String
        if i >= 0, i < values.count, passed(i) { got = values[i].typeName } else { got = "no value" }
        return NativeError("bad argument #\(position) to '\(function)' (\(expected) expected, got \(got))")
    }

    /// An error about an argument whose type is right but whose value is not.
    public func bad(_ position: Int, _ reason: String) -> NativeError {
        NativeError("bad argument #\(position) to '\(function)' (\(reason))")
    }

    public func number(at position: Int) throws -> Double {
        if case .number(let d) = value(at: position) { return d }
        throw bad(position, expected: "number")
    }

    /// A number that must be a whole number fitting an `Int` (counts, indices).
    public func integer(at position: Int) throws -> Int {
        let d = try number(at: position)
        guard let i = Interpreter.exactInt(d) else { throw bad(position, "number has no integer representation") }
        return i
    }

    /// A whole number in `bounds` (counts, sizes, steps); otherwise an error naming the
    /// argument and the allowed range. Never traps on NaN, infinities or huge values.
    public func integer(at position: Int, in bounds: ClosedRange<Int>, name: String) throws -> Int {
        let d = try number(at: position)
        guard let i = Interpreter.int(d, in: bounds) else {
            throw bad(position, Interpreter.intRangeMessage(name, bounds, got: d))
        }
        return i
    }

    public func optionalNumber(at position: Int) throws -> Double? {
        has(position) ? try number(at: position) : nil
    }

    public func string(at position: Int) throws -> String {
        if case .string(let s) = value(at: position) { return s }
        throw bad(position, expected: "string")
    }

    public func bool(at position: Int) throws -> Bool {
        if case .bool(let b) = value(at: position) { return b }
        throw bad(position, expected: "bool")
    }

    public func vector(at position: Int) throws -> Vec2 {
        if case .vector(let v) = value(at: position) { return v }
        throw bad(position, expected: "vector")
    }

    /// A point: a vector, or a host object that has one as its `position` (a domain's body),
    /// so `distance(a, c)` works on bodies without the core knowing what a body is.
    public func point(at position: Int) throws -> Vec2 {
        switch value(at: position) {
        case .vector(let v): return v
        case .object(let o):
            if case .vector(let v)? = try o.member("position") { return v }
        default: break
        }
        throw bad(position, expected: "vector")
    }

    public func list(at position: Int) throws -> [Value] {
        if case .list(let l) = value(at: position) { return l }
        throw bad(position, expected: "list")
    }

    public func record(at position: Int) throws -> Record {
        if case .record(let r) = value(at: position) { return r }
        throw bad(position, expected: "record")
    }

    /// A script function or native, returned as a value to pass to `call`.
    public func function(at position: Int) throws -> Value {
        let v = value(at: position)
        switch v {
        case .function, .native: return v
        default: throw bad(position, expected: "function")
        }
    }

    /// A host object of a given class; `expected` names it in the error (`"scene"`).
    public func object<T: HostObject>(at position: Int, as type: T.Type, expected: String) throws -> T {
        if case .object(let o) = value(at: position), let t = o as? T { return t }
        throw bad(position, expected: expected)
    }

    /// A list of numbers.
    public func numbers(at position: Int) throws -> [Double] {
        let items = try list(at: position)
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .number(let d) = item else {
                throw bad(position, "list of numbers expected, found \(item.typeName)")
            }
            out.append(d)
        }
        return out
    }
}
