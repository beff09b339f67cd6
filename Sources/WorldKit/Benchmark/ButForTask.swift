// MARK: - Causality: but-for attribution
//
// Hand-built families around one event, "b meets c". In the chain family a rolls into
// the resting b, which rolls on into c: a is a but-for cause. In the independent family
// b rolls to c on its own while a trails far behind: a is not a cause. A bystander d
// rests near the right wall and is never a cause. The simulator's causes come from
// `ButForCauses` (twin worlds with each candidate removed at step 0); the
// model's from its own rollouts: a candidate is a cause when the event happens in the
// model's factual rollout and not in its rollout of the world without the candidate.
// Scored per candidate and per scene (the whole cause set right).

/// But-for attribution accuracy against the simulator.
public struct ButForTask: BenchmarkTask {
    public init() {}
    public var name: String { "butfor" }
    public var summary: String {
        "is a a but-for cause of b meeting c? model twin rollouts with each candidate removed, against the simulator's causes"
    }

    static let candidates = ["a", "d"]
    static let event = EventPattern.contact("b", "c")

    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        let chain = rng.index(below: 2) == 0
        func ball(_ n: String, _ x: Double, _ v: Double, _ i: Int) -> BodySpec {
            let r = rng.uniform(0.6, 0.8)
            var b = BodySpec.ball(n, at: Vec2(x, r), radius: r)
            b.velocity = Vec2(v, 0)
            b.spin = -v / r
            b.restitution = 0.9
            b.color = BenchmarkScenes.palette[i]
            return b
        }
        let a = chain ? ball("a", rng.uniform(-8, -6.5), rng.uniform(3.5, 5), 0) : ball("a", -8.3, rng.uniform(0.2, 0.6), 0)
        let b = chain ? ball("b", rng.uniform(-3.5, -2), 0, 1) : ball("b", rng.uniform(-4, -2), rng.uniform(2.5, 4), 1)
        let c = ball("c", rng.uniform(1, 3), 0, 2)
        let d = ball("d", 8, 0, 3)
        return Scene(name: (chain ? "chain" : "independent") + "\(index)", bodies: [a, b, c, d], walls: BenchmarkScenes.walls,
                     ground: Ground(height: 0))
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon * 2
        var right = 0, trials = 0, scenesRight = 0, scenes = 0
        for i in 0..<settings.samples {
            let scene = ButForTask.scene(&rng, index: i)
            let factual = try Simulator.rollout(scene, steps: steps)
            guard factual.happened(ButForTask.event) else { continue }
            let truth = Set(try ButForCauses.causes(of: ButForTask.event, in: factual, bodies: ButForTask.candidates, events: false)
                .compactMap { cause -> String? in if case .body(let n) = cause.candidate { return n } else { return nil } })
            let modelFactual = try contender.rollout(scene, steps: steps)
            var found = Set<String>()
            if modelFactual.happened(ButForTask.event) {
                for x in ButForTask.candidates {
                    let twin = try contender.rollout(try Intervention.remove(x).apply(to: scene), steps: steps)
                    if !twin.happened(ButForTask.event) { found.insert(x) }
                }
            }
            for x in ButForTask.candidates {
                trials += 1
                if truth.contains(x) == found.contains(x) { right += 1 }
            }
            scenes += 1
            if truth == found { scenesRight += 1 }
        }
        return [MetricSample(name: "\(name).candidate", unit: "rate", higherIsBetter: true, values: .rate(successes: right, trials: trials)),
                MetricSample(name: "\(name).scene", unit: "rate", higherIsBetter: true, values: .rate(successes: scenesRight, trials: scenes))]
    }
}
