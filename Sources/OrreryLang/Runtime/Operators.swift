#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// The general (slow) paths of the operators. The compiler inlines the number cases;
// everything else lands here, including the errors.

public enum Operators {
    // MARK: - Arithmetic

    static func arithmetic(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange,
                           _ memory: MemoryBudget? = nil) throws -> Value {
        switch (l, r) {
        case let (.number(a), .number(b)):
            return .number(number(op, a, b))
        case let (.vector(a), .vector(b)) where op == .add: return .vector(a + b)
        case let (.vector(a), .vector(b)) where op == .subtract: return .vector(a - b)
        case let (.vector(a), .number(s)) where op == .multiply: return .vector(a * s)
        case let (.number(s), .vector(a)) where op == .multiply: return .vector(a * s)
        case let (.vector(a), .number(s)) where op == .divide: return .vector(a / s)
        case let (.string(a), .string(b)) where op == .add:
            try checkLength(a.utf8.count, b.utf8.count, "string", range)
            try memory?.reserve(a.utf8.count + b.utf8.count, for: "string", at: range)
            return .string(a + b)
        case let (.list(a), .list(b)) where op == .add:
            try checkLength(a.count, b.count, "list", range)
            try memory?.reserveList(a.count + b.count, at: range)
            return .list(a + b)
        default:
            throw arithmeticError(op, l, r, range)
        }
    }

    @inline(__always)
    static func number(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .remainder: return floorMod(a, b)
        case .power: return pow(a, b)
        default: return .nan
        }
    }

    /// `%` is floored modulo (the result has the sign of the divisor), as in Lua.
    @inline(__always)
    static func floorMod(_ a: Double, _ b: Double) -> Double {
        let m = truncatingRemainder(a, b)
        return (m != 0 && (m < 0) != (b < 0)) ? m + b : m
    }

    /// `fmod(a, b)`, through integer division when both are whole numbers below 2^53
    /// (the usual `i % n`): fmod is exact, so the result is bit-identical, at a
    /// fraction of libm's cost.
    // Not inlined: `number` is inlined into many hot closures, and this body would
    // bloat every one of them.
    @inline(never)
    static func truncatingRemainder(_ a: Double, _ b: Double) -> Double {
        let limit = 9007199254740992.0 // 2^53
        if a > -limit, a < limit, b > -limit, b < limit, b != 0,
           a == a.rounded(.towardZero), b == b.rounded(.towardZero) {
            let r = Int64(a) % Int64(b)
            // A zero remainder keeps the sign of the dividend, as fmod's does.
            if r == 0 { return a.sign == .minus ? -0.0 : 0.0 }
            return Double(r)
        }
        return fmod(a, b)
    }

    /// Longest string (bytes) or list (elements) concatenation may build: a runaway
    /// `s += s` loop stops with an error instead of exhausting memory.
    static let maxLength = 1 << 30

    @inline(__always)
    static func checkLength(_ a: Int, _ b: Int, _ what: String, _ range: SourceRange) throws {
        if a > maxLength - b { throw ScriptError("\(what) too long (more than \(maxLength) \(what == "string" ? "bytes" : "elements"))", range) }
    }

    static func arithmeticError(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange) -> ScriptError {
        // Name the operand that is not a number, as Lua does.
        let subject: String
        if case .number = l { subject = r.typeName } else { subject = l.typeName }
        return ScriptError("attempt to perform arithmetic on a \(subject) value (got \(l.typeName) and \(r.typeName))", range)
    }

    static func negate(_ v: Value, _ range: SourceRange) throws -> Value {
        switch v {
        case .number(let d): return .number(-d)
        case .vector(let a): return .vector(-a)
        default: throw ScriptError("attempt to perform arithmetic on a \(v.typeName) value", range)
        }
    }

    // MARK: - Comparison

    static func compare(_ op: BinaryOperator, _ l: Value, _ r: Value, _ range: SourceRange) throws -> Bool {
        switch op {
        case .equal: return l.structurallyEquals(r)
        case .notEqual: return !l.structurallyEquals(r)
        default: break
        }
        switch (l, r) {
        case let (.number(a), .number(b)): return ordered(op, a, b)
        case let (.string(a), .string(b)):
            switch op {
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            default: return a >= b
            }
        default:
            throw ScriptError("attempt to compare \(l.typeName) with \(r.typeName)", range)
        }
    }

    @inline(__always)
    static func ordered(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Bool {
        switch op {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        default: return false
        }
    }

    /// `a ~= b [within tol]`: numbers, vectors component-wise, lists element-wise.
    static func approximatelyEqual(_ l: Value, _ r: Value, tolerance: Double?, _ range: SourceRange,
                                   depth: Int = 0) throws -> Bool {
        func close(_ a: Double, _ b: Double) -> Bool {
            if a == b { return true }
            if let t = tolerance { return abs(a - b) <= t }
            return abs(a - b) <= 1e-9 + 1e-9 * max(abs(a), abs(b))
        }
        switch (l, r) {
        case let (.number(a), .number(b)): return close(a, b)
        case let (.vector(a), .vector(b)): return close(a.x, b.x) && close(a.y, b.y)
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            if depth >= 1000 { throw ScriptError("lists nested too deeply to compare with '~='", range) }
            for i in a.indices where try !approximatelyEqual(a[i], b[i], tolerance: tolerance, range, depth: depth + 1) {
                return false
            }
            return true
        default:
            throw ScriptError("attempt to compare \(l.typeName) with \(r.typeName) using '~='", range)
        }
    }

    // MARK: - Indexing and members

    /// The Int index into a collection of `count` elements, or an error.
    static func listIndex(_ index: Value, count: Int, _ range: SourceRange) throws -> Int {
        guard case .number(let d) = index else {
            throw ScriptError("list index must be a number, got \(index.typeName)", range)
        }
        guard let i = Interpreter.exactInt(d) else {
            throw ScriptError("list index must be a whole number, got \(Value.format(number: d))", range)
        }
        guard i >= 0, i < count else {
            throw ScriptError("list index \(i) out of range (length \(count))", range)
        }
        return i
    }

    static func index(_ base: Value, _ index: Value, _ range: SourceRange) throws -> Value {
        switch base {
        case .list(let items):
            return items[try listIndex(index, count: items.count, range)]
        case .record(let fields):
            guard case .string(let key) = index else {
                throw ScriptError("record key must be a string, got \(index.typeName)", range)
            }
            guard let v = fields[key] else { throw missingField(key, in: fields, range) }
            return v
        case .string(let s):
            let chars = Array(s)
            return .string(String(chars[try listIndex(index, count: chars.count, range)]))
        default:
            throw ScriptError("attempt to index a \(base.typeName) value", range)
        }
    }

    static func member(_ base: Value, _ name: String, _ range: SourceRange) throws -> Value {
        switch base {
        case .record(let fields):
            guard let v = fields[name] else { throw missingField(name, in: fields, range) }
            return v
        case .vector(let v):
            if name == "x" { return .number(v.x) }
            if name == "y" { return .number(v.y) }
            throw ScriptError("vector has no field '\(name)' (only 'x' and 'y')", range)
        case .object(let o):
            do {
                if let v = try o.member(name) { return v }
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            throw ScriptError("\(o.typeName) has no member '\(name)'" + Suggestions.hint(name, among: o.memberNames), range)
        default:
            throw ScriptError("attempt to access field '\(name)' of a \(base.typeName) value", range)
        }
    }

    /// `record has no field 'nme' (did you mean 'name'?)`.
    static func missingField(_ name: String, in fields: Record, _ range: SourceRange) -> ScriptError {
        ScriptError("record has no field '\(name)'" + Suggestions.hint(name, among: fields.keys), range)
    }

    // MARK: - Updates (assignment targets)

    /// `target op= value` on an already-read current value, appending in place when possible.
    public static func compound(_ op: AssignmentOperator, _ current: inout Value, _ value: Value, _ range: SourceRange,
                                _ memory: MemoryBudget? = nil) throws {
        switch op {
        case .assign:
            current = value
        case .add:
            // No tuple switch here: a tuple would hold a second reference to the
            // string or list and defeat the in-place append.
            if case .number(let a) = current, case .number(let b) = value {
                current = .number(a + b)
            } else if case .string(var s) = current, case .string(let t) = value {
                try checkLength(s.utf8.count, t.utf8.count, "string", range)
                try memory?.reserve(s.utf8.count + t.utf8.count, growth: t.utf8.count, for: "string", at: range)
                current = .null
                s += t
                current = .string(s)
            } else if case .list(var items) = current, case .list(let more) = value {
                try checkLength(items.count, more.count, "list", range)
                try memory?.reserveList(items.count + more.count, added: more.count, at: range)
                current = .null
                items.append(contentsOf: more)
                current = .list(items)
            } else {
                current = try arithmetic(.add, current, value, range, memory)
            }
        case .subtract: current = try arithmetic(.subtract, current, value, range)
        case .multiply: current = try arithmetic(.multiply, current, value, range)
        case .divide: current = try arithmetic(.divide, current, value, range)
        }
    }
}
