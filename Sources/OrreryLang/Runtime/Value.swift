
/// A runtime value of the scenario language.
///
/// Lists are Swift arrays and records `Record`s (a shared shape of names plus a buffer of values), copy-on-write values:
/// `var b = a; b[0] = 9` never changes `a`, and a list held by a single variable is
/// mutated in place. Functions, natives and host objects are compared by identity.
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    /// The language's `nil` (named `null` so it never collides with `Optional.none`).
    case null
    case vector(Vec2)
    case list([Value])
    /// Fields in the order the script gave them (`Record`); equality ignores the order.
    case record(Record)
    case function(ScriptFunction)
    case native(NativeFunction)
    case object(any HostObject)
}

/// A value provided by the host (scenes, states, rollouts, random generators…).
public protocol HostObject: AnyObject {
    /// The name `type(x)` returns and error messages use.
    var typeName: String { get }
    /// The value of `x.name`, or nil when there is no such member.
    func member(_ name: String) throws -> Value?
    /// Structural equality with another host object (`==`).
    func isEqual(to other: any HostObject) -> Bool
    /// How `print` and the REPL render the object.
    var description: String { get }
    /// The seed that reproduces this value when it was sampled (a scene drawn from a
    /// family), reported beside a statistical test's failed sample; nil by default.
    var reproducingSeed: UInt64? { get }
    /// The names `member` answers, for "did you mean" after a misspelt member
    /// (`r.finall`); empty by default (no suggestion).
    var memberNames: [String] { get }
}

extension HostObject {
    public var reproducingSeed: UInt64? { nil }
    public var memberNames: [String] { [] }
}

// MARK: - Inspection

extension Value {
    /// The name `type(x)` returns: "number", "string", "bool", "nil", "vector", "list",
    /// "record", "function", or a host object's type name.
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .null: return "nil"
        case .vector: return "vector"
        case .list: return "list"
        case .record: return "record"
        case .function, .native: return "function"
        case .object(let o): return o.typeName
        }
    }

    /// Only `false` and `nil` are false.
    @inline(__always) public var isTruthy: Bool {
        switch self {
        case .bool(let b): return b
        case .null: return false
        default: return true
        }
    }

    /// Structural equality: numbers, strings, bools, nil, vectors, lists, records;
    /// functions by identity; host objects through `isEqual(to:)`. Iterative, so
    /// arbitrarily deep values never exhaust the stack.
    public func structurallyEquals(_ other: Value) -> Bool {
        var pending: [(Value, Value)] = [(self, other)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case let (.list(x), .list(y)):
                guard x.count == y.count else { return false }
                for i in x.indices { pending.append((x[i], y[i])) }
            case let (.record(x), .record(y)):
                guard x.sameFields(as: y, { pending.append(($0, $1)) }) else { return false }
            default:
                if !a.shallowEquals(b) { return false }
            }
        }
        return true
    }

    /// Equality of everything but lists and records.
    private func shallowEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.vector(a), .vector(b)): return a == b
        case let (.function(a), .function(b)): return a === b
        case let (.native(a), .native(b)): return a === b
        case let (.object(a), .object(b)): return a === b || a.isEqual(to: b)
        default: return false
        }
    }
}

// MARK: - Rendering

extension Value: CustomStringConvertible {
    /// How `print` shows a value: strings bare, everything else as its literal.
    public var description: String { render(quoted: false, depth: 0) }

    /// How the REPL echoes a value and how expect failures show it: strings quoted.
    public var debugDescription: String { render(quoted: true, depth: 0) }

    /// Lists and records nested deeper than this print as `[…]` / `{…}`.
    public static let maxRenderDepth = 100

    func render(quoted: Bool, depth: Int) -> String {
        switch self {
        case .number(let d): return Value.format(number: d)
        case .string(let s): return quoted ? StringLiteral.quoted(s) : s
        case .bool(let b): return b ? "true" : "false"
        case .null: return "nil"
        case .vector(let v): return "(\(Value.format(number: v.x)), \(Value.format(number: v.y)))"
        case .list(let items):
            if depth >= Value.maxRenderDepth { return "[…]" }
            return "[" + items.map { $0.render(quoted: true, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .record(let fields):
            if fields.isEmpty { return "{}" }
            if depth >= Value.maxRenderDepth { return "{…}" }
            let parts = zip(fields.keys, fields.values).map { key, value -> String in
                let shown = Value.isIdentifier(key) ? key : StringLiteral.quoted(key)
                return "\(shown): \(value.render(quoted: true, depth: depth + 1))"
            }
            return "{" + parts.joined(separator: ", ") + "}"
        case .function(let f): return "<fn \(f.name)>"
        case .native(let f): return "<native fn \(f.name)>"
        case .object(let o): return o.description
        }
    }

    /// Integers print without a fraction (`3`, not `3.0`); others use the shortest
    /// representation that round-trips.
    public static func format(number d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e16 {
            if d == 0 { return "0" }
            return String(Int64(d))
        }
        return "\(d)"
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}

// MARK: - Payload accessors (for host code)

extension Value {
    /// The number, or nil for other kinds.
    public var asNumber: Double? { if case .number(let d) = self { return d } else { return nil } }
    /// The string, or nil for other kinds.
    public var asString: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The vector, or nil for other kinds.
    public var asVector: Vec2? { if case .vector(let v) = self { return v } else { return nil } }
    /// The list's elements, or nil for other kinds.
    public var asList: [Value]? { if case .list(let l) = self { return l } else { return nil } }
    /// The record, or nil for other kinds.
    public var asRecord: Record? { if case .record(let r) = self { return r } else { return nil } }
    /// The host object if it is a `T`, else nil.
    public func asObject<T: HostObject>(_ type: T.Type) -> T? {
        if case .object(let o) = self { return o as? T }
        return nil
    }
}
