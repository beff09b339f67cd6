/// A per-body quantity to read out of a rollout as a time series.
public enum BodyField: String, Hashable, Sendable, CaseIterable {
    case x, y, angle, vx, vy, spin, speed
    case left, right, top, bottom
    case kineticEnergy
    /// 1 when visible, 0 when not.
    case visible

    public func value(of b: BodyState) -> Double {
        switch self {
        case .x: return b.position.x
        case .y: return b.position.y
        case .angle: return b.angle
        case .vx: return b.velocity.x
        case .vy: return b.velocity.y
        case .spin: return b.spin
        case .speed: return b.speed
        case .left: return b.left
        case .right: return b.right
        case .top: return b.top
        case .bottom: return b.bottom
        case .kineticEnergy: return b.kineticEnergy
        case .visible: return b.visible ? 1 : 0
        }
    }
}

/// The frames of a rollout as RGB8 bytes (rows top to bottom), one per state, all of one size.
public struct RolloutFrames: Hashable, Sendable {
    public var width: Int
    public var height: Int
    /// `pixels[i]`: `width * height * 3` bytes for state i.
    public var pixels: [[UInt8]]

    public init(width: Int, height: Int, pixels: [[UInt8]] = []) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public var count: Int { pixels.count }
}

/// A recorded simulation: every state, every event, and the noise used.
public struct Rollout: Hashable, Sendable {
    /// The scene as it was when recording started.
    public var scene: Scene
    public var seed: UInt64
    /// States from the first recorded step to the last, one per step, stored compactly
    /// (see `RolloutStates`).
    public var states: RolloutStates
    public var events: [PhysicsEvent]
    public var noise: NoiseRecord
    /// The frames a pixel model predicted, one per state (nil for rollouts of bodies only).
    /// Pixel metrics and animations use these instead of drawing the decoded bodies.
    public var frames: RolloutFrames? = nil

    public init(scene: Scene, seed: UInt64, states: RolloutStates, events: [PhysicsEvent], noise: NoiseRecord) {
        self.scene = scene
        self.seed = seed
        self.states = states
        self.events = events
        self.noise = noise
    }

    public init(scene: Scene, seed: UInt64, states: [WorldState], events: [PhysicsEvent], noise: NoiseRecord) {
        self.init(scene: scene, seed: seed, states: RolloutStates(states), events: events, noise: noise)
    }

    /// Step number of the first recorded state.
    public var firstStep: Int { states.first?.step ?? 0 }

    /// The state at an absolute step number, if recorded.
    public func state(at step: Int) -> WorldState? {
        let offset = step - firstStep
        guard offset >= 0, offset < states.count else { return nil }
        return states[offset]
    }

    /// The last recorded state.
    public var final: WorldState {
        states.last ?? WorldState(step: 0, time: 0, bodies: [])
    }

    /// One number per recorded state for a body; NaN where the body is absent.
    public func series(_ body: String, _ field: BodyField) -> [Double] {
        states.indices.map { i in states.body(body, inState: i).map(field.value(of:)) ?? .nan }
    }

    /// True when some event matches.
    public func happened(_ pattern: EventPattern) -> Bool {
        events.contains(where: pattern.matches)
    }

    /// The first matching event.
    public func first(_ pattern: EventPattern) -> PhysicsEvent? {
        events.first(where: pattern.matches)
    }

    /// All matching events, in order.
    public func events(matching pattern: EventPattern) -> [PhysicsEvent] {
        events.filter(pattern.matches)
    }
}
