// MARK: - Scheduled interventions
//
// ChiRho distinguishes static interventions (at a fixed time) from dynamic ones
// (when a condition first holds). Here both are values: a trigger and a plan of
// the interventions to make. `CausalRunner` steps a simulator and fires them.
//
// A plan is a fixed list, or a function of the world at the moment it fires
// (`LiveInterventions`): "at step 20, move a by 1" must read where a is at step 20,
// which nobody knows when the schedule is written. A counterfactual's split takes
// the same plans, so a script's block means the same thing in both places.
//
// Timing, exactly: an intervention is made to the world *at* a step, after that
// step's events were observed and before the next step is computed. The state
// recorded for that step is the intervened one. A `.step(0)` trigger fires
// before the first step; a `.when` trigger fires at the end of the first step
// whose events include a match (at most once; never at step 0, which has no
// events). Triggers due at the same step fire in schedule order.

/// Interventions to make during a rollout: at a step, or when an event first happens.
public struct ScheduledIntervention: Hashable, Sendable, CustomStringConvertible {
    /// When the interventions are made.
    public enum Trigger: Hashable, Sendable {
        /// At this step (static intervention).
        case step(Int)
        /// At the end of the first step in which a matching event is observed (dynamic intervention).
        case event(EventPattern)
    }

    public var trigger: Trigger
    public var plan: InterventionPlan

    public init(_ trigger: Trigger, _ interventions: [Intervention]) {
        self.init(trigger, plan: .fixed(interventions))
    }

    public init(_ trigger: Trigger, plan: InterventionPlan) {
        self.trigger = trigger
        self.plan = plan
    }

    /// Interventions made at a fixed step.
    public static func at(_ step: Int, _ interventions: [Intervention]) -> ScheduledIntervention {
        ScheduledIntervention(.step(step), interventions)
    }

    /// Interventions made when a matching event first happens.
    public static func when(_ pattern: EventPattern, _ interventions: [Intervention]) -> ScheduledIntervention {
        ScheduledIntervention(.event(pattern), interventions)
    }

    public var description: String {
        let what = plan.description
        switch trigger {
        case .step(let s): return "at step \(s): \(what)"
        case .event(let p): return "when \(p.summary): \(what)"
        }
    }
}

// MARK: - Plans

/// The interventions to make at a step: fixed in advance, or worked out then from the world.
public enum InterventionPlan: Hashable, Sendable, CustomStringConvertible {
    case fixed([Intervention])
    case live(LiveInterventions)

    /// The interventions to make to `world` as it is now.
    public func interventions(in world: Simulator) throws -> [Intervention] {
        switch self {
        case .fixed(let list): return list
        case .live(let plan): return try plan.make(world)
        }
    }

    public var description: String {
        switch self {
        case .fixed(let list): return list.map(\.description).joined(separator: "; ")
        case .live(let plan): return plan.description
        }
    }
}

/// Interventions worked out when they are made, from the world as it is then (a script's
/// block that reads `a.x` at step 20). Equal only to itself: two functions cannot be compared.
public final class LiveInterventions: Hashable, Sendable, CustomStringConvertible {
    /// What the plan is, for a reader (it cannot be listed before it runs).
    public let description: String
    /// Called with the world at the moment of the intervention; what it throws fails the rollout.
    let make: @Sendable (Simulator) throws -> [Intervention]

    public init(_ description: String, _ make: @escaping @Sendable (Simulator) throws -> [Intervention]) {
        self.description = description
        self.make = make
    }

    public static func == (a: LiveInterventions, b: LiveInterventions) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

// MARK: - Runner

/// A simulator plus a schedule of interventions that it fires as it steps.
///
/// A value, like `Simulator`: `let fork = runner` is a snapshot that continues
/// independently, schedule progress included.
public struct CausalRunner: Sendable, Equatable {
    /// The world as it is now.
    public private(set) var simulator: Simulator
    public let schedule: [ScheduledIntervention]
    /// For each scheduled entry, the step at which it fired; nil while it has not.
    public private(set) var firedAt: [Int?]
    /// The scene as given, before any scheduled intervention (what a rollout records).
    public let initialScene: Scene

    /// A runner at step 0; `.step(0)` entries fire at once.
    /// With `replaying`, recorded noise replaces fresh draws wherever it exists.
    public init(scene: Scene, seed: UInt64 = 0, replaying: NoiseRecord? = nil,
                schedule: [ScheduledIntervention] = []) throws {
        for entry in schedule {
            if case .step(let s) = entry.trigger, s < 0 { throw CausalError.negativeScheduleStep(s) }
        }
        simulator = try Simulator(scene: scene, seed: seed, replaying: replaying)
        self.schedule = schedule
        firedAt = Array(repeating: nil, count: schedule.count)
        initialScene = scene
        try fireDue()
    }

    /// Steps taken so far.
    public var stepCount: Int { simulator.stepCount }

    /// Advances one step, then fires whatever became due.
    public mutating func step() throws {
        simulator.step()
        try fireDue()
    }

    /// Makes interventions now, outside the schedule (a counterfactual's split).
    public mutating func intervene(_ interventions: [Intervention]) throws {
        do {
            try simulator.intervene(interventions)
        } catch let error as InterventionError {
            throw CausalError.intervention(error, step: simulator.stepCount)
        }
    }

    /// Works a plan out on the world as it is now and makes its interventions; returns what it made.
    @discardableResult
    public mutating func intervene(_ plan: InterventionPlan) throws -> [Intervention] {
        let interventions = try plan.interventions(in: simulator)
        try intervene(interventions)
        return interventions
    }

    /// Runs `steps` steps from here, recording every state (including the current one) and event.
    /// The rollout's scene is the scene the runner started from, so rerunning it with the same
    /// seed and schedule reproduces the rollout.
    /// `checkpoint` runs every 1,024 steps; what it throws (a host's interrupt) ends the rollout.
    public mutating func record(steps: Int, checkpoint: () throws -> Void = {}) throws -> Rollout {
        var states = RolloutStates()
        var events: [PhysicsEvent] = []
        let n = max(0, steps)
        // Capped: a huge step count must not turn into a huge allocation up front.
        states.reserveCapacity(states: n &+ 1, bodies: simulator.state.bodies.count)
        states.append(simulator.state)
        for k in 0..<n {
            if k & 1023 == 1023 { try checkpoint() }
            try step()
            states.append(simulator.state)
            events.append(contentsOf: simulator.lastEvents)
        }
        return Rollout(scene: initialScene, seed: simulator.seed, states: states, events: events,
                       noise: simulator.noiseRecord)
    }

    private mutating func fireDue() throws {
        let now = simulator.stepCount
        for (i, entry) in schedule.enumerated() where firedAt[i] == nil {
            let due: Bool
            switch entry.trigger {
            case .step(let s): due = s == now
            case .event(let pattern): due = simulator.lastEvents.contains(where: pattern.matches)
            }
            guard due else { continue }
            try intervene(entry.plan)
            firedAt[i] = now
        }
    }
}

extension Simulator {
    /// Simulates a scene from step 0 for `steps` steps, making the scheduled interventions as they fall due.
    /// `checkpoint` runs every 1,024 steps (a host's interrupt check).
    public static func rollout(_ scene: Scene, steps: Int, seed: UInt64 = 0,
                               interventions: [ScheduledIntervention],
                               checkpoint: () throws -> Void = {}) throws -> Rollout {
        var runner = try CausalRunner(scene: scene, seed: seed, schedule: interventions)
        return try runner.record(steps: steps, checkpoint: checkpoint)
    }
}
