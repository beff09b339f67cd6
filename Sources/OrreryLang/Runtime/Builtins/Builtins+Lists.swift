
// MARK: - Lists

extension Builtins {
    /// The most elements `range` will build as a list (a `for` loop over `range` builds none).
    static let maxRangeLength = 100_000_000

    /// Start, end and step of `range(n)`, `range(a, b)`, `range(a, b, step)`.
    static func rangeBounds(_ numbers: [Double], _ range: SourceRange) throws -> (Double, Double, Double) {
        let start = numbers.count >= 2 ? numbers[0] : 0
        let end = numbers.count >= 2 ? numbers[1] : (numbers.first ?? 0)
        let step = numbers.count >= 3 ? numbers[2] : 1
        if !step.isFinite {
            throw ScriptError("bad argument #3 to 'range' (step must be finite, got \(Value.format(number: step)))", range)
        }
        if step == 0 {
            throw ScriptError("bad argument #3 to 'range' (step must not be zero)", range)
        }
        if !start.isFinite || !end.isFinite {
            let position = numbers.count >= 2 && start.isFinite ? 2 : 1
            throw ScriptError("bad argument #\(position) to 'range' (bounds must be finite)", range)
        }
        return (start, end, step)
    }

    /// How many numbers `range` yields. Elements are computed as `start + k * step`
    /// (not by repeated addition), so huge starts or tiny steps never loop forever.
    static func rangeCount(_ start: Double, _ end: Double, _ step: Double) -> Double {
        max(0, ((end - start) / step).rounded(.up))
    }

    /// The number of characters (grapheme clusters) of `s`. ASCII text without a CR LF
    /// pair has one per byte, found by a scan of the bytes; anything else asks
    /// `String.count`, which walks grapheme boundaries (ten times the cost per character).
    static func characterCount(_ s: String) -> Int {
        let ascii = s.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var previous: UInt8 = 0
            for b in bytes {
                if b >= 0x80 || (b == 10 && previous == 13) { return nil }
                previous = b
            }
            return bytes.count
        }
        if let n = ascii ?? nil { return n }
        return s.count
    }

    static func installLists(in interp: Interpreter) {
        interp.define(NativeFunction("len", parameters: ["value"]) { args in
            switch args.value(at: 1) {
            case .list(let l): return .number(Double(l.count))
            case .string(let s): return .number(Double(characterCount(s)))
            case .record(let r): return .number(Double(r.count))
            default: throw args.bad(1, expected: "list, string or record")
            }
        })
        interp.define(NativeFunction("range", parameters: ["start", "stop", "step"]) { args in
            var numbers = [try args.number(at: 1)]
            if args.has(2) { numbers.append(try args.number(at: 2)) }
            if args.has(3) { numbers.append(try args.number(at: 3)) }
            let (start, end, step) = try rangeBounds(numbers, args.interpreter.currentRange)
            let count = rangeCount(start, end, step)
            if count > Double(maxRangeLength) { throw args.bad(1, "range too large to build as a list") }
            let n = Int(count)
            try args.reserveList(n)
            var out: [Value] = []
            out.reserveCapacity(n)
            for k in 0..<n { out.append(.number(start + Double(k) * step)) }
            return .list(out)
        })
        interp.define(NativeFunction("append", parameters: ["list", "value"]) { args in
            guard args.count >= 2 else { throw args.bad(2, expected: "value") }
            var items = try args.list(at: 1)
            let v = args.value(at: 2)
            _ = args.take(at: 1)
            let memory = args.interpreter.memory
            if items.count >= memory.maxListCount || items.count == items.capacity {
                try memory.reserveAppend(to: items.count, at: args.interpreter.currentRange)
            }
            items.append(v)
            return .list(items)
        })
        interp.define(NativeFunction("map", parameters: ["list", "fn"]) { args in
            let items = try args.list(at: 1), f = try args.function(at: 2)
            try args.reserveList(items.count)
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try args.call(f, [item])) }
            return .list(out)
        })
        interp.define(NativeFunction("filter", parameters: ["list", "fn"]) { args in
            let items = try args.list(at: 1), f = try args.function(at: 2)
            var out: [Value] = []
            for item in items where try args.call(f, [item]).isTruthy { out.append(item) }
            return .list(out)
        })
        interp.define(NativeFunction("reduce", parameters: ["list", "fn", "initial"]) { args in
            let items = try args.list(at: 1), f = try args.function(at: 2)
            var rest = items[...]
            var acc: Value
            if args.count >= 3 {
                acc = args.value(at: 3)
            } else {
                guard let first = rest.popFirst() else { throw args.bad(1, "empty list and no initial value") }
                acc = first
            }
            for item in rest { acc = try args.call(f, [acc, item]) }
            return acc
        })
        interp.define(NativeFunction("sum", parameters: ["list"]) { args in
            try total(args)
        })
        interp.define(NativeFunction("mean", parameters: ["list"]) { args in
            let items = try args.list(at: 1)
            if items.isEmpty { throw args.bad(1, "empty list") }
            switch try total(args) {
            case .vector(let v): return .vector(v / Double(items.count))
            case .number(let d): return .number(d / Double(items.count))
            case let other: return other
            }
        })
        interp.define(NativeFunction("sort", parameters: ["list", "by"]) { args in
            try sort(&args)
        })
        interp.define(NativeFunction("reverse", parameters: ["list"]) { args in
            .list(Array(try args.list(at: 1).reversed()))
        })
        interp.define(NativeFunction("zip", parameters: ["a", "b"]) { args in
            let a = try args.list(at: 1), b = try args.list(at: 2)
            return .list(zip(a, b).map { .list([$0, $1]) })
        })
        interp.define(NativeFunction("contains", parameters: ["collection", "value"]) { args in
            switch args.value(at: 1) {
            case .list(let items):
                let v = args.value(at: 2)
                return .bool(items.contains { $0.structurallyEquals(v) })
            case .string(let s):
                let part = try args.string(at: 2)
                return .bool(part.isEmpty || s.contains(part))
            default:
                throw args.bad(1, expected: "list or string")
            }
        })
        interp.define(NativeFunction("first", parameters: ["list"]) { args in
            try args.list(at: 1).first ?? .null
        })
        interp.define(NativeFunction("last", parameters: ["list"]) { args in
            try args.list(at: 1).last ?? .null
        })
    }

    /// Sum of a list of numbers (or of vectors).
    static func total(_ args: Arguments) throws -> Value {
        let items = try args.list(at: 1)
        if case .vector? = items.first {
            var s = Vec2.zero
            for item in items {
                guard case .vector(let v) = item else { throw args.bad(1, "list of vectors expected, found \(item.typeName)") }
                s += v
            }
            return .vector(s)
        }
        var s = 0.0
        for item in items {
            guard case .number(let d) = item else { throw args.bad(1, "list of numbers expected, found \(item.typeName)") }
            s += d
        }
        return .number(s)
    }

    // MARK: - Sorting

    /// A sort key: numbers before strings never mix (a list must be all one kind).
    enum SortKey {
        case number(Double)
        case string(String)
    }

    /// Total order on doubles: NaN sorts last, so sorting never sees an inconsistent order.
    @inline(__always)
    static func less(_ a: Double, _ b: Double) -> Bool {
        a < b || (b.isNaN && !a.isNaN)
    }

    static func sort(_ args: inout Arguments) throws -> Value {
        var items = try args.list(at: 1)
        _ = args.take(at: 1)
        let by = args.has(2) ? try args.function(at: 2) : nil
        // Fast path: plain numbers, sorted as doubles.
        if by == nil, items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
            var numbers = items.map { v -> Double in if case .number(let d) = v { return d } else { return 0 } }
            items = []
            numbers.sort(by: less)
            return .list(numbers.map { .number($0) })
        }
        var keys: [SortKey] = []
        keys.reserveCapacity(items.count)
        for item in items {
            let key = try by.map { try args.call($0, [item]) } ?? item
            switch key {
            case .number(let d): keys.append(.number(d))
            case .string(let s): keys.append(.string(s))
            default:
                throw by == nil ? args.bad(1, "list of numbers or strings expected, found \(key.typeName)")
                    : args.bad(2, "sort key must be a number or string, got \(key.typeName)")
            }
        }
        let hasNumbers = keys.contains { if case .number = $0 { return true } else { return false } }
        let hasStrings = keys.contains { if case .string = $0 { return true } else { return false } }
        if hasNumbers && hasStrings {
            throw args.bad(by == nil ? 1 : 2, "cannot compare number with string")
        }
        // Sort positions, ties by position: stable and deterministic.
        var order = Array(items.indices)
        order.sort { i, j in
            switch (keys[i], keys[j]) {
            case let (.number(a), .number(b)):
                if less(a, b) { return true }
                if less(b, a) { return false }
            case let (.string(a), .string(b)):
                if a < b { return true }
                if b < a { return false }
            default: break
            }
            return i < j
        }
        return .list(order.map { items[$0] })
    }
}
