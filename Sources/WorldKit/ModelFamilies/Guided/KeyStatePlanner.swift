// MARK: - Planners for guided models
//
// Plan-then-render (the survey's knowledge-integration pattern): a coarse reasoner proposes
// where the world will be a few steps ahead, and a learned model renders the steps between.
// A planner answers one question: from this state, where is every body `steps` steps later?

/// Proposes the key state `steps` steps after a given state.
public protocol KeyStatePlanner {
    /// For `describe`: "simulator at 10× the step", "sketch".
    var summary: String { get }
    /// The state `steps` steps after `state` (nil when the planner cannot say from it). Bodies
    /// the planner leaves out keep the model's estimate.
    func plan(from state: WorldState, steps: Int, scene: Scene) throws -> WorldState?
}

/// The simulator at a coarse step: `coarseness` of the scene's steps per simulator step
/// (substeps and iterations unchanged), so a plan over k steps costs k / coarseness steps.
/// The start state is first made consistent with the scene's geometry (the priors
/// `no_overlap`, `above_ground`, `inside_bounds` projected), since a learned model's estimate
/// may overlap; what overlap is left the simulator resolves as it goes (`allowOverlap`). A
/// state the simulator still refuses (non-finite values) gives no plan.
public struct SimulatorPlanner: KeyStatePlanner {
    public let coarseness: Int

    public init(coarseness: Int) throws {
        guard coarseness >= 1, coarseness <= GuidedModel.maximumInterval else {
            throw ModelError("the planner's coarseness must be in 1...\(GuidedModel.maximumInterval), got \(coarseness)")
        }
        self.coarseness = coarseness
    }

    public var summary: String { "the simulator at \(coarseness)× the scene's step" }

    public func plan(from state: WorldState, steps: Int, scene: Scene) throws -> WorldState? {
        guard steps >= 1 else { return state }
        let context = PriorContext(scene: scene)
        let geometric: [any Prior] = [NoOverlapPrior(), AboveGroundPrior(), InsideBoundsPrior()]
        let start = try ConstrainedRollout.projectState(state, previous: nil, priors: geometric, context: context).state
        var coarse = scene
        // As many coarse steps as cover the interval, each exactly interval / count long.
        let count = (steps + coarseness - 1) / coarseness
        coarse.dt = context.dt * Double(steps) / Double(count)
        coarse.noise = nil
        coarse.allowOverlap = true
        for i in coarse.bodies.indices where !coarse.bodies[i].isStatic {
            guard let b = start[coarse.bodies[i].name], PriorGeometry.isFinite(b) else { continue }
            coarse.bodies[i].position = b.position
            coarse.bodies[i].velocity = b.velocity
            coarse.bodies[i].angle = b.angle
            coarse.bodies[i].spin = b.spin
        }
        guard var sim = try? Simulator(scene: coarse) else { return nil }
        for _ in 0..<count { sim.step() }
        var out = sim.state
        out.step = state.step + steps
        out.time = state.time + Double(steps) * context.dt
        return out
    }
}

/// A planner made of a closure: the language's sketch functions (`fn (s, k) { … }`).
public struct ClosurePlanner: KeyStatePlanner {
    public typealias Sketch = (_ state: WorldState, _ steps: Int, _ scene: Scene) throws -> WorldState?
    public let summary: String
    private let body: Sketch

    public init(summary: String, plan: @escaping Sketch) {
        self.summary = summary
        self.body = plan
    }

    public func plan(from state: WorldState, steps: Int, scene: Scene) throws -> WorldState? {
        try body(state, steps, scene)
    }
}
