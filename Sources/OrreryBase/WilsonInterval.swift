// MARK: - Wilson score interval

/// The Wilson score interval for a binomial proportion: a pass rate with its uncertainty.
///
/// Chosen over the textbook normal ("Wald") interval because it stays inside
/// [0, 1] and keeps its coverage for rates near 0 or 1 and for small n, which is
/// exactly where counterfactual test suites live (a 200-scene sweep at 99% passing).
public struct WilsonInterval: Hashable, Sendable, CustomStringConvertible {
    public var successes: Int
    public var trials: Int
    /// The normal quantile used (1.959964 for 95%).
    public var z: Double
    public var lower: Double
    public var upper: Double

    /// The two-sided 95% normal quantile, Φ⁻¹(0.975).
    public static let z95 = 1.959963984540054

    /// The interval for `successes` out of `trials`; nil unless 0 ≤ successes ≤ trials and trials > 0.
    public init?(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        guard trials > 0, successes >= 0, successes <= trials, z.isFinite, z > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        self.successes = successes
        self.trials = trials
        self.z = z
        // Clamp rounding only: mathematically the interval already lies in [0, 1].
        self.lower = successes == 0 ? 0 : max(0, centre - half)
        self.upper = successes == trials ? 1 : min(1, centre + half)
    }

    /// The observed proportion.
    public var rate: Double { Double(successes) / Double(trials) }

    /// True when `value` lies inside the interval.
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    public var description: String {
        "\(successes)/\(trials) = \(format(rate)) [\(format(lower)), \(format(upper))]"
    }

    private func format(_ x: Double) -> String {
        let scaled = (x * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
