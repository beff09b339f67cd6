// MARK: - Causality: CLEVRER-style counterfactual questions
//
// Four balls move along the ground. For each ball X the question is "if X were removed
// at the split, which of the other pairs would collide afterwards?", one yes/no option
// per pair. This is a counterfactual, not a forecast: the model watches the *factual*
// world up to the split (the scoring start, the same step for every contender), then X
// is taken out of the model's own state through its factors (parked far away at rest;
// the abduction is the model's own state at the split) and the model rolls on. The
// simulator answers with the twin world split at the same step (`Counterfactual.twin`,
// shared noise). Contacts count from the step after the split, for both.
//
// Scored per option, per question (every option right), by balanced accuracy (the mean
// of the recall of "yes" and of "no") with each class's recall, and beside them the
// always-"no" answerer's option accuracy and balanced accuracy (0.5 by definition), so a
// model that learned to say "no" is visible. Options are counted per scene, the scene
// being the unit the interval resamples. A model without position and velocity factors
// cannot have a body removed from its state: its cells are "n/a".

/// "If X were removed, would A and B collide?", per option, per question, balanced.
public struct CounterfactualTask: BenchmarkTask {
    public init() {}
    public var name: String { "counterfactual" }
    public var summary: String {
        "CLEVRER-style: after watching the factual world, X is removed from the model's state; which pairs collide? per option, per question, balanced"
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

    /// True when `p` and `q` start touching after `split`.
    static func collide(_ r: Rollout, _ p: String, _ q: String, after split: Int) -> Bool {
        r.events(matching: .contact(p, q)).contains { $0.step > split }
    }

    /// The metric names, in table order.
    static let metrics = ["option", "question", "balanced", "recall_yes", "recall_no", "always_no.option", "always_no.balanced"]

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        let split = settings.scoreFrom
        var option: [(Int, Int)] = [], question: [(Int, Int)] = [], balanced: [[Double]] = []
        var yes: [(Int, Int)] = [], no: [(Int, Int)] = [], alwaysNo: [(Int, Int)] = [], alwaysNoBalanced: [[Double]] = []
        for i in 0..<settings.samples {
            let scene = CounterfactualTask.scene(&rng, index: i)
            guard contender.canEdit(["x", "y", "vx", "vy"], of: "a", in: scene) else {
                return CounterfactualTask.metrics.map { m in
                    MetricSample.unavailable("\(name).\(m)", unit: m.hasPrefix("balanced") || m.hasSuffix("balanced") ? "bal. acc" : "rate",
                                             higherIsBetter: true, reason: "n/a")
                }
            }
            let factual = try Simulator.rollout(scene, steps: steps)
            var right = 0, options = 0, questionsRight = 0, tp = 0, positives = 0, tn = 0, negatives = 0
            for removed in CounterfactualTask.names {
                let truth = try Counterfactual.twin(of: factual, at: split, interventions: [.remove(removed)]).counterfactual
                let model = try contender.run(scene, steps: steps, edits: [split: BenchmarkContender.remove(removed)])
                let others = CounterfactualTask.names.filter { $0 != removed }
                var allRight = true
                for (p, q) in [(others[0], others[1]), (others[0], others[2]), (others[1], others[2])] {
                    let t = CounterfactualTask.collide(truth, p, q, after: split)
                    let a = CounterfactualTask.collide(model, p, q, after: split)
                    options += 1
                    if a == t { right += 1 } else { allRight = false }
                    if t { positives += 1; if a { tp += 1 } } else { negatives += 1; if !a { tn += 1 } }
                }
                if allRight { questionsRight += 1 }
            }
            option.append((right, options))
            question.append((questionsRight, CounterfactualTask.names.count))
            balanced.append([Double(tp), Double(positives), Double(tn), Double(negatives)])
            yes.append((tp, positives))
            no.append((tn, negatives))
            alwaysNo.append((negatives, options))
            alwaysNoBalanced.append([0, Double(positives), Double(negatives), Double(negatives)])
        }
        return [.rate("\(name).option", option), .rate("\(name).question", question),
                MetricSample(name: "\(name).balanced", unit: "bal. acc", higherIsBetter: true, values: .units(balanced, .balanced)),
                .rate("\(name).recall_yes", yes), .rate("\(name).recall_no", no),
                .rate("\(name).always_no.option", alwaysNo, note: "baseline"),
                MetricSample(name: "\(name).always_no.balanced", unit: "bal. acc", higherIsBetter: true,
                             values: .units(alwaysNoBalanced, .balanced), note: "baseline")]
    }
}
