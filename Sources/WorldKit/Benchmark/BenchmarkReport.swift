// MARK: - Results
//
// The benchmark's results: one cell per (metric, contender), each a mean with a 95%
// interval, plus a manifest saying how they were made. The JSON form has a fixed key
// order and Swift's shortest round-trip number format, so the same run gives the same
// bytes; the text form is the table `orrery bench` prints.

/// One cell of the table: a contender's score on one metric.
public struct BenchmarkCell: Hashable, Sendable {
    public var contender: String
    public var mean: Double
    /// The 95% interval; nil when it cannot be computed (fewer than two values, no trials).
    public var lower: Double?
    public var upper: Double?
    /// Samples behind the mean (trials for rates).
    public var n: Int
    /// `wilson` or `t`.
    public var interval: String

    /// Summarises one metric's samples.
    public init(contender: String, _ sample: MetricSample) {
        self.contender = contender
        switch sample.values {
        case .rate(let successes, let trials):
            interval = "wilson"
            n = trials
            if let w = WilsonInterval(successes: successes, trials: trials) {
                mean = w.rate
                lower = w.lower
                upper = w.upper
            } else {
                mean = .nan
            }
        case .mean(let values):
            interval = "t"
            n = values.count
            if let s = Summary(values) {
                mean = s.mean
                if let ci = s.confidenceInterval(.t) {
                    lower = ci.lower
                    upper = ci.upper
                } else if values.count >= 2 {
                    lower = s.mean
                    upper = s.mean
                }
            } else {
                mean = .nan
            }
        }
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

    /// Assembles the cells from each contender's samples (all contenders ran the same tasks).
    public init(options: BenchmarkOptions, version: String, contenders: [String], samples: [[MetricSample]]) {
        self.options = options
        self.version = version
        self.contenders = contenders
        var metrics: [BenchmarkMetric] = []
        for (i, first) in (samples.first ?? []).enumerated() {
            let cells = zip(contenders, samples).compactMap { name, row in
                i < row.count ? BenchmarkCell(contender: name, row[i]) : nil
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
