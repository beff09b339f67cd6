// MARK: - Benchmark tasks
//
// A task is a seeded family of scenes, a metric and the simulator's ground truth.
// Every contender (a model, possibly run under priors) faces the same scenes: the
// scenes depend only on the benchmark seed and the task's name, never on the model.
// A task reports one or more metrics. A metric's samples are kept per scene (the
// sampling unit: the options of one scene are not independent of each other), so the
// report can resample scenes, and trained copies, for its interval.

/// How a metric's per-scene counts become one number.
public enum MetricStatistic: String, Hashable, Sendable {
    /// Units `[value]`: the mean of the values.
    case mean
    /// Units `[successes, trials]`: pooled successes over pooled trials.
    case rate
    /// Units `[truePositives, positives, trueNegatives, negatives]`: the mean of the recall of
    /// each class (balanced accuracy), undefined when a class never occurs.
    case balanced
    /// Units `[residual sum of squares, total sum of squares]`: the share of variance
    /// explained, 1 − Σ residual / Σ total (R²), undefined when nothing varies.
    case explained

    /// The statistic of summed units; nil when undefined (no trials, a class never seen).
    public func value(of sum: [Double]) -> Double? {
        switch self {
        case .mean: return sum.count == 2 && sum[1] > 0 ? sum[0] / sum[1] : nil
        case .rate: return sum.count == 2 && sum[1] > 0 ? sum[0] / sum[1] : nil
        case .balanced:
            guard sum.count == 4, sum[1] > 0, sum[3] > 0 else { return nil }
            return 0.5 * (sum[0] / sum[1] + sum[2] / sum[3])
        case .explained: return sum.count == 2 && sum[1] > 0 ? 1 - sum[0] / sum[1] : nil
        }
    }

    /// True when the statistic lies in [0, 1].
    public var isProportion: Bool { self == .rate || self == .balanced }
}

/// What a task measured for one contender: the raw per-scene samples of one metric.
public struct MetricSample: Hashable, Sendable {
    public enum Values: Hashable, Sendable {
        /// One count vector per scene (its layout is the statistic's). A mean's units are
        /// stored as `[value, 1]` so every statistic is a ratio of sums.
        case units([[Double]], MetricStatistic)
        /// Not computed for this contender, with the reason printed in its place
        /// (`n/a`: the model cannot do what the metric asks; `lost`: it lost the bodies
        /// the metric is about).
        case unavailable(String)
    }

    /// `task.metric`, e.g. `permanence.long.reappears`.
    public var name: String
    /// Unit for the table (`rate`, `m`, `steps`, `per step`, `mse`).
    public var unit: String
    /// True when larger is better (rates of success); false for errors and violations.
    public var higherIsBetter: Bool
    public var values: Values
    /// A remark the table prints beside the value (`enforced`: the contender's prior
    /// projects exactly this law; `extrapolation`).
    public var note: String?

    public init(name: String, unit: String, higherIsBetter: Bool, values: Values, note: String? = nil) {
        self.name = name
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.values = values
        self.note = note
    }

    /// A mean of per-scene values.
    public static func mean(_ name: String, unit: String, higherIsBetter: Bool = false, _ values: [Double],
                            note: String? = nil) -> MetricSample {
        MetricSample(name: name, unit: unit, higherIsBetter: higherIsBetter, values: .units(values.map { [$0, 1] }, .mean), note: note)
    }

    /// A rate from per-scene (successes, trials).
    public static func rate(_ name: String, _ tallies: [(Int, Int)], higherIsBetter: Bool = true, note: String? = nil) -> MetricSample {
        MetricSample(name: name, unit: "rate", higherIsBetter: higherIsBetter,
                     values: .units(tallies.map { [Double($0.0), Double($0.1)] }, .rate), note: note)
    }

    /// Not computed for this contender.
    public static func unavailable(_ name: String, unit: String, higherIsBetter: Bool, reason: String) -> MetricSample {
        MetricSample(name: name, unit: unit, higherIsBetter: higherIsBetter, values: .unavailable(reason))
    }

    /// The point estimate over every scene; nil when unavailable or undefined.
    public var estimate: Double? {
        guard case .units(let units, let statistic) = values, let first = units.first else { return nil }
        var sum = Array(repeating: 0.0, count: first.count)
        for u in units where u.count == sum.count { for i in sum.indices { sum[i] += u[i] } }
        return statistic.value(of: sum)
    }
}

/// Sizes a task run uses: scene counts and horizons (smaller in quick mode).
public struct BenchmarkSettings: Hashable, Sendable {
    /// Scenes per task (per variant).
    public var samples: Int
    /// Long-horizon drift checkpoints (steps).
    public var driftHorizons: [Int]
    /// Steps of the ordinary rollouts (generalization, laws, counterfactuals).
    public var horizon: Int
    public var seed: UInt64
    public var quick: Bool
    /// The first scored step, the same for every contender: the longest context of the run's
    /// models (a window model is shown k frames), so no model is scored on steps another
    /// was shown.
    public var scoreFrom: Int

    /// The scoring start when no run sets it: the benchmark window models' k.
    public static let defaultScoreFrom = BenchmarkTraining.standard.k

    public init(seed: UInt64, quick: Bool, scoreFrom: Int = BenchmarkSettings.defaultScoreFrom) {
        self.seed = seed
        self.quick = quick
        self.scoreFrom = max(1, scoreFrom)
        samples = quick ? 3 : 24
        driftHorizons = quick ? [50, 200] : [50, 200, 1_000]
        horizon = quick ? 60 : 120
    }

    /// A random stream for `task`'s scenes: the same for every contender.
    public func stream(for task: String) -> RandomStream {
        RandomStream(seed: seed, stream: BenchmarkSettings.key(task))
    }

    /// FNV-1a of a name: a stable stream key.
    static func key(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

/// One benchmark task: a scene family, a metric and the simulator's answer.
public protocol BenchmarkTask {
    /// The task's name on the command line (`permanence`, `drift`, …).
    var name: String { get }
    /// One sentence on what it measures.
    var summary: String { get }
    /// The task's metrics for one contender. Throws only for a broken task; a model that
    /// cannot do something reports the metric as unavailable (`n/a`).
    func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample]
    /// Scenes a learned contender must be trained on for this task instead of the shared
    /// training family (`split` trains on half the attribute combinations); nil for the
    /// shared family. The runner trains each copy of each learned model on them as well.
    func trainingScenes(_ n: Int, seed: UInt64) -> [Scene]?
}

extension BenchmarkTask {
    public func trainingScenes(_ n: Int, seed: UInt64) -> [Scene]? { nil }
}

/// Every built-in task, by name.
public enum BenchmarkTasks {
    /// The built-in tasks in table order.
    public static let all: [any BenchmarkTask] = [
        PermanenceTask(), DriftTask(), RevisitTask(), InterventionTask(), CounterfactualTask(),
        ButForTask(), LawsTask(), UnenforcedLawTask(), GeneralizationTask(), ExpectationTask(),
        SplitTask(), PlanningTask(),
        PixelTask(), FidelityTask(), DecouplingTask(), EditFidelityTask(),
    ]

    /// Every task name, in table order.
    public static var names: [String] { all.map(\.name) }

    /// The task with this name, or nil.
    public static func named(_ name: String) -> (any BenchmarkTask)? { all.first { $0.name == name } }
}
