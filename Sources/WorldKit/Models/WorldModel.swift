// MARK: - The world-model abstraction
//
// A world model has an observation O_t (what the camera sees), a state S_t and
// dynamics S_{t+1} = f(S_t). Every model — the simulator included — is driven the
// same way: `start` from a scene and a few context observations, `step` forward,
// `decode` what it believes. Models differ in what their state is (a window of
// frames, a memory bank, a latent vector, object slots), and the taxonomy says so.

/// One body as the camera sees it. Only visible bodies are observed: a body hidden
/// behind an occluder or outside the view is absent, which is what makes object
/// permanence measurable. Velocity is not observed; models infer it from frames.
public struct ObservedBody: Hashable, Sendable, Codable {
    public var name: String
    public var kind: BodyKind
    public var position: Vec2
    public var angle: Double
    /// Radius for balls; zero for boxes.
    public var radius: Double
    /// Full size (for balls, the bounding square).
    public var size: Vec2
    public var color: Color

    public init(name: String, kind: BodyKind, position: Vec2, angle: Double, radius: Double, size: Vec2, color: Color) {
        self.name = name
        self.kind = kind
        self.position = position
        self.angle = angle
        self.radius = radius
        self.size = size
        self.color = color
    }

    public init(_ b: BodyState) {
        self.init(name: b.name, kind: b.kind, position: b.position, angle: b.angle, radius: b.radius,
                  size: b.size, color: b.color)
    }
}

/// What a model is shown at one step: the visible bodies (and, for pixel models,
/// the frame, rendered on demand from the same state through the scene's camera).
public struct Observation: Hashable, Sendable {
    public var step: Int
    public var time: Double
    /// Visible bodies, in the scene's declaration order.
    public var bodies: [ObservedBody]
    /// The true state the observation was made from; only pixel models use it, to
    /// render the frame the camera would show. Never read by models as ground truth.
    public var source: WorldState

    public init(_ state: WorldState) {
        step = state.step
        time = state.time
        bodies = state.bodies.filter(\.visible).map(ObservedBody.init)
        source = state
    }

    /// The observed body with this name, if visible.
    public subscript(name: String) -> ObservedBody? { bodies.first { $0.name == name } }
}

/// Where a model sits in the survey's taxonomy (Wang et al., 2026).
public struct Taxonomy: Hashable, Sendable, Codable {
    public enum StateConstruction: String, Hashable, Sendable, Codable {
        /// The model keeps frames; a memory mechanism decides what it sees.
        case implicit
        /// A learned recurrent state S_t → S_{t+1}.
        case explicit
        /// The exact simulator state (the ground truth).
        case exact
    }

    public enum Memory: String, Hashable, Sendable, Codable {
        case none
        /// Old frames condensed at lower fidelity.
        case compression
        /// Relevant past frames looked up.
        case retrieval
        /// New frames folded in, old ones evicted (a sliding window).
        case consolidation
        /// Latent compression into a fixed-size state.
        case latent
        /// One slot per object, kept through occlusion.
        case objectSlots
    }

    public enum Dynamics: String, Hashable, Sendable, Codable {
        /// Causal, autoregressive next-step prediction, learned.
        case autoregressive
        /// Learned dynamics on top of a physics prior (knowledge integration).
        case knowledgeIntegrated
        /// The simulator's own integrator.
        case simulator
        /// Dynamics computed by another process.
        case external
    }

    public var state: StateConstruction
    public var memory: Memory
    public var dynamics: Dynamics
    /// One sentence on what the model is, for `describe`.
    public var summary: String

    public init(state: StateConstruction, memory: Memory, dynamics: Dynamics, summary: String) {
        self.state = state
        self.memory = memory
        self.dynamics = dynamics
        self.summary = summary
    }
}

/// A named, editable factor of a model's state: `a.x`, `b.vx`, `z3`.
public struct LatentFactor: Hashable, Sendable {
    /// The body it belongs to, or nil for factors of the whole state (pixel latents).
    public var body: String?
    public var name: String
    public var value: Double
    /// For probe-derived factors, how well the probe fits (R² on held-out data).
    public var probeR2: Double?

    public init(body: String?, name: String, value: Double, probeR2: Double? = nil) {
        self.body = body
        self.name = name
        self.value = value
        self.probeR2 = probeR2
    }
}

/// Why a model could not do what it was asked.
public struct ModelError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A model's state during a rollout. Each model defines its own concrete type.
public protocol ModelState: Sendable {
    /// The step the state describes.
    var step: Int { get }
}

/// A world model: observe → state; step → next state; decode → estimated world.
///
/// Models are classes because training changes them in place; a trained model's
/// rollouts are pure functions of (scene, context, seed), so they are deterministic.
public protocol WorldModel: AnyObject {
    /// The constructor's name in the language: "window", "memory", "latent", …
    var kind: String { get }
    var taxonomy: Taxonomy { get }
    /// The hyperparameters that define the model (for `describe` and model files).
    var hyperparameters: [String: Double] { get }
    /// False until trained (the simulator is always ready).
    var isTrained: Bool { get }
    /// How many context observations `start` wants (at least 1).
    var contextLength: Int { get }

    /// Builds the model's state from the scene (its static geometry, camera and the
    /// declared bodies) and the last `contextLength` observations, oldest first.
    func start(scene: Scene, context: [Observation]) throws -> any ModelState
    /// Advances the state by one step.
    func step(_ state: any ModelState) throws -> any ModelState
    /// What the model believes the world is: estimated body states. A body the
    /// model has lost (forgotten behind an occluder) is absent.
    func decode(_ state: any ModelState) throws -> WorldState
    /// The model's named factors in this state (empty when it has none).
    func factors(_ state: any ModelState) -> [LatentFactor]
    /// Sets one factor (`body.name` or a whole-state factor) and returns the new state.
    func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState
}

extension WorldModel {
    public func factors(_ state: any ModelState) -> [LatentFactor] { [] }
    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        throw ModelError("\(kind) has no editable factor '\(body.map { $0 + "." } ?? "")\(factor)'")
    }
}
