// MARK: - PlotAxis

/// One axis of a plot: its data range rounded out to "nice" tick values (1, 2 or 5 times a
/// power of ten, or powers of ten on a log axis), and the mapping to screen coordinates.
struct PlotAxis: Equatable {
    /// Domain ends, in data units (log10 of data on a log axis).
    let lower: Double, upper: Double
    /// Tick positions in the same units as `lower`/`upper`.
    let ticks: [Double]
    /// Decimal places that show every tick label exactly (linear axes).
    let decimals: Int
    let logarithmic: Bool

    /// An axis covering the finite `values` (already log10 for a log axis), aiming at
    /// about `targetTicks` ticks.
    init(values: [Double], logarithmic: Bool, targetTicks: Int = 5) {
        self.logarithmic = logarithmic
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi { lo = 0; hi = 1 }       // no data: a unit axis
        // Keep the span finite so the step and tick count stay representable.
        let extreme = 1e300
        lo = min(max(lo, -extreme), extreme)
        hi = min(max(hi, -extreme), extreme)
        if lo == hi {                        // one value: give it room on both sides
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let rawStep = (hi - lo) / Double(max(targetTicks, 1))
        var step = PlotAxis.niceStep(rawStep)
        if logarithmic { step = max(1, step.rounded()) }   // whole decades only
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        lower = first * step
        upper = last * step
        // Integer multiples of the step, so ticks do not accumulate rounding error.
        let count = Int(min(max(last - first, 1), 100))
        ticks = (0...count).map { (first + Double($0)) * step }
        let exponent = PlotAxis.decade(step)
        decimals = logarithmic ? 0 : min(max(-exponent, 0), 12)
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = PlotAxis.pow10(PlotAxis.decade(raw))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-12) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Maps a value in axis units to [0, 1] along the axis.
    func fraction(_ v: Double) -> Double {
        (v - lower) / (upper - lower)
    }

    /// The label of a tick in data units.
    func label(_ tick: Double) -> String {
        if logarithmic {
            let exponent = Int(tick.rounded())
            return (-4...4).contains(exponent)
                ? SVGText.number(PlotAxis.pow10(exponent), decimals: max(0, -exponent))
                : "1e\(exponent)"
        }
        return SVGText.number(tick, decimals: decimals)
    }

    // MARK: Exact powers

    /// 10^n by repeated multiplication: exact for the small n used here, and free of any
    /// platform `pow` differences.
    static func pow10(_ n: Int) -> Double {
        let k = min(abs(n), 308)
        var result = 1.0
        for _ in 0..<k { result *= 10 }
        return n >= 0 ? result : 1 / result
    }

    /// log10 of a data value for a log axis; nil for values a log axis cannot show.
    static func logValue(_ v: Double) -> Double? {
        v > 0 && v.isFinite ? libmLog10(v) : nil
    }

    /// The decimal exponent of `v`: the n with 10^n ≤ v < 10^(n+1), corrected against
    /// exact powers so a last-bit error in the C library's log10 cannot shift it.
    static func decade(_ v: Double) -> Int {
        guard v > 0, v.isFinite else { return 0 }
        var n = Int(libmLog10(v).rounded(.down))
        if pow10(n) > v { n -= 1 }
        if pow10(n + 1) <= v { n += 1 }
        return n
    }
}

#if canImport(Glibc)
import Glibc
private func libmLog10(_ v: Double) -> Double { Glibc.log10(v) }
#else
import Foundation
private func libmLog10(_ v: Double) -> Double { Foundation.log10(v) }
#endif

// MARK: - SVGText

/// Deterministic number formatting for SVG output; numbers never go through
/// locale-dependent formatters. (Text is escaped by `MarkupText`.)
enum SVGText {
    /// `v` with exactly `decimals` places (trailing zeros kept), "-" only for negatives
    /// that are nonzero once rounded; very large or small magnitudes in `1.5e7` form.
    static func number(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return "0" }
        let d = min(max(decimals, 0), 12)
        let scale = PlotAxis.pow10(d)
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 1e15 else { return scientific(v) }
        var digits = String(Int64(scaled))
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return (v < 0 && scaled > 0 ? "-" : "") + digits
    }

    /// A coordinate: two decimals, trailing zeros and a bare point removed.
    static func coordinate(_ v: Double) -> String {
        var s = number(v, decimals: 2)
        guard s.contains(".") else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// `m e k` with a mantissa of up to three significant digits.
    static func scientific(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return "0" }
        let exponent = PlotAxis.decade(abs(v))
        var mantissa = coordinate(v / PlotAxis.pow10(exponent))
        if mantissa == "10" || mantissa == "-10" {   // rounding carried into the next decade
            mantissa = v < 0 ? "-1" : "1"
            return "\(mantissa)e\(exponent + 1)"
        }
        return "\(mantissa)e\(exponent)"
    }
}
