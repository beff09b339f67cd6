// MARK: - Seeds
//
// A seed is any UInt64 (`--seed` accepts them all). Numbers are doubles, exact for whole
// numbers up to 2^53, so a seed reaches scripts as a number when it fits and as a seed
// value (type "seed", printed as its digits) when it does not. Every seed parameter
// accepts both, so a seed read from `seed`, `r.seed` or `g.seed` can always be passed
// back, and a decimal string names any seed in a script (`rng("18446744073709551615")`).

/// A seed too large to be an exact number.
public final class SeedValue: HostObject {
    public let seed: UInt64
    public init(_ seed: UInt64) { self.seed = seed }
    public var typeName: String { "seed" }
    public var description: String { String(seed) }
    public func member(_ name: String) throws -> Value? { nil }
    public func isEqual(to other: any HostObject) -> Bool { (other as? SeedValue)?.seed == seed }
}

extension Value {
    /// The largest seed that is also an exact number: 2^53.
    static let largestNumericSeed: UInt64 = 1 << 53

    /// A seed as a script sees it: a number when exact, else a seed value.
    public static func seed(_ seed: UInt64) -> Value {
        seed <= largestNumericSeed ? .number(Double(seed)) : .object(SeedValue(seed))
    }

    /// The seed this value names: a whole number from 0 to 2^53, a seed value, or a
    /// string of decimal digits of at most 2^64 - 1; nil otherwise.
    var asSeed: UInt64? {
        switch self {
        case .number(let d):
            guard d >= 0, d <= Double(Value.largestNumericSeed), d == d.rounded() else { return nil }
            return UInt64(d)
        case .object(let s as SeedValue):
            return s.seed
        case .string(let text):
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return UInt64(text)
        default:
            return nil
        }
    }
}

extension Arguments {
    /// A seed argument (see `Value.asSeed`); the one check every seed parameter uses.
    public func seed(at position: Int) throws -> UInt64 {
        guard let seed = value(at: position).asSeed else {
            if case .number = value(at: position) { throw bad(position, "seed must be a non-negative whole number") }
            if case .string = value(at: position) { throw bad(position, "seed must be a whole number from 0 to 18446744073709551615") }
            throw bad(position, expected: "seed")
        }
        return seed
    }

    /// A seed argument, or `fallback` when it was not given.
    public func seed(at position: Int, default fallback: UInt64) throws -> UInt64 {
        has(position) ? try seed(at: position) : fallback
    }
}
