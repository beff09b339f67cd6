// MARK: - Causality: CLEVRER-style counterfactual questions
//
// Four balls move along the ground. For each ball X the question is "if X were removed,
// which of the other pairs would collide?", one yes/no option per pair. The simulator
// answers with `Would` (the twin world split at step 0); a model answers from the
// contact events of its own rollout of the world without X (its reported events, or
// `EventDetector`'s reading of its states). Scored per option and per question (a
// question counts only when every option is right), as in CLEVRER.

/// "If X were removed, would A and B collide?", per option and per question.
public struct CounterfactualTask: BenchmarkTask {
    public init() {}
    public var name: String { "counterfactual" }
    public var summary: String {
        "CLEVRER-style: if X were removed, which pairs would collide? model twin rollouts against the simulator's Would, per option and per question"
    }

    static let names = ["a", "b", "c", "d"]

    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        let slots = [-7.0, -2.5, 2.5, 7.0]
        let bodies = names.enumerated().map { i, n -> BodySpec in
            let r = rng.uniform(0.6, 0.9)
            var b = BodySpec.ball(n, at: Vec2(slots[i] + rng.uniform(-0.8, 0.8), r), radius: r)
            let v = rng.uniform(-3.5, 3.5)
            b.velocity = Vec2(v, 0)
            b.spin = -v / r
            b.restitution = 0.8
            b.color = BenchmarkScenes.palette[i]
            return b
        }
        return Scene(name: "clevrer\(index)", bodies: bodies, walls: BenchmarkScenes.walls, ground: Ground(height: 0))
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        var optionsRight = 0, options = 0, questionsRight = 0, questions = 0
        for i in 0..<settings.samples {
            let scene = CounterfactualTask.scene(&rng, index: i)
            let factual = try Simulator.rollout(scene, steps: steps)
            for removed in CounterfactualTask.names {
                let twin = try contender.rollout(try Intervention.remove(removed).apply(to: scene), steps: steps)
                let others = CounterfactualTask.names.filter { $0 != removed }
                var allRight = true
                for (p, q) in [(others[0], others[1]), (others[0], others[2]), (others[1], others[2])] {
                    let truth = try Would.answer(factual, at: 0, [.remove(removed)], happen: .contact(p, q))
                    let answer = twin.happened(.contact(p, q))
                    options += 1
                    if answer == truth { optionsRight += 1 } else { allRight = false }
                }
                questions += 1
                if allRight { questionsRight += 1 }
            }
        }
        return [MetricSample(name: "\(name).option", unit: "rate", higherIsBetter: true, values: .rate(successes: optionsRight, trials: options)),
                MetricSample(name: "\(name).question", unit: "rate", higherIsBetter: true, values: .rate(successes: questionsRight, trials: questions))]
    }
}
