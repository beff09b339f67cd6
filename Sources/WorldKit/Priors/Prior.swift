// MARK: - Reasoning priors
//
// A prior is a symbolic rule a rollout should obey ("bodies do not interpenetrate",
// "free bodies fall at g"). It is checked on consecutive states of any model's
// rollout, the simulator's included, and may know how to repair a state that breaks
// it. Built-in priors are Swift types; a prior written in the scenario language is a
// `ClosurePrior` whose closures call back into the interpreter, so both kinds run
// through the same check / project / reject machinery.

/// One breach of a prior at one step.
public struct Violation: Hashable, Sendable {
    /// The prior's name (`no_overlap`, or a user prior's name).
    public var prior: String
    public var step: Int
    /// The bodies involved, in the state's order (walls and the ground by name).
    public var bodies: [String]
    /// How badly the prior is broken, in the prior's own unit (metres, kg·m/s, joules…); > 0.
    public var magnitude: Double
    /// What was found, for a report.
    public var message: String

    public init(prior: String, step: Int, bodies: [String], magnitude: Double, message: String) {
        self.prior = prior
        self.step = step
        self.bodies = bodies
        self.magnitude = magnitude
        self.message = message
    }
}

/// What a prior may look at besides the two states: the scene (ground, walls, bounds,
/// gravity, dt) and, for each body ever seen in the rollout, its last state.
public struct PriorContext: Sendable {
    public var scene: Scene
    /// Each body's most recent state in which it was present, by name.
    public var lastSeen: [String: LastSighting]

    public init(scene: Scene, lastSeen: [String: LastSighting] = [:]) {
        self.scene = scene
        self.lastSeen = lastSeen
    }

    /// Seconds per step (the default step when the scene's is not positive).
    public var dt: Double { scene.dt > 0 && scene.dt.isFinite ? scene.dt : PhysicsDefaults.dt }

    /// Records the bodies of `state` as the latest seen.
    public mutating func remember(_ state: WorldState) {
        for b in state.bodies { lastSeen[b.name] = LastSighting(step: state.step, body: b) }
    }
}

/// A body as it was at the last step it was present.
public struct LastSighting: Hashable, Sendable {
    public var step: Int
    public var body: BodyState

    public init(step: Int, body: BodyState) {
        self.step = step
        self.body = body
    }
}

/// A symbolic rule over a (previous state, state) pair, with an optional correction.
public protocol Prior {
    /// The prior's name in reports and in the language.
    var name: String { get }
    /// True when `correct` can repair a violating state.
    var canCorrect: Bool { get }
    /// The violations of `state` (reached from `previous`, nil at a rollout's first state).
    func check(previous: WorldState?, state: WorldState, context: PriorContext) throws -> [Violation]
    /// `state` with this prior's violations repaired (as far as one pass can), or nil when
    /// the prior has no correction. Must return `state` unchanged when nothing is violated.
    func correct(previous: WorldState?, state: WorldState, context: PriorContext) throws -> WorldState?
}

extension Prior {
    public var canCorrect: Bool { true }
}

// MARK: - Priors from closures

/// A prior made of closures: the language's user-defined priors, and ad-hoc rules in tests.
/// The closures may throw (a runtime error in a user's prior body stops the rollout).
public struct ClosurePrior: Prior {
    public typealias Check = (_ previous: WorldState?, _ state: WorldState, _ context: PriorContext) throws -> [Violation]
    public typealias Correct = (_ previous: WorldState?, _ state: WorldState, _ context: PriorContext) throws -> WorldState

    public let name: String
    private let checkBody: Check
    private let correctBody: Correct?

    public init(name: String, check: @escaping Check, correct: Correct? = nil) {
        self.name = name
        self.checkBody = check
        self.correctBody = correct
    }

    public var canCorrect: Bool { correctBody != nil }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) throws -> [Violation] {
        try checkBody(previous, state, context)
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) throws -> WorldState? {
        guard let correctBody else { return nil }
        return try correctBody(previous, state, context)
    }
}

/// Why a prior or a constrained rollout could not run.
public struct PriorError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
