// MARK: - Causality: intervention response
//
// Ball a rolls towards b and c. Three interventions, each answered by the simulator:
// remove b (a now meets c), make b five times heavier (declared before the run: a static
// do), and push a upwards in mid-run (a dynamic do 5 steps after the scoring start: the
// model's own state is edited through its `a.vx` / `a.vy` factors, under the contender's
// priors if it has any; the simulator's twin world gets the same impulse). The score is
// the position error of the affected bodies over the scored steps, a lost body charged
// its frozen-at-last-sighting cost. A cell the contender cannot answer is "n/a": the
// push for a model without velocity factors, the mass change for a model whose rollout
// does not change at all when a mass does (it does not see mass; detected by running it).

/// Intervention response: remove, push, change a mass.
public struct InterventionTask: BenchmarkTask {
    public init() {}
    public var name: String { "intervention" }
    public var summary: String {
        "remove a body, make it heavier, push one mid-run: position error of the affected bodies against the simulator's answer"
    }

    /// Fewest steps: a meets b within them.
    static let minimumSteps = 120

    /// How much heavier b is made.
    static let massFactor = 5.0

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
        // Long enough for a to reach b even in quick mode.
        let steps = max(settings.horizon, InterventionTask.minimumSteps)
        let from = settings.scoreFrom, split = settings.scoreFrom + 5
        var remove: [Double] = [], mass: [Double] = [], push: [Double] = []
        var seesMass = false
        var pushable = true
        for i in 0..<settings.samples {
            let scene = InterventionTask.scene(&rng, index: i)
            let removed = try Intervention.remove("b").apply(to: scene)
            remove.append(contender.tracking(try contender.rollout(removed, steps: steps),
                                              try Simulator.rollout(removed, steps: steps), steps: from...steps).meanChargedError)
            let heavy = try Intervention.set("b", .mass((scene.body(named: "b")?.resolvedMass ?? 1) * InterventionTask.massFactor))
                .apply(to: scene)
            let heavyRun = try contender.rollout(heavy, steps: steps)
            if !seesMass, !InterventionTask.samePositions(try contender.rollout(scene, steps: steps), heavyRun) { seesMass = true }
            mass.append(contender.tracking(heavyRun, try Simulator.rollout(heavy, steps: steps), steps: from...steps).meanChargedError)
            // A dynamic intervention: a push in mid-run.
            let impulse = Vec2(0, rng.uniform(3, 6)) * (scene.body(named: "a")?.resolvedMass ?? 1)
            guard pushable, contender.canEdit(["vx", "vy"], of: "a", in: scene) else { pushable = false; continue }
            let factual = try Simulator.rollout(scene, steps: steps)
            let twin = try Counterfactual.twin(of: factual, at: split, interventions: [.push("a", impulse)])
            let m = scene.body(named: "a")?.resolvedMass ?? 1
            let kick: BenchmarkContender.StateEdit = { model, state in
                guard let a = try model.decode(state)["a"] else { return state }
                return try BenchmarkContender.setVelocity("a", to: a.velocity + impulse / m)(model, state)
            }
            let pushed = try contender.run(scene, steps: steps, edits: [split: kick])
            push.append(contender.tracking(pushed, twin.counterfactual, steps: (split + 1)...steps, bodies: ["a"]).meanChargedError)
        }
        return [.mean("\(name).remove", unit: "m", remove),
                seesMass ? .mean("\(name).mass", unit: "m", mass)
                         : .unavailable("\(name).mass", unit: "m", higherIsBetter: false, reason: "n/a"),
                pushable ? .mean("\(name).push", unit: "m", push)
                         : .unavailable("\(name).push", unit: "m", higherIsBetter: false, reason: "n/a")]
    }

    /// True when the two rollouts place every body identically at every step (a mass field
    /// copied from the declaration does not count as seeing mass).
    static func samePositions(_ a: Rollout, _ b: Rollout) -> Bool {
        guard a.states.count == b.states.count else { return false }
        for (s, t) in zip(a.states, b.states) {
            guard s.bodies.count == t.bodies.count else { return false }
            for (p, q) in zip(s.bodies, t.bodies) where p.name != q.name || p.position != q.position { return false }
        }
        return true
    }
}
