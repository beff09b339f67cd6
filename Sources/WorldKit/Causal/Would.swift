// MARK: - Would-questions
//
// CLEVRER's counterfactual questions ("if the cylinder were removed, would the
// sphere and the cube collide?") answered against the simulator. The answer is
// the twin world's: true when a matching event happens in it at any step up to
// the factual's last step, the shared prefix before the split included (an
// event that already happened cannot be undone by a later intervention).
//
// Only as much of the twin world as the answer needs is simulated: stepping
// stops at the first matching event, and no states are recorded.

/// Answers "if these interventions were made at this point, would the event happen?".
public enum Would {
    /// True when a matching event happens in the twin world split at `step` with `interventions`.
    public static func answer(_ factual: Rollout, at step: Int, _ interventions: [Intervention],
                              happen pattern: EventPattern,
                              factualSchedule: [ScheduledIntervention] = []) throws -> Bool {
        try answer(factual, split: .step(step), interventions, happen: pattern, factualSchedule: factualSchedule)
    }

    /// True when a matching event happens in the twin world split when `trigger` first happened.
    public static func answer(_ factual: Rollout, when trigger: EventPattern, _ interventions: [Intervention],
                              happen pattern: EventPattern,
                              factualSchedule: [ScheduledIntervention] = []) throws -> Bool {
        try answer(factual, split: .event(trigger), interventions, happen: pattern, factualSchedule: factualSchedule)
    }

    /// True when a matching event happens in the twin world split at `split` with `interventions`.
    ///
    /// Throws what `Counterfactual.twin` throws; the interventions are made (and so checked) even
    /// when the event already happened before the split.
    public static func answer(_ factual: Rollout, split: Counterfactual.Split, _ interventions: [Intervention],
                              happen pattern: EventPattern,
                              factualSchedule: [ScheduledIntervention] = []) throws -> Bool {
        try answer(factual, split: split, plan: .fixed(interventions), happen: pattern, factualSchedule: factualSchedule)
    }

    /// True when a matching event happens in the twin world whose interventions are worked out at the split.
    public static func answer(_ factual: Rollout, split: Counterfactual.Split, plan: InterventionPlan,
                              happen pattern: EventPattern,
                              factualSchedule: [ScheduledIntervention] = []) throws -> Bool {
        let at = try Counterfactual.splitStep(split, in: factual)
        var world = try Counterfactual.reproduce(factual, to: at, schedule: factualSchedule, recording: false)
        try world.runner.intervene(plan)
        if factual.events.contains(where: { $0.step <= at && pattern.matches($0) }) { return true }
        return try Counterfactual.runUntil(pattern, &world.runner, horizon: Counterfactual.lastStep(of: factual))
    }
}
