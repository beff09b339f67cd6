/// A seeded pseudo-random stream (xoshiro256**, seeded through SplitMix64).
///
/// Orrery has no unseeded randomness: every random draw comes from a stream
/// whose seed is known, so a script plus a seed always gives the same numbers.
/// The arithmetic is fixed-width and platform-independent.
public struct RandomStream: Hashable, Sendable, Codable {
    // Inlinable across modules: the simulator and the learning kit draw in hot loops.
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func next() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    /// A stream derived from this seed and a label, e.g. one stream per body.
    /// Independent of the order in which derived streams are created.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ 0x632B_E59B_D9B4_E019)
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inlinable public mutating func nextUInt64() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1), 53 bits.
    @inlinable public mutating func nextUnit() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// Uniform in [a, b).
    @inlinable public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * nextUnit()
    }

    /// Normal with mean `m` and standard deviation `s` (Box–Muller, one value per call).
    public mutating func normal(_ m: Double = 0, _ s: Double = 1) -> Double {
        var u1 = nextUnit()
        if u1 <= 0 { u1 = 0x1.0p-53 }
        let u2 = nextUnit()
        return m + s * (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// Uniform integer in `0..<n`; `n` must be positive. Unbiased (Lemire's method).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = nextUInt64().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = nextUInt64().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }
}

#if canImport(Glibc)
import Glibc
@inlinable func _log(_ x: Double) -> Double { Glibc.log(x) }
#else
import Foundation
@inlinable func _log(_ x: Double) -> Double { Foundation.log(x) }
#endif
