// MARK: - Summary statistics

/// How a confidence interval for a mean is computed.
public enum ConfidenceMethod: Hashable, Sendable {
    /// Student's t interval: mean ± t(1−α/2, n−1)·s/√n. Needs n ≥ 2.
    case t
    /// Percentile bootstrap: the α/2 and 1−α/2 quantiles of the means of `resamples`
    /// resamples drawn with replacement from a `RandomStream(seed:)`, so it is reproducible.
    case bootstrap(resamples: Int, seed: UInt64)
}

/// A confidence interval for a mean.
public struct ConfidenceInterval: Hashable, Sendable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double
    /// The confidence level, e.g. 0.95.
    public var level: Double
    public var method: ConfidenceMethod

    public init(lower: Double, upper: Double, level: Double, method: ConfidenceMethod) {
        self.lower = lower
        self.upper = upper
        self.level = level
        self.method = method
    }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    public var description: String { "[\(lower), \(upper)]" }
}

/// Mean, spread and confidence interval of a sample of numbers.
public struct Summary: Hashable, Sendable {
    /// The sample, in the order given.
    public let values: [Double]
    public let mean: Double
    /// The sample standard deviation (divisor n − 1); 0 for a single value.
    public let standardDeviation: Double
    public let minimum: Double
    public let maximum: Double

    /// The summary of `values`; nil when empty or when a value is NaN or infinite.
    public init?(_ values: [Double]) {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        self.values = values
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        // Two passes: the variance from deviations, not from Σx² − n·mean², which cancels badly.
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        standardDeviation = values.count > 1 ? (squares / (n - 1)).squareRoot() : 0
        minimum = values.min() ?? mean
        maximum = values.max() ?? mean
    }

    public var count: Int { values.count }

    /// The standard error of the mean, s/√n.
    public var standardError: Double { standardDeviation / Double(count).squareRoot() }

    /// The `level` confidence interval of the mean; nil when the method cannot give one
    /// (t with fewer than 2 values, a bootstrap with no resamples, a level outside (0, 1)).
    public func confidenceInterval(_ method: ConfidenceMethod = .t, level: Double = 0.95) -> ConfidenceInterval? {
        guard level > 0, level < 1 else { return nil }
        let alpha = 1 - level
        switch method {
        case .t:
            guard count >= 2, let dist = StudentT(degreesOfFreedom: Double(count - 1)),
                  let t = dist.quantile(1 - alpha / 2) else { return nil }
            let half = t * standardError
            return ConfidenceInterval(lower: mean - half, upper: mean + half, level: level, method: method)
        case .bootstrap(let resamples, let seed):
            guard resamples > 0 else { return nil }
            var stream = RandomStream(seed: seed)
            var means: [Double] = []
            means.reserveCapacity(resamples)
            let n = count
            for _ in 0..<resamples {
                var sum = 0.0
                for _ in 0..<n { sum += values[stream.index(below: n)] }
                means.append(sum / Double(n))
            }
            means.sort()
            return ConfidenceInterval(lower: Self.quantile(means, alpha / 2), upper: Self.quantile(means, 1 - alpha / 2),
                                      level: level, method: method)
        }
    }

    /// The p-quantile of sorted values by linear interpolation between order statistics
    /// (R's type 7, NumPy's default).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first, let last = sorted.last else { return .nan }
        let position = p * Double(sorted.count - 1)
        if !(position > 0) { return first }
        if position >= Double(sorted.count - 1) { return last }
        let i = Int(position)
        let fraction = position - Double(i)
        return sorted[i] + (sorted[i + 1] - sorted[i]) * fraction
    }
}
