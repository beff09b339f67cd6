// MARK: - Causality: physical-law adherence
//
// Three laws checked on the model's own rollouts of in-distribution scenes, from the
// scoring start: no interpenetration (`no_overlap`, violations per step), free bodies
// accelerating with gravity (`gravity`, per step), and momentum in collisions
// (`MomentumLaw`: every collision between moving bodies, static-contact impulses
// subtracted; violations per checked collision). The simulator's own rate is the floor
// the tolerances allow. A `+priors` contender is checked on its projected output; a law
// its priors project is marked "enforced" (zero by construction, not a finding).

/// Physical-law adherence: no_overlap, momentum in collisions and gravity.
public struct LawsTask: BenchmarkTask {
    public init() {}
    public var name: String { "laws" }
    public var summary: String {
        "no_overlap and gravity violations per step, and momentum violations per collision (static contacts subtracted), on the model's rollouts"
    }

    static let stepLaws: [any Prior] = [NoOverlapPrior(), GravityPrior()]

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        let from = settings.scoreFrom
        var rates = Array(repeating: [Double](), count: LawsTask.stepLaws.count)
        var momentum: [(Int, Int)] = [], collisions: [Double] = []
        for i in 0..<settings.samples {
            let scene = BenchmarkScenes.family(&rng, index: i, speeds: [BenchmarkScenes.trainingSpeeds])
            let r = try contender.rollout(scene, steps: steps)
            let report = try ConstrainedRollout.check(r, priors: LawsTask.stepLaws, fromStep: from)
            let checked = Double(max(1, steps - from + 1))
            for (k, law) in LawsTask.stepLaws.enumerated() {
                rates[k].append(Double(report.count(of: law.name)) / checked)
            }
            let m = MomentumLaw.check(r, fromStep: from)
            momentum.append((m.violations, m.checked))
            collisions.append(Double(m.checked))
        }
        func law(_ k: Int) -> MetricSample {
            let n = LawsTask.stepLaws[k].name
            return .mean("\(name).\(n)", unit: "per step", rates[k], note: contender.enforces(n) ? "enforced" : nil)
        }
        return [law(0),
                MetricSample(name: "\(name).momentum", unit: "per coll.", higherIsBetter: false,
                             values: .units(momentum.map { [Double($0.0), Double($0.1)] }, .rate),
                             note: contender.enforces("momentum") ? "enforced" : nil),
                .mean("\(name).collisions", unit: "checked", higherIsBetter: true, collisions),
                law(1)]
    }
}
