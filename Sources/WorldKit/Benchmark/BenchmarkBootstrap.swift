// MARK: - Intervals over scenes and training seeds
//
// A learned model's score varies with the scenes it is tested on and with the seed it
// was trained with; an interval over scenes alone is too narrow (the same cell moved by
// several half-widths from one training seed to the next). The cell's interval is a
// two-level percentile bootstrap: each resample draws the trained copies with
// replacement, and inside each drawn copy its scenes with replacement; the statistic is
// the mean over drawn copies of each copy's estimate on its drawn scenes (a ratio of
// summed per-scene counts, so the options of one scene stay together). The 2.5th and
// 97.5th percentiles of `resamples` such means bound the interval. Percentiles of
// resampled means of non-negative values are never negative, and those of proportions
// stay in [0, 1]. The bootstrap's random stream is fixed by the run's seed and the cell's
// name, so the interval is reproducible to the byte.

/// The two-level (copies, then scenes) percentile bootstrap of a cell.
public enum BenchmarkBootstrap {
    /// Resamples per interval.
    public static let resamples = 2_000
    /// Two-sided level.
    public static let level = 0.95

    /// The statistic over every unit of one copy; nil when undefined.
    static func estimate(_ units: [[Double]], _ statistic: MetricStatistic) -> Double? {
        guard let first = units.first else { return nil }
        var sum = Array(repeating: 0.0, count: first.count)
        for u in units where u.count == sum.count { for i in sum.indices { sum[i] += u[i] } }
        return statistic.value(of: sum)
    }

    /// The percentile interval; nil with a single unit in total or when every resample is undefined.
    static func interval(_ copies: [[[Double]]], _ statistic: MetricStatistic, seed: UInt64, stream: UInt64)
        -> (lower: Double, upper: Double)? {
        guard copies.reduce(0, { $0 + $1.count }) >= 2, let width = copies.first?.first?.count else { return nil }
        var rng = RandomStream(seed: seed, stream: stream)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        var sum = Array(repeating: 0.0, count: width)
        resampling: for _ in 0..<resamples {
            var total = 0.0
            for _ in copies.indices {
                let copy = copies[rng.index(below: copies.count)]
                guard !copy.isEmpty else { continue resampling }
                for i in sum.indices { sum[i] = 0 }
                for _ in copy.indices {
                    let u = copy[rng.index(below: copy.count)]
                    guard u.count == width else { continue }
                    for i in sum.indices { sum[i] += u[i] }
                }
                guard let v = statistic.value(of: sum) else { continue resampling }
                total += v
            }
            means.append(total / Double(copies.count))
        }
        guard means.count >= 2 else { return nil }
        means.sort()
        let tail = (1 - level) / 2
        func percentile(_ p: Double) -> Double {
            let position = p * Double(means.count - 1)
            let lo = Int(position.rounded(.down)), hi = min(lo + 1, means.count - 1)
            let f = position - Double(lo)
            return means[lo] * (1 - f) + means[hi] * f
        }
        return (percentile(tail), percentile(1 - tail))
    }
}
