// MARK: - Benchmark tasks
//
// A task is a seeded family of scenes, a metric and the simulator's ground truth.
// Every contender (a model, possibly run under priors) faces the same scenes: the
// scenes depend only on the benchmark seed and the task's name, never on the model.
// A task reports one or more metrics; each metric is either a rate (successes out of
// trials, Wilson interval) or a mean of per-sample values (t interval).

/// What a task measured for one contender: the raw samples of one metric.
public struct MetricSample: Hashable, Sendable {
    public enum Values: Hashable, Sendable {
        /// A rate: successes out of trials.
        case rate(successes: Int, trials: Int)
        /// Per-sample values whose mean is reported.
        case mean([Double])
    }

    /// `task.metric`, e.g. `permanence.long.reappears`.
    public var name: String
    /// Unit for the table (`rate`, `m`, `steps`, `per step`, `mse`).
    public var unit: String
    /// True when larger is better (rates of success); false for errors and violations.
    public var higherIsBetter: Bool
    public var values: Values

    public init(name: String, unit: String, higherIsBetter: Bool, values: Values) {
        self.name = name
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.values = values
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

    public init(seed: UInt64, quick: Bool) {
        self.seed = seed
        self.quick = quick
        samples = quick ? 3 : 24
        driftHorizons = quick ? [50, 200] : [50, 200, 1_000]
        horizon = quick ? 60 : 120
    }

    /// A random stream for `task`'s scenes: the same for every contender.
    public func stream(for task: String) -> RandomStream {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in task.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return RandomStream(seed: seed, stream: h)
    }
}

/// One benchmark task: a scene family, a metric and the simulator's answer.
public protocol BenchmarkTask {
    /// The task's name on the command line (`permanence`, `drift`, …).
    var name: String { get }
    /// One sentence on what it measures.
    var summary: String { get }
    /// The task's metrics for one contender. Throws only for a broken task; a model that
    /// cannot do something (an edit it does not support) scores the worst value instead.
    func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample]
}

/// Every built-in task, by name.
public enum BenchmarkTasks {
    /// The built-in tasks in table order.
    public static let all: [any BenchmarkTask] = [
        PermanenceTask(), DriftTask(), RevisitTask(), InterventionTask(), CounterfactualTask(),
        ButForTask(), LawsTask(), GeneralizationTask(),
    ]

    /// Every task name, in table order.
    public static var names: [String] { all.map(\.name) }

    /// The task with this name, or nil.
    public static func named(_ name: String) -> (any BenchmarkTask)? { all.first { $0.name == name } }
}
