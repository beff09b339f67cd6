// MARK: - Violation reports
//
// What a constrained rollout found: every violation, and the summaries a researcher
// reads — per prior per step (count and total magnitude), a text table, and series
// over time for a plot.

/// The violations of one rollout, with per-prior, per-step summaries.
public struct ViolationReport: Hashable, Sendable {
    /// The priors checked, in the order given (priors with no violation are still listed).
    public var priors: [String]
    /// The rollout's last step (series run over 0...lastStep).
    public var lastStep: Int
    public private(set) var violations: [Violation]

    public init(priors: [String], lastStep: Int, violations: [Violation] = []) {
        self.priors = priors
        self.lastStep = lastStep
        self.violations = violations
    }

    public mutating func append(contentsOf more: [Violation]) {
        violations.append(contentsOf: more)
    }

    public var isEmpty: Bool { violations.isEmpty }
    public var count: Int { violations.count }
    public var totalMagnitude: Double { violations.reduce(0) { $0 + $1.magnitude } }

    /// Violations of one prior.
    public func violations(of prior: String) -> [Violation] { violations.filter { $0.prior == prior } }
    public func count(of prior: String) -> Int { violations(of: prior).count }
    public func magnitude(of prior: String) -> Double { violations(of: prior).reduce(0) { $0 + $1.magnitude } }

    // MARK: - Per prior per step

    /// One prior at one step.
    public struct Cell: Hashable, Sendable {
        public var prior: String
        public var step: Int
        public var count: Int
        public var magnitude: Double
    }

    /// Every (prior, step) with at least one violation: priors in the report's order, steps ascending.
    public var cells: [Cell] {
        var out: [Cell] = []
        for p in allPriors {
            var byStep: [Int: Cell] = [:]
            for v in violations where v.prior == p {
                var c = byStep[v.step] ?? Cell(prior: p, step: v.step, count: 0, magnitude: 0)
                c.count += 1
                c.magnitude += v.magnitude
                byStep[v.step] = c
            }
            out.append(contentsOf: byStep.keys.sorted().compactMap { byStep[$0] })
        }
        return out
    }

    /// The report's priors plus any prior that reported violations without being listed.
    var allPriors: [String] {
        var names = priors
        for v in violations where !names.contains(v.prior) { names.append(v.prior) }
        return names
    }

    // MARK: - Series

    /// Violations of `prior` at each step 0...lastStep.
    public func countSeries(of prior: String) -> [Double] {
        series(prior) { _ in 1 }
    }

    /// Total magnitude of `prior`'s violations at each step 0...lastStep.
    public func magnitudeSeries(of prior: String) -> [Double] {
        series(prior) { $0.magnitude }
    }

    private func series(_ prior: String, _ value: (Violation) -> Double) -> [Double] {
        guard lastStep >= 0 else { return [] }
        var out = [Double](repeating: 0, count: lastStep + 1)
        for v in violations where v.prior == prior && v.step >= 0 && v.step <= lastStep { out[v.step] += value(v) }
        return out
    }

    // MARK: - Table

    /// One line per prior: violations, steps violated, total and largest magnitude, first step.
    public var table: String {
        let header = ["prior", "violations", "steps", "total magnitude", "max magnitude", "first step"]
        var rows: [[String]] = [header]
        for p in allPriors {
            let vs = violations(of: p)
            let steps = Set(vs.map(\.step))
            rows.append([p, "\(vs.count)", "\(steps.count)", formatted(vs.reduce(0) { $0 + $1.magnitude }),
                         formatted(vs.map(\.magnitude).max() ?? 0), steps.min().map { "\($0)" } ?? "-"])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
