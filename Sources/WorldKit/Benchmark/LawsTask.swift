// MARK: - Causality: physical-law adherence
//
// Violations per predicted step of three laws, checked by the priors on the model's
// own rollout of in-distribution scenes: no interpenetration (`no_overlap`), momentum
// conserved through collisions (`momentum`), free bodies accelerating with gravity
// (`gravity`). The simulator's own rate is the floor the tolerances allow; a
// `+priors` contender is checked on its projected output.

/// Physical-law adherence: violations per step of no_overlap, momentum and gravity.
public struct LawsTask: BenchmarkTask {
    public init() {}
    public var name: String { "laws" }
    public var summary: String {
        "violations per predicted step of no_overlap, momentum and gravity, checked by the priors on the model's rollouts"
    }

    static let laws: [any Prior] = [NoOverlapPrior(), MomentumPrior(), GravityPrior()]

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        let from = contender.firstPredictedStep
        var rates = Array(repeating: [Double](), count: LawsTask.laws.count)
        for i in 0..<settings.samples {
            let scene = BenchmarkScenes.family(&rng, index: i, speeds: [BenchmarkScenes.trainingSpeeds])
            let r = try contender.rollout(scene, steps: steps)
            let report = try ConstrainedRollout.check(r, priors: LawsTask.laws, fromStep: from)
            let checked = Double(max(1, steps - from + 1))
            for (k, law) in LawsTask.laws.enumerated() {
                rates[k].append(Double(report.count(of: law.name)) / checked)
            }
        }
        return LawsTask.laws.enumerated().map { k, law in
            MetricSample(name: "\(name).\(law.name)", unit: "per step", higherIsBetter: false, values: .mean(rates[k]))
        }
    }
}
