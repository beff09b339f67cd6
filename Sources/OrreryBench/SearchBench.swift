import WorldKit

// MARK: - Search benchmark
//
// Planning and falsification, measured in evaluations (imagined rollouts, property
// checks), printed as `name<TAB>value<TAB>unit` lines for Scripts/bench.d/search.
//
// 1. Planning with `physics` on a goal task: one push must lob a ball over a wall into a
//    region past it. For each of `seeds` seeds, CEM and random shooting plan with a budget
//    of 500 imagined rollouts (stopping at the first imagined success); the plan is then
//    made in reality. Reported: success in reality, and the median evaluations used.
// 2. Falsification on a family whose failure set is thin: a ball crosses the field from a
//    random height with a random vertical speed; the property says its final height is
//    more than 4 mm from the centre line. Each method runs until its first counterexample
//    (budget 20,000), over `seeds` seeds; reported: the median evaluations to the first
//    counterexample per method, the ratio random / CEM, and the failure probability as
//    random search measures it (counterexamples over evaluations).

enum SearchBench {
    struct Options {
        var seeds = 20
        var planBudget = 500
        var falsifyBudget = 20_000
        var methods: [SearchMethod] = [.random, .halton, .cem, .annealing]
        var planning = true
    }

    static func run(_ arguments: [String]) {
        var options = Options()
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? Int(arguments[i + 1]) : nil
            switch (arguments[i], value) {
            case ("--seeds", let v?) where v > 0: options.seeds = v
            case ("--plan-budget", let v?) where v > 0: options.planBudget = v
            case ("--falsify-budget", let v?) where v > 0: options.falsifyBudget = v
            case ("--methods", _) where i + 1 < arguments.count:
                // Falsification methods to run, e.g. "random,cem"; planning is skipped.
                let names = arguments[i + 1].split(separator: ",").map(String.init)
                let methods = names.compactMap(SearchMethod.init(rawValue:))
                guard methods.count == names.count, !methods.isEmpty else { print("unknown method in \(arguments[i + 1])"); return }
                options.methods = methods
                options.planning = false
            default:
                print("usage: OrreryBench search [--seeds N] [--plan-budget N] [--falsify-budget N] [--methods random,cem,…]")
                return
            }
            i += 2
        }
        do {
            if options.planning { try planning(options) }
            try falsification(options)
        } catch {
            print("search bench failed: \(error)")
        }
    }

    // MARK: Planning

    /// The goal task: ball `a` rests on the ground left of a 2.5 m wall; `goal`, a 0.3 m square hoop in the air past the wall (at 3.5, 3.2), must be flown through.
    static let lobScene: Scene = {
        var ball = BodySpec.ball("a", at: Vec2(-5, 0.3), radius: 0.3)
        ball.mass = 1
        var wall = BodySpec.box("wall", at: Vec2(0, 1.25), size: Vec2(0.4, 2.5))
        wall.isStatic = true
        return Scene(name: "lob", bodies: [ball, wall], ground: Ground(height: 0),
                     regions: [Region(name: "goal", center: Vec2(3.5, 3.2), size: Vec2(0.3, 0.3))])
    }()

    static func lobProblem(method: SearchMethod, budget: Int, seed: UInt64) -> PlanningProblem {
        PlanningProblem(scene: lobScene, goal: .event(EventPattern(.regionEnter, "a", "goal")), actions: { d in
            [TimedIntervention(step: 0, .push("a", Vec2(d.uniform(-12, 12), d.uniform(0, 16))))]
        }, dimension: 2, horizon: 180, budget: budget, method: method, seed: seed)
    }

    static func planning(_ options: Options) throws {
        for method in [SearchMethod.random, .cem, .mppi] {
            var successes = 0
            var evaluations: [Int] = []
            for s in 0..<options.seeds {
                let problem = lobProblem(method: method, budget: options.planBudget, seed: UInt64(s))
                let plan = try Planner.plan(PhysicsModel(), problem)
                let real = try Imagination.rollout(PhysicsModel(), scene: lobScene, actions: plan.actions,
                                                   steps: problem.horizon, seed: problem.seed)
                if real.happened(EventPattern(.regionEnter, "a", "goal")) { successes += 1 }
                evaluations.append(plan.evaluations)
            }
            let name = "plan.\(method.rawValue)"
            line("\(name).success", Double(successes) / Double(options.seeds), "fraction of \(options.seeds) seeds, budget \(options.planBudget)")
            line("\(name).evaluations.median", median(evaluations), "imagined rollouts to the plan")
            line("\(name).evaluations.max", Double(evaluations.max() ?? 0), "imagined rollouts")
        }
    }

    // MARK: Falsification

    /// Final-height margin below which the property fails (metres).
    static let tolerance = 0.004

    /// The thin-failure family: start height U(-3, 3), vertical speed U(-2, 2), mass U(1, 3).
    static func crossing(_ d: UnitDraws) -> Scene {
        var ball = BodySpec.ball("a", at: Vec2(-5, d.uniform(-3, 3)), radius: 0.3)
        ball.velocity = Vec2(4, d.uniform(-2, 2))
        ball.mass = d.uniform(1, 3)
        return Scene(name: "crossing", bodies: [ball], gravity: .zero)
    }

    /// Robustness of "the ball ends more than 4 mm from the centre line" after 150 steps.
    static func margin(_ scene: Scene) throws -> Double {
        let r = try Simulator.rollout(scene, steps: 150, seed: 0, interventions: [])
        guard let a = r.states.last?["a"] else { throw SearchError("ball lost") }
        return abs(a.position.y) - tolerance
    }

    static func falsification(_ options: Options) throws {
        var medians: [SearchMethod: Double] = [:]
        var randomFound = 0, randomEvaluations = 0
        for method in options.methods {
            var firsts: [Int] = []
            var misses = 0
            for s in 0..<options.seeds {
                let result = try Falsifier.run(dimension: 3, budget: options.falsifyBudget, method: method,
                                               seed: UInt64(1000 + s), stopAtFirst: true, draw: { point, attempt in
                    crossing(UnitDraws(point: point, seed: UInt64(1000 + s), candidate: attempt))
                }, property: margin)
                if let f = result.firstCounterexampleAt { firsts.append(f) } else { misses += 1; firsts.append(options.falsifyBudget) }
                if method == .random {
                    randomFound += result.counterexampleCount
                    randomEvaluations += result.evaluations
                }
            }
            medians[method] = median(firsts)
            line("falsify.\(method.rawValue).first.median", median(firsts), "evaluations to the first counterexample (median of \(options.seeds) seeds)")
            line("falsify.\(method.rawValue).missed", Double(misses), "seeds without a counterexample within \(options.falsifyBudget)")
        }
        line("falsify.failure.probability", Double(randomFound) / Double(max(1, randomEvaluations)),
             "counterexamples per random evaluation")
        if let r = medians[.random], let c = medians[.cem], c > 0 {
            line("falsify.random_over_cem", r / c, "ratio of median evaluations to the first counterexample")
        }
    }

    static func median(_ xs: [Int]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func line(_ name: String, _ value: Double, _ unit: String) {
        print("\(name)\t\(value)\t\(unit)")
    }
}
