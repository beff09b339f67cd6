#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Student's t distribution

/// Student's t distribution: its CDF and quantiles, for confidence intervals of a mean.
///
/// Computed, not tabulated, so any sample size and confidence level work: the CDF
/// through the regularized incomplete beta function (Lentz's continued fraction,
/// as in Numerical Recipes §6.4), the quantile by bisection on the CDF.
public struct StudentT: Hashable, Sendable {
    /// Degrees of freedom (> 0).
    public var degreesOfFreedom: Double

    /// The distribution with ν degrees of freedom; nil unless ν is finite and positive.
    public init?(degreesOfFreedom nu: Double) {
        guard nu.isFinite, nu > 0 else { return nil }
        degreesOfFreedom = nu
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        let nu = degreesOfFreedom
        let x = nu / (nu + t * t)
        let tail = 0.5 * Self.regularizedBeta(x, a: 0.5 * nu, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = p, for 0 < p < 1; nil otherwise.
    public func quantile(_ p: Double) -> Double? {
        guard p > 0, p < 1 else { return nil }
        if p == 0.5 { return 0 }
        // Symmetry: solve for the upper half and mirror.
        let upper = max(p, 1 - p)
        var lo = 0.0, hi = 1.0
        var guardSteps = 0
        while cdf(hi) < upper && guardSteps < 1100 {
            lo = hi
            hi *= 2
            guardSteps += 1
        }
        // 200 halvings take any bracket below the spacing of doubles.
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid == lo || mid == hi { break }
            if cdf(mid) < upper { lo = mid } else { hi = mid }
        }
        let t = 0.5 * (lo + hi)
        return p > 0.5 ? t : -t
    }

    // MARK: - Incomplete beta

    /// I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
    static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x))
        // The continued fraction converges fast on this side of the mean; use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...400 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
