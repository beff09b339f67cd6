// MARK: - Draws from a point of the unit cube
//
// A block that draws (`uniform`, `normal`, `choice`, `int_between`) is searched by
// feeding it the coordinates of a unit-cube point, one per draw, through each
// distribution's inverse CDF. A block whose number of draws varies (a loop over
// `int_between(1, 4)` bodies) may draw more than the point has: those draws come from
// a stream derived from the search's seed and the candidate, so they are reproducible
// but not searched.

/// The unit numbers a block draws, taken from a point and then from a fallback stream.
public final class UnitDraws {
    public let point: [Double]
    private var fallback: RandomStream
    /// How many draws were made so far.
    public private(set) var count = 0

    public init(point: [Double], seed: UInt64, candidate: Int) {
        self.point = point
        fallback = RandomStream(seed: seed, stream: 0xD4A_5000 &+ UInt64(truncatingIfNeeded: candidate))
    }

    /// The next unit number in [0, 1).
    public func unit() -> Double {
        defer { count += 1 }
        return count < point.count ? clampUnit(point[count]) : fallback.nextUnit()
    }

    /// Uniform in [a, b).
    public func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// Normal with mean `m` and standard deviation `s`, by the inverse CDF.
    public func normal(_ m: Double, _ s: Double) -> Double {
        m + s * InverseNormal.quantile(unit())
    }

    /// A whole number in `0..<n` (n > 0): the unit interval cut into n equal parts.
    public func index(below n: Int) -> Int {
        let x = (unit() * Double(n)).rounded(.down)
        // Double(n - 1) may round up to 2^63 for huge n: compare as doubles before converting.
        guard x > 0 else { return 0 }
        return x >= Double(n - 1) ? n - 1 : Int(x)
    }
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
public enum InverseNormal {
    static let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    static let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                    6.680131188771972e+01, -1.328068155288572e+01]
    static let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    static let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]

    /// z such that Φ(z) = p, for p in (0, 1); p at or beyond the ends gives ±8.3 (Φ⁻¹ of 2⁻⁵³).
    public static func quantile(_ p0: Double) -> Double {
        let p = min(max(p0, 0x1.0p-53), 1 - 0x1.0p-53)
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
