// MARK: - guided(m, by: planner, every: k): plan, then render
//
// A trained model rolls forward as usual; every k steps a planner (the simulator at a
// coarse step, or a sketch function) has proposed where the world should be, planned k
// steps earlier from the guided rollout's own state, and the model's state is pulled
// toward that key state through its factors (`WorldModel.assimilate`, as project mode
// feeds a prior's correction back). Between key states the model renders the motion on
// its own. A model without factors cannot be pulled and rolls out as it would alone.

/// The state of a guided rollout: the inner model's state and the key state planned next.
public struct GuidedState: ModelState {
    public var inner: any ModelState
    /// The planner's proposal for `keyStep`, nil when it could not plan.
    public var key: WorldState?
    public var keyStep: Int
    /// Every body as last known (the model's estimate, or the last key state for a body the
    /// model has lost): what the planner starts from.
    public var known: WorldState
    /// The scene rolled out (the planner simulates its geometry).
    public var scene: Scene
    public var step: Int { inner.step }
}

/// A learned model steered by a planner's key states every `interval` steps.
public final class GuidedModel: WorldModel, SeededWorldModel, FeedbackChoosing {
    public let inner: any WorldModel
    public let planner: any KeyStatePlanner
    /// Steps between key states.
    public let interval: Int
    /// How far the model's state moves toward a key state: 1 replaces it, 0.5 goes halfway.
    public let strength: Double
    /// What of the pulled state the model takes in (positions only keeps its own velocities).
    public let feedback: FeedbackPolicy

    /// Longest interval between key states.
    public static let maximumInterval = 10_000

    public init(_ inner: any WorldModel, planner: any KeyStatePlanner, every interval: Int, strength: Double = 1,
                feedback: FeedbackPolicy? = nil) throws {
        guard interval >= 1, interval <= Self.maximumInterval else {
            throw ModelError("guided: every must be in 1...\(Self.maximumInterval), got \(interval)")
        }
        guard strength > 0, strength <= 1 else { throw ModelError("guided: strength must be in (0, 1], got \(strength)") }
        self.inner = inner
        self.planner = planner
        self.interval = interval
        self.strength = strength
        self.feedback = feedback ?? .full
    }

    public var kind: String { "guided" }
    public var taxonomy: Taxonomy {
        let t = inner.taxonomy
        return Taxonomy(state: t.state, memory: t.memory, dynamics: .knowledgeIntegrated,
                        summary: "\(inner.kind) rendering between key states that \(planner.summary) proposes every \(interval) steps")
    }
    public var hyperparameters: [String: Double] {
        var h = inner.hyperparameters
        h["every"] = Double(interval)
        h["strength"] = strength
        return h
    }
    public var isTrained: Bool { inner.isTrained }
    public var contextLength: Int { inner.contextLength }
    public var defaultFeedback: FeedbackPolicy { FeedbackPolicy.defaultPolicy(for: inner) }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        try start(scene: scene, context: context, seed: 0)
    }

    public func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState {
        let state = try (inner as? SeededWorldModel)?.start(scene: scene, context: context, seed: seed)
            ?? inner.start(scene: scene, context: context)
        let decoded = try inner.decode(state)
        let known = Self.complete(decoded, with: context.last.map { ModelRollout.observedState($0, previous: nil, scene: scene) })
        return GuidedState(inner: state, key: try planner.plan(from: known, steps: interval, scene: scene),
                           keyStep: state.step + interval, known: known, scene: scene)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try cast(state)
        s.inner = try inner.step(s.inner)
        var decoded = try inner.decode(s.inner)
        if s.inner.step >= s.keyStep {
            if let key = s.key {
                let pulled = Self.pull(decoded, toward: key, strength: strength)
                s.inner = try inner.assimilate(s.inner, corrected: pulled, policy: feedback)
                decoded = try inner.decode(s.inner)
            }
            s.known = Self.complete(decoded, with: s.key ?? s.known)
            s.known.step = s.inner.step
            s.key = try planner.plan(from: s.known, steps: interval, scene: s.scene)
            s.keyStep = s.inner.step + interval
        } else {
            s.known = Self.complete(decoded, with: s.known)
        }
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        try inner.decode(try cast(state).inner)
    }

    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = state as? GuidedState else { return [] }
        return inner.factors(s.inner)
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try cast(state)
        s.inner = try inner.edit(s.inner, body: body, factor: factor, to: value)
        // An edit changes the world the plan started from: plan again from the edited state.
        s.known = Self.complete(try inner.decode(s.inner), with: s.known)
        s.key = try planner.plan(from: s.known, steps: max(1, s.keyStep - s.inner.step), scene: s.scene)
        return s
    }

    // MARK: - Helpers

    private func cast(_ state: any ModelState) throws -> GuidedState {
        guard let s = state as? GuidedState else { throw ModelError("guided: not a guided model's state") }
        return s
    }

    /// `decoded` with every body it lacks taken from `fallback` (hidden), in `fallback`'s order.
    static func complete(_ decoded: WorldState, with fallback: WorldState?) -> WorldState {
        guard let fallback else { return decoded }
        var out = decoded
        for b in fallback.bodies where decoded[b.name] == nil {
            var kept = b
            kept.visible = false
            if !(kept.velocity.x.isFinite && kept.velocity.y.isFinite) { kept.velocity = .zero }
            out.bodies.append(kept)
        }
        return out
    }

    /// Each body of `state` moved `strength` of the way to its place (and velocity) in `key`;
    /// a key without a finite velocity (a sketch that gave a position only) leaves it alone.
    static func pull(_ state: WorldState, toward key: WorldState, strength: Double) -> WorldState {
        var out = state
        for i in out.bodies.indices where !out.bodies[i].isStatic {
            guard let k = key[out.bodies[i].name] else { continue }
            let b = out.bodies[i]
            if k.position.x.isFinite && k.position.y.isFinite {
                out.bodies[i].position = b.position + (k.position - b.position) * strength
            }
            if k.velocity.x.isFinite && k.velocity.y.isFinite {
                out.bodies[i].velocity = b.velocity + (k.velocity - b.velocity) * strength
            }
        }
        return out
    }
}
