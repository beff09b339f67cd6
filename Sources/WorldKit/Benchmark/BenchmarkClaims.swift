// MARK: - The survey's predictions, checked against the table
//
// The survey (Wang et al., 2026) predicts how models of each kind should fare on the
// functional tests. Each prediction here names two cells, the one that should be better
// and the one it should beat; the verdict is computed from the run's intervals, never
// written down: `reproduced` when the two 95% intervals do not overlap and the order is
// the predicted one, `contradicted` when they do not overlap the other way, `not
// separated` when they overlap, `not measured` when a cell is missing or has no number.

/// A prediction: the cell `better` beats the cell `worse` (in the metric's direction).
public struct BenchmarkClaim: Hashable, Sendable {
    public var text: String
    public var better: (metric: String, model: String)
    public var worse: (metric: String, model: String)

    public static func == (a: Self, b: Self) -> Bool {
        a.text == b.text && a.better == b.better && a.worse == b.worse
    }
    public func hash(into h: inout Hasher) { h.combine(text) }

    public enum Verdict: String, Hashable, Sendable {
        case reproduced, contradicted
        case notSeparated = "not separated"
        case notMeasured = "not measured"
    }

    /// The verdict on `report`'s cells.
    public func verdict(_ report: BenchmarkReport) -> Verdict {
        guard let m = report.metrics.first(where: { $0.name == better.metric }),
              let b = report.cell(better.metric, better.model), let w = report.cell(worse.metric, worse.model),
              b.status == nil, w.status == nil, let bl = b.lower, let bu = b.upper, let wl = w.lower, let wu = w.upper
        else { return .notMeasured }
        let up = m.higherIsBetter
        if up ? bl > wu : bu < wl { return .reproduced }
        if up ? bu < wl : bl > wu { return .contradicted }
        return .notSeparated
    }

    /// The survey's predictions the default table can test.
    public static let survey: [BenchmarkClaim] = [
        BenchmarkClaim(text: "retrieval memory keeps an occluded ball longer than a sliding window",
                       better: ("permanence.long.tracked", "memory"), worse: ("permanence.long.tracked", "window")),
        BenchmarkClaim(text: "an explicit object state keeps an occluded ball longer than a sliding window",
                       better: ("permanence.long.tracked", "objectnet"), worse: ("permanence.long.tracked", "window")),
        BenchmarkClaim(text: "a window keeps a ball hidden for less than its k",
                       better: ("permanence.short.tracked", "window"), worse: ("permanence.long.tracked", "window")),
        BenchmarkClaim(text: "retrieval memory has the region when the camera comes back; the window has not",
                       better: ("revisit.kept", "memory"), worse: ("revisit.kept", "window")),
        BenchmarkClaim(text: "retrieval memory's revisited view is closer to the truth's than the window's",
                       better: ("revisit.mse", "memory"), worse: ("revisit.mse", "window")),
        BenchmarkClaim(text: "autoregressive rollouts drift: error at 1,000 steps exceeds error at 50 (window)",
                       better: ("drift.50", "window"), worse: ("drift.1000", "window")),
        BenchmarkClaim(text: "a learned model beats the trivial baseline on long-horizon drift",
                       better: ("drift.200", "objectnet"), worse: ("drift.200", "still")),
        BenchmarkClaim(text: "learned dynamics degrade out of the training distribution (window)",
                       better: ("generalization.id", "window"), worse: ("generalization.ood", "window")),
        BenchmarkClaim(text: "an explicit-state model answers counterfactuals better than always \"no\" (balanced)",
                       better: ("counterfactual.balanced", "objectnet"), worse: ("counterfactual.always_no.balanced", "objectnet")),
        BenchmarkClaim(text: "a learned model attributes but-for causes better than standing still",
                       better: ("butfor.candidate", "objectnet"), worse: ("butfor.candidate", "still")),
        BenchmarkClaim(text: "priors remove interpenetration (enforced by projection: by construction)",
                       better: ("laws.no_overlap", "window+priors"), worse: ("laws.no_overlap", "window")),
        BenchmarkClaim(text: "priors on positions do not repair momentum in collisions",
                       better: ("laws.momentum", "window+priors"), worse: ("laws.momentum", "window")),
        BenchmarkClaim(text: "learned dynamics fail on unseen combinations of seen attributes (PhyWorld; window)",
                       better: ("split.seen", "window"), worse: ("split.unseen", "window")),
        BenchmarkClaim(text: "learned dynamics fail on unseen combinations of seen attributes (PhyWorld; objectnet)",
                       better: ("split.seen", "objectnet"), worse: ("split.unseen", "objectnet")),
        BenchmarkClaim(text: "planning with a learned model beats a random plan (objectnet vs still)",
                       better: ("planning.success", "objectnet"), worse: ("planning.success", "still")),
        BenchmarkClaim(text: "planning with a learned model falls short of planning with the simulator (window)",
                       better: ("planning.success", "physics"), worse: ("planning.success", "window")),
        BenchmarkClaim(text: "compressed fidelity: more compressed history (more bytes) lowers the error through a long occlusion",
                       better: ("fidelity.s4l16.error", "memory"), worse: ("fidelity.s4l1.error", "memory")),
    ]
}

extension BenchmarkReport {
    /// The survey's predictions with their verdicts on this run, one per line.
    public var claims: String {
        var out = "Survey predictions (verdicts from the intervals above):\n"
        for c in BenchmarkClaim.survey {
            out += "  \(c.verdict(self).rawValue): \(c.text) [\(c.better.model) \(c.better.metric) vs \(c.worse.model) \(c.worse.metric)]\n"
        }
        return out
    }
}
