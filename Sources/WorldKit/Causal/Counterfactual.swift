// MARK: - Twin-world counterfactuals
//
// Pearl's three steps, and why each is exact here:
// 1. Abduction: infer the exogenous noise behind the factual world. The
//    simulator records every noise value it drew (`NoiseRecord`), so nothing is
//    inferred: the twin replays the recorded values.
// 2. Action: rerun the factual scene with its seed and recorded noise up to the
//    split step (bit-identical to the factual, which is checked at the split),
//    then make the interventions to the world at that step.
// 3. Prediction: continue the intervened world to the factual's horizon, still
//    replaying the recorded noise: every body that exists in the factual world
//    receives the same kick in the same substep. A body the intervention added
//    draws fresh noise from its own stream (it has no factual noise to share);
//    past the factual horizon every body falls back to fresh draws.
//
// Only the counterfactual world is simulated: the factual is the rollout given.
// Several interventions at one split compose in order; to intervene at several
// steps, pass the later ones as a schedule (`ScheduledIntervention`).

/// Twin-world counterfactuals: the factual rollout, and the world that would have been.
public enum Counterfactual {
    /// Where the twin world splits from the factual one.
    public enum Split: Hashable, Sendable {
        /// At this step.
        case step(Int)
        /// At the step in which the first matching factual event was observed.
        case event(EventPattern)
    }

    // MARK: - Twins

    /// The twin of `factual` that splits at `step` and makes `interventions` there.
    public static func twin(of factual: Rollout, at step: Int, interventions: [Intervention],
                            factualSchedule: [ScheduledIntervention] = []) throws -> TwinRollout {
        try twin(of: factual, split: .step(step), interventions: interventions, factualSchedule: factualSchedule)
    }

    /// The twin of `factual` that splits when `pattern` first happens and makes `interventions` then.
    public static func twin(of factual: Rollout, when pattern: EventPattern, interventions: [Intervention],
                            factualSchedule: [ScheduledIntervention] = []) throws -> TwinRollout {
        try twin(of: factual, split: .event(pattern), interventions: interventions, factualSchedule: factualSchedule)
    }

    /// The twin rollout: identical to `factual` before the split, then the intervened world driven by
    /// the same noise, up to the factual's last step.
    ///
    /// `factualSchedule` is the schedule the factual rollout was recorded with, if any; it is part of
    /// the mechanism, so it keeps firing in the twin world too (event triggers on the twin's events).
    /// Throws `CausalError` for a split outside the rollout, an event that never happened, a failed
    /// intervention, or a factual rollout that its scene, seed and schedule do not reproduce.
    public static func twin(of factual: Rollout, split: Split, interventions: [Intervention],
                            factualSchedule: [ScheduledIntervention] = []) throws -> TwinRollout {
        try twin(of: factual, split: split, plan: .fixed(interventions), factualSchedule: factualSchedule)
    }

    /// The twin rollout whose interventions are worked out at the split, from the world as it is
    /// there (what a script's block reads); otherwise as `twin(of:split:interventions:)`.
    public static func twin(of factual: Rollout, split: Split, plan: InterventionPlan,
                            factualSchedule: [ScheduledIntervention] = []) throws -> TwinRollout {
        let at = try splitStep(split, in: factual)
        var world = try reproduce(factual, to: at, schedule: factualSchedule, recording: true)
        let interventions = try world.runner.intervene(plan)
        world.states[world.states.count - 1] = world.runner.simulator.state
        let horizon = lastStep(of: factual)
        while world.runner.stepCount < horizon {
            try world.runner.step()
            world.states.append(world.runner.simulator.state)
            world.events.append(contentsOf: world.runner.simulator.lastEvents)
        }
        let counterfactual = Rollout(scene: factual.scene, seed: factual.seed, states: world.states,
                                     events: world.events, noise: world.runner.simulator.noiseRecord)
        return TwinRollout(factual: factual, counterfactual: counterfactual, splitStep: at,
                           interventions: interventions)
    }

    // MARK: - Shared machinery (also used by `Would` and `ButForCauses`)

    /// The factual world rerun up to a step, with what it recorded on the way.
    struct Reproduction {
        var runner: CausalRunner
        var states: RolloutStates
        var events: [PhysicsEvent]
    }

    /// The last recorded step of a rollout (-1 when it holds no state).
    static func lastStep(of rollout: Rollout) -> Int {
        // Wrapping arithmetic: a hand-made rollout with an absurd first step must not trap.
        rollout.firstStep &+ (rollout.states.count &- 1)
    }

    /// The step a split denotes in this factual rollout, checked against its range.
    static func splitStep(_ split: Split, in factual: Rollout) throws -> Int {
        let last = lastStep(of: factual)
        switch split {
        case .step(let s):
            guard s >= factual.firstStep, s <= last else {
                throw CausalError.splitOutOfRange(step: s, first: factual.firstStep, last: last)
            }
            return s
        case .event(let pattern):
            guard let event = factual.first(pattern) else {
                throw CausalError.eventNeverHappened(pattern, lastStep: last)
            }
            return event.step
        }
    }

    /// Reruns the factual scene with its seed, recorded noise and schedule to `step` and checks that
    /// the state there is bit for bit the recorded one.
    static func reproduce(_ factual: Rollout, to step: Int, schedule: [ScheduledIntervention],
                          recording: Bool) throws -> Reproduction {
        guard factual.firstStep == 0 else { throw CausalError.notFromStart(firstStep: factual.firstStep) }
        let runner = try CausalRunner(scene: factual.scene, seed: factual.seed, replaying: factual.noise,
                                      schedule: schedule)
        var world = Reproduction(runner: runner, states: [], events: [])
        if recording {
            world.states.reserveCapacity(factual.states.count)
            world.states.append(world.runner.simulator.state)
        }
        try advance(&world, to: step, in: factual, recording: recording)
        return world
    }

    /// Moves a reproduction of the factual world forward to `step` (not before where it is), verified.
    static func advance(_ world: inout Reproduction, to step: Int, in factual: Rollout, recording: Bool) throws {
        while world.runner.stepCount < step {
            try world.runner.step()
            if recording {
                world.states.append(world.runner.simulator.state)
                world.events.append(contentsOf: world.runner.simulator.lastEvents)
            }
        }
        guard let recorded = factual.state(at: step), world.runner.simulator.state == recorded else {
            throw CausalError.notReproducible(step: step)
        }
    }

    /// Steps an intervened world to `horizon`, stopping early when a matching event is observed.
    /// True when one was.
    static func runUntil(_ pattern: EventPattern, _ runner: inout CausalRunner, horizon: Int) throws -> Bool {
        while runner.stepCount < horizon {
            try runner.step()
            if runner.simulator.lastEvents.contains(where: pattern.matches) { return true }
        }
        return false
    }
}
