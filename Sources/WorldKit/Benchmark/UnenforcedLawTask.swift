// MARK: - Causality: laws the priors in use do not enforce
//
// `laws` checks no_overlap, momentum and gravity on every contender's output, so for a
// `+priors` contender whose priors project no_overlap that column is 0 by construction.
// This task scores only what the contender's priors do not enforce: of the laws
// momentum, gravity and energy, those not among the contender's priors, checked on its
// (projected) rollouts of in-distribution scenes. The score is violations per predicted
// step, averaged over the laws checked, so a projection that fixes overlaps by breaking
// momentum or free fall shows here instead of looking perfect.

/// Violations per step and per law of the laws the contender's priors leave unenforced.
public struct UnenforcedLawTask: BenchmarkTask {
    public init() {}
    public var name: String { "laws.unenforced" }
    public var summary: String {
        "violations per predicted step of momentum, gravity and energy, leaving out any law the contender's priors enforce"
    }

    /// The laws this task may check.
    static let laws: [any Prior] = [MomentumPrior(), GravityPrior(), EnergyPrior()]

    /// The laws not enforced by `contender`'s priors.
    static func unenforced(by contender: BenchmarkContender) -> [any Prior] {
        let enforced = Set(contender.priors.map(\.name))
        return laws.filter { !enforced.contains($0.name) }
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        let from = settings.scoreFrom
        let checked = UnenforcedLawTask.unenforced(by: contender)
        guard !checked.isEmpty else {
            return [.unavailable(name, unit: "per step per law", higherIsBetter: false,
                                 reason: "n/a (its priors enforce every law this task checks)")]
        }
        var rates: [Double] = []
        for i in 0..<settings.samples {
            let scene = BenchmarkScenes.family(&rng, index: i, speeds: [BenchmarkScenes.trainingSpeeds])
            let r = try contender.rollout(scene, steps: steps)
            let report = try ConstrainedRollout.check(r, priors: checked, fromStep: from)
            let perStep = Double(report.count) / Double(max(1, steps - from + 1))
            rates.append(perStep / Double(checked.count))
        }
        return [.mean(name, unit: "per step per law", rates,
                      note: "checks " + checked.map(\.name).joined(separator: ", "))]
    }
}
