// MARK: - Planning with each model, made in the simulator
//
// Ball a rests on the ground, ball b 0.5 to 2 m to its right. The action is a's velocity at step 0 (a
// speed in the training range [1, 4] m/s at an angle in [−0.6, 0.6] rad, as the training
// family's balls start); the goal is b's x at the horizon within `tolerance` of a target.
// The target is where b ends under an action drawn at random from the same space (in the
// simulator), so every goal can be reached. Each contender plans with `Planner.plan`
// (the cross-entropy method over the two action coordinates, `budget` imagined rollouts,
// the cost |b.x − target| of the imagined rollout); `Planner.execute` makes the plan in
// the simulator and plans with the simulator itself at the same budget, method and seed
// for the regret. Metrics: the rate of plans that succeed in reality, the regret (m:
// the plan's real cost minus the simulator-planned cost; negative when the model's plan
// happens to beat the simulator's search), and the rate of plans the model believed
// would succeed that fail in reality (overconfidence). A model that imagines nothing
// moving (`still`) or a's straight coasting past b (`constvel`) sees every candidate
// cost the same and keeps the first: it plans a random action. Under priors the model
// imagines through the same priors its column runs under.

/// Success and regret of planning with a contender, executed in the simulator.
public struct PlanningTask: BenchmarkTask {
    public init() {}
    public var name: String { "planning" }
    public var summary: String {
        "plan a's push so that b ends within 0.25 m of a target: success in the simulator, regret against planning with physics"
    }

    /// How close (m) b's final x must come to the target.
    public static let tolerance = 0.25
    /// Steps from the action to the goal.
    public static let horizon = 150
    /// Imagined rollouts per plan (full, quick).
    public static let budget = (full: 32, quick: 12)
    /// Scenes (full, quick): fewer than the other tasks, since each costs `budget` rollouts
    /// per copy and as many simulator rollouts for the reference.
    public static let scenes = (full: 12, quick: 3)
    /// The action space: a's speed (m/s) and angle (rad) at step 0.
    public static let speeds = BenchmarkScenes.trainingSpeeds
    public static let angles = -0.6...0.6

    /// a's velocity for two unit draws.
    static func velocity(_ draws: UnitDraws) -> Vec2 {
        let speed = draws.uniform(speeds.lowerBound, speeds.upperBound)
        let angle = draws.uniform(angles.lowerBound, angles.upperBound)
        return Vec2(speed * _cos(angle), speed * _sin(angle))
    }

    /// The actions of a unit-cube point: a's velocity at step 0.
    static func actions(_ draws: UnitDraws) -> [TimedIntervention] {
        [TimedIntervention(step: 0, .set("a", .velocity(velocity(draws))))]
    }

    /// Two balls at rest on the ground between the walls, b 0.5 to 2 m right of a.
    public static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        let ra = rng.uniform(0.7, 1.0), rb = rng.uniform(0.7, 1.0)
        let xa = rng.uniform(-7, -5)
        var a = BodySpec.ball("a", at: Vec2(xa, ra), radius: ra)
        var b = BodySpec.ball("b", at: Vec2(xa + ra + rb + rng.uniform(0.5, 2), rb), radius: rb)
        a.color = BenchmarkScenes.palette[0]
        b.color = BenchmarkScenes.palette[1]
        return Scene(name: "planning\(index)", bodies: [a, b], walls: BenchmarkScenes.walls, ground: Ground(height: 0))
    }

    /// The problem for one scene: the target is b's final x under a random action.
    public static func problem(_ rng: inout RandomStream, index: Int, quick: Bool) throws -> PlanningProblem {
        let scene = scene(&rng, index: index)
        let hidden = UnitDraws(point: [rng.nextUnit(), rng.nextUnit()], seed: 0, candidate: 0)
        let reached = try Simulator.rollout(scene, steps: horizon, interventions: Imagination.schedule(actions(hidden)))
        let start = scene.body(named: "b")?.position.x ?? 0
        let target = reached.states.last?["b"]?.position.x ?? start
        let seed = rng.nextUInt64()
        return PlanningProblem(
            scene: scene, goal: .final { s in abs((s["b"]?.position.x ?? .infinity) - target) <= tolerance },
            cost: { r in
                // A rollout that lost b is charged what leaving b where it started would cost.
                guard let x = r.states.last?["b"]?.position.x, x.isFinite else { return abs(start - target) }
                return abs(x - target)
            },
            actions: { actions($0) }, dimension: 2, horizon: horizon,
            budget: quick ? budget.quick : budget.full, method: .cem, seed: seed)
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        var success: [(Int, Int)] = [], overconfident: [(Int, Int)] = [], regret: [Double] = []
        for i in 0..<(settings.quick ? PlanningTask.scenes.quick : PlanningTask.scenes.full) {
            let problem = try PlanningTask.problem(&rng, index: i, quick: settings.quick)
            let plan: Plan
            if contender.priors.isEmpty {
                plan = try Planner.plan(contender.model, problem)
            } else {
                plan = try Planner.plan(imagining: { scene, actions, steps, seed in
                    let started = try scene.intervened(actions.filter { $0.step == 0 }.map(\.intervention))
                    return try contender.rollout(started, steps: steps, seed: seed)
                }, problem)
            }
            let outcome = try Planner.execute(plan, problem)
            success.append((outcome.realSuccess == true ? 1 : 0, 1))
            overconfident.append((plan.imaginedSuccess == true && outcome.realSuccess != true ? 1 : 0, 1))
            regret.append(outcome.regret)
        }
        return [.rate("\(name).success", success),
                .mean("\(name).regret", unit: "m", regret),
                .rate("\(name).overconfident", overconfident, higherIsBetter: false)]
    }
}
