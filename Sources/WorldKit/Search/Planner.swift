// MARK: - Planning with a world model
//
// Model-predictive planning by shooting: a candidate is a point of the unit cube that
// the action space turns into interventions at steps; the model imagines the rollout;
// the goal scores it. Random shooting, CEM and MPPI search the cube (`UnitCubeSearch`).
// The plan is the best candidate: its actions, its imagined rollout and success. A
// plan is only as good as the model that imagined it; `Planner.execute` makes it in
// reality (the simulator) and compares it with what planning with the simulator itself
// finds with the same budget: the regret.

/// What a plan must achieve.
public enum PlanGoal {
    /// An event must happen (`entered(a, goal)`); the cost is shaped by how close it came.
    case event(EventPattern)
    /// A predicate over the final state must hold.
    case final((WorldState) throws -> Bool)
    /// No goal of its own: only the cost function scores (success is not defined).
    case none
}

/// A planning problem, whatever model will imagine it.
public struct PlanningProblem {
    public var scene: Scene
    public var goal: PlanGoal
    /// A cost of the imagined rollout to minimise (lower is better); nil: the goal's own cost.
    public var cost: ((Rollout) throws -> Double)?
    /// The actions a unit-cube point stands for (`UnitDraws` feeds the action space's draws).
    public var actions: (UnitDraws) throws -> [TimedIntervention]
    /// Draws the action space makes: the dimension of the search.
    public var dimension: Int
    public var horizon: Int
    public var budget: Int
    public var method: SearchMethod
    public var seed: UInt64

    public init(scene: Scene, goal: PlanGoal, cost: ((Rollout) throws -> Double)? = nil,
                actions: @escaping (UnitDraws) throws -> [TimedIntervention], dimension: Int,
                horizon: Int, budget: Int, method: SearchMethod, seed: UInt64) {
        self.scene = scene
        self.goal = goal
        self.cost = cost
        self.actions = actions
        self.dimension = dimension
        self.horizon = horizon
        self.budget = budget
        self.method = method
        self.seed = seed
    }
}

/// A plan: the chosen actions and what the model imagined they do.
public struct Plan {
    public var actions: [TimedIntervention]
    public var imagined: Rollout
    public var imaginedCost: Double
    /// Whether the imagined rollout reaches the goal (nil when the problem has no goal).
    public var imaginedSuccess: Bool?
    /// Candidates the model imagined.
    public var evaluations: Int
    /// Every candidate's cost, in the order evaluated.
    public var costs: [Double]
}

/// A plan made in reality.
public struct PlanOutcome {
    public var real: Rollout
    public var realCost: Double
    public var realSuccess: Bool?
    /// The plan that planning with the simulator finds with the same budget, method and seed.
    public var reference: Plan
    /// `realCost − reference.imaginedCost`: what the model's imagination cost in reality.
    public var regret: Double
}

public enum Planner {
    /// How a planner imagines a candidate: the rollout of `scene` for `steps` steps with `actions` made.
    public typealias Imagine = (_ scene: Scene, _ actions: [TimedIntervention], _ steps: Int, _ seed: UInt64) throws -> Rollout

    /// Plans with `model`: searches the action space for the lowest-cost imagined rollout.
    /// Stops early when a candidate reaches the goal and no cost function asks for more.
    public static func plan(_ model: any WorldModel, _ problem: PlanningProblem) throws -> Plan {
        try plan(imagining: { try Imagination.rollout(model, scene: $0, actions: $1, steps: $2, seed: $3) }, problem)
    }

    /// Plans with any imagination (a model run under priors, say): the same search as `plan(model, …)`.
    public static func plan(imagining imagine: Imagine, _ problem: PlanningProblem) throws -> Plan {
        guard problem.horizon >= 1, problem.horizon <= ModelRollout.maximumSteps else {
            throw SearchError("horizon must be in 1...\(ModelRollout.maximumSteps), got \(problem.horizon)")
        }
        let search = try UnitCubeSearch(dimension: problem.dimension, budget: problem.budget,
                                        method: problem.method, seed: problem.seed)
        var best: (cost: Double, actions: [TimedIntervention], rollout: Rollout, success: Bool?)?
        var candidate = 0
        let candidates = try search.run(evaluate: { point in
            let draws = UnitDraws(point: point, seed: problem.seed, candidate: candidate)
            candidate += 1
            let actions = try problem.actions(draws)
            let r = try imagine(problem.scene, actions, problem.horizon, problem.seed)
            let (c, ok) = try score(r, problem)
            if best == nil || c < best!.cost { best = (c, actions, r, ok) }
            return c
        }, stop: { _ in
            problem.cost == nil && best?.success == true
        })
        guard let chosen = best else { throw SearchError("no candidate was evaluated") }
        return Plan(actions: chosen.actions, imagined: chosen.rollout, imaginedCost: chosen.cost,
                    imaginedSuccess: chosen.success, evaluations: candidates.count, costs: candidates.map(\.cost))
    }

    /// Makes `plan` in reality and plans with the simulator at the same budget for the regret.
    public static func execute(_ plan: Plan, _ problem: PlanningProblem) throws -> PlanOutcome {
        let real = try Imagination.rollout(PhysicsModel(), scene: problem.scene, actions: plan.actions,
                                           steps: problem.horizon, seed: problem.seed)
        let (c, ok) = try score(real, problem)
        let reference = try Planner.plan(PhysicsModel(), problem)
        return PlanOutcome(real: real, realCost: c, realSuccess: ok, reference: reference,
                           regret: c - reference.imaginedCost)
    }

    /// The cost of a rollout and whether it reaches the goal.
    public static func score(_ r: Rollout, _ problem: PlanningProblem) throws -> (cost: Double, success: Bool?) {
        let success: Bool?
        var goalCost = 0.0
        switch problem.goal {
        case .event(let pattern):
            let happened = r.happened(pattern)
            success = happened
            goalCost = happened ? 0 : 1 + GoalDistance.closest(pattern, in: r)
        case .final(let holds):
            let ok = try holds(r.states[r.states.count - 1])
            success = ok
            goalCost = ok ? 0 : 1
        case .none:
            success = nil
        }
        if let cost = problem.cost {
            let c = try cost(r)
            guard !c.isNaN else { throw SearchError("the cost function returned NaN") }
            return (c, success)
        }
        return (goalCost, success)
    }
}

/// How close a rollout came to an event it did not have: a shaped cost for search.
public enum GoalDistance {
    /// Metres: for `entered(a, R)` the closest a's centre came to R; for `contact(a, b)` the
    /// smallest gap between their bounding circles; 0 for other events (no shaping).
    public static func closest(_ p: EventPattern, in r: Rollout) -> Double {
        guard let a = p.body else { return 0 }
        switch p.kind {
        case .regionEnter:
            guard let name = p.other, let region = r.scene.regions.first(where: { $0.name == name }) else { return 0 }
            var best = Double.infinity
            for s in r.states {
                guard let b = s[a] else { continue }
                let dx = max(region.rect.minX - b.position.x, 0, b.position.x - region.rect.maxX)
                let dy = max(region.rect.minY - b.position.y, 0, b.position.y - region.rect.maxY)
                best = min(best, (dx * dx + dy * dy).squareRoot())
            }
            return best.isFinite ? best : 0
        case .contactBegin:
            guard let other = p.other else { return 0 }
            var best = Double.infinity
            for s in r.states {
                guard let x = s[a], let y = s[other] else { continue }
                let gap = (x.position - y.position).length - reach(x) - reach(y)
                best = min(best, max(0, gap))
            }
            return best.isFinite ? best : 0
        default:
            return 0
        }
    }

    private static func reach(_ b: BodyState) -> Double {
        b.kind == .ball ? b.radius : 0.5 * b.size.length
    }
}
