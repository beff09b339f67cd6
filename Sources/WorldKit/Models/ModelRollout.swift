// MARK: - Rolling a model forward
//
// Every model is rolled out the same way: the simulator plays the scene for the
// model's context, the camera observes those steps, the model builds its state
// from the observations and predicts the rest on its own (eating its own output:
// causal, autoregressive). The result is an ordinary `Rollout` of the model's
// estimates, aligned step for step with `Simulator.rollout(scene, steps:, seed:)`.

/// A model rollout in progress: step it, edit the model's state at any step, then
/// take the `Rollout`. `ModelRollout.run` is `ModelRun` stepped to the end; latent
/// edits (`edit(r, at: t) { … }`) step to t, `edit`, and step on.
public struct ModelRun {
    public let model: any WorldModel
    public let scene: Scene
    public let seed: UInt64
    /// The rollout's planned length.
    public let steps: Int
    /// The model's current state.
    public private(set) var state: any ModelState
    /// Decoded states so far, one per step from step 0.
    public private(set) var states: [WorldState]
    /// The model's frames so far, one per state, when it gives frames (`FrameDecodingModel`).
    public private(set) var frames: RolloutFrames?
    /// The step of the last state.
    public var step: Int { states.count - 1 }
    private var reportedEvents: [PhysicsEvent]
    private let contextEvents: [PhysicsEvent]

    /// Simulates the context, starts the model on it and decodes the start state.
    public init(_ model: any WorldModel, scene: Scene, steps: Int, seed: UInt64 = 0) throws {
        guard model.isTrained else { throw ModelError("the \(model.kind) model is not trained yet; train it first") }
        guard steps >= 0, steps <= ModelRollout.maximumSteps else {
            throw ModelError("rollout steps must be in 0...\(ModelRollout.maximumSteps), got \(steps)")
        }
        let context = max(1, model.contextLength)
        guard context <= ModelRollout.maximumSteps else { throw ModelError("context length \(context) is too long") }
        var sim = try Simulator(scene: scene, seed: seed)
        let truth = sim.record(steps: context - 1)
        let observations = truth.states.map(Observation.init)
        if let seeded = model as? SeededWorldModel {
            state = try seeded.start(scene: scene, context: observations, seed: seed)
        } else {
            state = try model.start(scene: scene, context: observations)
        }
        var states: [WorldState] = []
        states.reserveCapacity(max(steps, context - 1) + 1)
        for i in 0..<(context - 1) {
            states.append(ModelRollout.observedState(observations[i], previous: i > 0 ? observations[i - 1] : nil, scene: scene))
        }
        var frames: RolloutFrames? = nil
        if let pixels = model as? FrameDecodingModel, let size = pixels.decodedFrameSize {
            // A rollout keeps every frame: refuse one whose frames would not fit, before starting.
            let (bytes, overflow) = (max(steps, context - 1) + 1).multipliedReportingOverflow(by: size.byteCount)
            guard !overflow, bytes <= ModelRollout.maximumFrameBytes else {
                throw ModelError("a rollout of \(steps) steps of \(size) frames needs more than \(ModelRollout.maximumFrameBytes >> 20) MiB for the frames; roll out at most \(ModelRollout.maximumFrameBytes / size.byteCount - 1) steps")
            }
            // The context steps show what the model was shown: the camera's frames.
            var shown = RolloutFrames(width: size.width, height: size.height)
            for o in observations.prefix(context - 1) {
                shown.pixels.append(try FrameRendering.render(scene: scene, state: o.source, size: size).pixels)
            }
            let (decoded, frame) = try pixels.decodeWithFrame(state)
            states.append(ModelRollout.stamped(decoded, step: context - 1, scene: scene))
            shown.pixels.append(try Self.checkedFrame(frame, size: size, model: model).pixels)
            frames = shown
        } else {
            states.append(ModelRollout.stamped(try model.decode(state), step: context - 1, scene: scene))
        }
        self.frames = frames
        self.model = model
        self.scene = scene
        self.seed = seed
        self.steps = steps
        self.states = states
        reportedEvents = []
        contextEvents = truth.events
    }

    /// One more model step.
    public mutating func advance() throws {
        state = try model.step(state)
        try appendDecoded()
        if let r = model as? EventReportingModel { reportedEvents.append(contentsOf: r.events(in: state)) }
    }

    /// Steps until the last state is at `target` (no-op when already there or past it).
    public mutating func advance(to target: Int) throws {
        guard target <= ModelRollout.maximumSteps else { throw ModelError("step \(target) is beyond the longest rollout") }
        while step < target { try advance() }
    }

    /// Replaces the model's current state (a latent edit) and its decoded state at this step.
    public mutating func edit(_ change: (any ModelState) throws -> any ModelState) throws {
        state = try change(state)
        let (decoded, frame) = try decodeCurrent()
        states[states.count - 1] = ModelRollout.stamped(decoded, step: step, scene: scene)
        if let frame { frames?.pixels[states.count - 1] = frame.pixels }
    }

    /// Decodes the current state (and its frame, for a model that gives frames) onto the end.
    private mutating func appendDecoded() throws {
        let (decoded, frame) = try decodeCurrent()
        states.append(ModelRollout.stamped(decoded, step: states.count, scene: scene))
        if let frame { frames?.pixels.append(frame.pixels) }
    }

    /// The current state decoded, with its frame when this rollout keeps frames.
    private func decodeCurrent() throws -> (WorldState, Image?) {
        guard frames != nil, let pixels = model as? FrameDecodingModel, let size = pixels.decodedFrameSize else {
            return (try model.decode(state), nil)
        }
        let (decoded, frame) = try pixels.decodeWithFrame(state)
        return (decoded, try Self.checkedFrame(frame, size: size, model: model))
    }

    /// A model's frame, which must be there and of the size it promised.
    static func checkedFrame(_ frame: Image?, size: FrameSize, model: any WorldModel) throws -> Image {
        guard let frame else { throw ModelError("the \(model.kind) model promised frames but decoded a state without one") }
        guard frame.width == size.width, frame.height == size.height else {
            throw ModelError("the \(model.kind) model decoded a \(frame.width)×\(frame.height) frame; it promised \(size)")
        }
        return frame
    }

    /// The rollout so far, cut to `steps` steps, with its events.
    public func rollout() -> Rollout {
        let kept = Array(states.prefix(steps + 1))
        var out = rolloutOfStates(kept)
        out.frames = frames.map { RolloutFrames(width: $0.width, height: $0.height, pixels: Array($0.pixels.prefix(steps + 1))) }
        return out
    }

    private func rolloutOfStates(_ kept: [WorldState]) -> Rollout {
        if let r = model as? EventReportingModel {
            // The context steps ran in the simulator; their events are the truth's.
            let events = contextEvents.filter { $0.step <= steps } + reportedEvents.filter { $0.step <= steps }
            return Rollout(scene: scene, seed: seed, states: kept, events: events, noise: r.noise(in: state))
        }
        return Rollout(scene: scene, seed: seed, states: kept, events: EventDetector.events(scene: scene, states: kept),
                       noise: NoiseRecord())
    }
}

/// A model whose start depends on a noise seed (the simulator, with its noise streams).
public protocol SeededWorldModel: WorldModel {
    func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState
}

/// A model that knows its own events exactly (the simulator), instead of post-hoc geometry.
public protocol EventReportingModel: WorldModel {
    /// The events of the step that produced `state`.
    func events(in state: any ModelState) -> [PhysicsEvent]
    /// The exogenous noise drawn up to `state`.
    func noise(in state: any ModelState) -> NoiseRecord
}

public enum ModelRollout {
    /// Longest rollout accepted.
    public static let maximumSteps = 1_000_000
    /// The most bytes of frames a rollout of a frame-giving model keeps (256 MiB: 21,845
    /// steps of 64×64 frames).
    public static let maximumFrameBytes = 1 << 28

    /// Rolls `model` through `scene` for `steps` steps from step 0 with noise seed `seed`.
    ///
    /// States 0 ..< contextLength-1 are what the model was shown (the visible bodies, with
    /// velocities from consecutive observations); state contextLength-1 is the model's decode
    /// of its start state; every later state is its decode after one more `step`. Events come
    /// from the model when it reports them, else from `EventDetector`.
    public static func run(_ model: any WorldModel, scene: Scene, steps: Int, seed: UInt64 = 0) throws -> Rollout {
        var run = try ModelRun(model, scene: scene, steps: steps, seed: seed)
        try run.advance(to: steps)
        return run.rollout()
    }

    /// A decoded state with the step and time the rollout expects.
    static func stamped(_ s: WorldState, step: Int, scene: Scene) -> WorldState {
        var out = s
        out.step = step
        out.time = Double(step) * scene.dt
        return out
    }

    /// What an observation shows, as a world state: the visible bodies, their velocities
    /// from the previous observation (zero when the body was not seen there), mass and
    /// staticness from the scene's declaration.
    public static func observedState(_ o: Observation, previous: Observation?, scene: Scene) -> WorldState {
        let dt = scene.dt > 0 ? scene.dt : PhysicsDefaults.dt
        let bodies = o.bodies.map { b -> BodyState in
            let spec = scene.body(named: b.name)
            let v = previous?[b.name].map { (b.position - $0.position) / dt } ?? .zero
            return BodyState(name: b.name, kind: b.kind, position: b.position, angle: b.angle, velocity: v, spin: 0,
                             visible: true, asleep: false, isStatic: spec?.isStatic ?? false, radius: b.radius,
                             size: b.size, color: b.color, mass: spec?.resolvedMass ?? 1)
        }
        return WorldState(step: o.step, time: o.time, bodies: bodies)
    }
}
