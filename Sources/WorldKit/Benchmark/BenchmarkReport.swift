// MARK: - Results
//
// The benchmark's results: one cell per (metric, contender), plus a manifest saying how
// they were made. A cell's mean is the mean over the contender's trained copies of each
// copy's estimate over the task's scenes; its 95% interval comes from a two-level
// bootstrap (`BenchmarkBootstrap`) that resamples trained copies and, inside each, the
// scenes, so it covers both the scenes and the training seeds. The JSON form has a fixed
// key order and Swift's shortest round-trip number format, so the same run gives the
// same bytes; the text form is the table `orrery bench` prints.

/// One cell of the table: a contender's score on one metric over its trained copies.
public struct BenchmarkCell: Hashable, Sendable {
    public var contender: String
    /// Mean over trained copies of each copy's estimate; NaN when unavailable.
    public var mean: Double
    /// The 95% interval; nil when it cannot be computed (one scene and one copy, unavailable).
    public var lower: Double?
    public var upper: Double?
    /// Scenes (sampling units) behind each copy's estimate.
    public var scenes: Int
    /// Trained copies behind the mean (1 for the simulator and the trivial baselines).
    public var copies: Int
    /// Why the cell has no number (`n/a`, `lost …`, `none measured`); nil when it has one.
    public var status: String?
    /// A remark on the value (`enforced`, `baseline`).
    public var note: String?

    /// Summarises one metric's samples, one per trained copy. `seed` seeds the bootstrap.
    public init(contender: String, _ copies: [MetricSample], seed: UInt64 = 0) {
        self.contender = contender
        self.copies = copies.count
        note = copies.first?.note
        var units: [[[Double]]] = []
        var statistic = MetricStatistic.mean
        status = nil
        for c in copies {
            switch c.values {
            case .unavailable(let reason): if status == nil { status = reason }
            case .units(let u, let s):
                units.append(u)
                statistic = s
            }
        }
        scenes = units.first?.count ?? 0
        mean = .nan
        guard status == nil, !units.isEmpty else { return }
        let estimates = units.map { BenchmarkBootstrap.estimate($0, statistic) }
        guard estimates.allSatisfy({ $0 != nil }) else {
            // The scenes gave the statistic nothing to measure (no collision for a
            // per-collision rate, one class only, nothing varying): not the model's inability.
            status = "none measured"
            return
        }
        mean = estimates.reduce(0.0) { $0 + ($1 ?? 0) } / Double(estimates.count)
        let key = BenchmarkSettings.key(contender + "/" + (copies.first?.name ?? ""))
        if let ci = BenchmarkBootstrap.interval(units, statistic, seed: seed, stream: key) {
            lower = ci.lower
            upper = ci.upper
        }
    }

    /// The single-copy cell of one sample (tests, one-off tasks).
    public init(contender: String, _ sample: MetricSample) {
        self.init(contender: contender, [sample])
    }
}

/// One row of metrics: its name, unit and direction, and a cell per contender.
public struct BenchmarkMetric: Hashable, Sendable {
    public var name: String
    public var unit: String
    public var higherIsBetter: Bool
    /// In contender order.
    public var cells: [BenchmarkCell]

    /// The task the metric belongs to (the part before the first dot).
    public var task: String { String(name.prefix { $0 != "." }) }
}

/// The benchmark's results and manifest.
public struct BenchmarkReport: Hashable, Sendable {
    public var options: BenchmarkOptions
    public var version: String
    /// Contender names, in column order.
    public var contenders: [String]
    /// Metrics in task order.
    public var metrics: [BenchmarkMetric]
    /// The training seeds of the trained copies (empty when no contender is learned).
    public var trainingSeeds: [UInt64]
    /// The first scored step, the same for every contender.
    public var scoreFrom: Int

    /// Assembles the cells: `samples[contender][copy]` is that copy's metrics, in task order
    /// (every contender ran the same tasks).
    public init(options: BenchmarkOptions, version: String, contenders: [String], trainingSeeds: [UInt64] = [],
                scoreFrom: Int = BenchmarkSettings.defaultScoreFrom, samples: [[[MetricSample]]]) {
        self.scoreFrom = scoreFrom
        self.options = options
        self.version = version
        self.contenders = contenders
        self.trainingSeeds = trainingSeeds
        var metrics: [BenchmarkMetric] = []
        for (i, first) in (samples.first?.first ?? []).enumerated() {
            let cells = zip(contenders, samples).map { name, copies in
                BenchmarkCell(contender: name, copies.compactMap { i < $0.count ? $0[i] : nil }, seed: options.seed)
            }
            metrics.append(BenchmarkMetric(name: first.name, unit: first.unit, higherIsBetter: first.higherIsBetter, cells: cells))
        }
        self.metrics = metrics
    }

    /// The cell of `contender` on `metric`, if any.
    public func cell(_ metric: String, _ contender: String) -> BenchmarkCell? {
        metrics.first { $0.name == metric }?.cells.first { $0.contender == contender }
    }
}
