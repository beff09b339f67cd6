// MARK: - Causality: intervention response
//
// Ball a rolls towards b and c. Three interventions, each answered by the simulator:
// remove b (a now meets c), make b five times heavier (declared before the run: a static
// do), and push a upwards in mid-run (a dynamic do at the first predicted step + 5: the
// model's state is edited through its `a.vx` / `a.vy` factors, the simulator's twin world
// gets the same impulse). The score is the mean position error of the affected bodies
// (every moving body for remove and mass, a for push) over the steps after the intervention.
// A model that cannot be edited scores `Metrics.missingBodyPenalty` on the push.

/// Intervention response: remove, push, change a mass.
public struct InterventionTask: BenchmarkTask {
    public init() {}
    public var name: String { "intervention" }
    public var summary: String {
        "remove a body, make it heavier, push one mid-run: position error of the affected bodies against the simulator's answer"
    }

    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        func ball(_ n: String, _ x: Double, _ i: Int) -> BodySpec {
            let r = rng.uniform(0.7, 1.0)
            var b = BodySpec.ball(n, at: Vec2(x, r), radius: r)
            b.color = BenchmarkScenes.palette[i]
            return b
        }
        var a = ball("a", rng.uniform(-7.5, -6), 0)
        let v = rng.uniform(2, 4)
        a.velocity = Vec2(v, 0)
        a.spin = -v / a.shape.boundingRadius
        let b = ball("b", rng.uniform(-2, 0), 1), c = ball("c", rng.uniform(3, 5), 2)
        return Scene(name: "intervention\(index)", bodies: [a, b, c], walls: BenchmarkScenes.walls, ground: Ground(height: 0))
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        let from = contender.firstPredictedStep
        var remove: [Double] = [], mass: [Double] = [], push: [Double] = []
        for i in 0..<settings.samples {
            let scene = InterventionTask.scene(&rng, index: i)
            // Static interventions: the world is declared differently.
            for (change, sink) in [(Intervention.remove("b"), 0), (.set("b", .mass((scene.body(named: "b")?.resolvedMass ?? 1) * 5)), 1)] {
                let edited = try change.apply(to: scene)
                let truth = try Simulator.rollout(edited, steps: steps)
                let predicted = try contender.rollout(edited, steps: steps)
                let e = Metrics.positionError(predicted, truth, fromStep: from).mean
                if sink == 0 { remove.append(e) } else { mass.append(e) }
            }
            // A dynamic intervention: a push in mid-run.
            let split = from + 5
            let impulse = Vec2(0, rng.uniform(3, 6)) * (scene.body(named: "a")?.resolvedMass ?? 1)
            let factual = try Simulator.rollout(scene, steps: steps)
            let twin = try Counterfactual.twin(of: factual, at: split, interventions: [.push("a", impulse)])
            push.append(try InterventionTask.pushError(contender.model, scene: scene, steps: steps, split: split,
                                                       impulse: impulse, truth: twin.counterfactual))
        }
        return [MetricSample(name: "\(name).remove", unit: "m", higherIsBetter: false, values: .mean(remove)),
                MetricSample(name: "\(name).mass", unit: "m", higherIsBetter: false, values: .mean(mass)),
                MetricSample(name: "\(name).push", unit: "m", higherIsBetter: false, values: .mean(push))]
    }

    /// The model's error on body a after pushing it at `split` through a state edit.
    static func pushError(_ model: any WorldModel, scene: Scene, steps: Int, split: Int, impulse: Vec2, truth: Rollout) throws -> Double {
        var run = try ModelRun(model, scene: scene, steps: steps)
        try run.advance(to: split)
        let mass = scene.body(named: "a")?.resolvedMass ?? 1
        guard let a = run.states.last?["a"] else { return Metrics.missingBodyPenalty }
        let v = a.velocity + impulse / mass
        do {
            try run.edit { try model.edit($0, body: "a", factor: "vx", to: v.x) }
            try run.edit { try model.edit($0, body: "a", factor: "vy", to: v.y) }
        } catch is ModelError {
            return Metrics.missingBodyPenalty
        }
        try run.advance(to: steps)
        let r = run.rollout()
        var sum = 0.0, n = 0
        for t in truth.states where t.step > split {
            guard let b = t["a"] else { continue }
            if let q = r.state(at: t.step)?["a"], q.position.x.isFinite, q.position.y.isFinite {
                sum += min((q.position - b.position).length, Metrics.missingBodyPenalty)
            } else {
                sum += Metrics.missingBodyPenalty
            }
            n += 1
        }
        return n > 0 ? sum / Double(n) : 0
    }
}
