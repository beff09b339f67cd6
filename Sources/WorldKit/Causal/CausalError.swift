// MARK: - Errors of the causal layer

/// Why a scheduled rollout, a counterfactual or a cause search was refused.
///
/// Every case says where (which step, which pattern) so the language can turn it
/// into a located message without knowing how the search works.
public enum CausalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An intervention failed when it was made at `step` (unknown body, invalid value, ...).
    case intervention(InterventionError, step: Int)
    /// A split step outside the factual rollout's recorded steps.
    case splitOutOfRange(step: Int, first: Int, last: Int)
    /// A split `when:` an event that never happens in the factual rollout.
    case eventNeverHappened(EventPattern, lastStep: Int)
    /// A scheduled intervention at a negative step.
    case negativeScheduleStep(Int)
    /// The factual rollout was not recorded from step 0, so it cannot be rerun from its scene.
    case notFromStart(firstStep: Int)
    /// Rerunning the factual scene with its seed and noise did not give the recorded state at `step`
    /// (the rollout was made with interventions not passed as its schedule, or edited by hand).
    case notReproducible(step: Int)

    public var description: String {
        switch self {
        case .intervention(let error, let step):
            return "intervention at step \(step): \(error)"
        case .splitOutOfRange(let step, let first, let last):
            return "split step \(step) is outside the rollout's steps \(first)...\(last)"
        case .eventNeverHappened(let pattern, let last):
            return "\(pattern.summary) never happens in the factual rollout (steps 0...\(last))"
        case .negativeScheduleStep(let step):
            return "an intervention cannot be scheduled at step \(step); steps start at 0"
        case .notFromStart(let first):
            return "the factual rollout starts at step \(first); a counterfactual needs one recorded from step 0"
        case .notReproducible(let step):
            return "the factual rollout cannot be reproduced from its scene, seed and noise at step \(step)"
                + " (was it made with scheduled interventions that were not passed along?)"
        }
    }
}

extension EventPattern {
    /// The pattern as the language writes it, e.g. `contactBegin(a, b)` or `regionEnter(c, *)`.
    var summary: String {
        var parts: [String] = []
        if body != nil || other != nil { parts.append(body ?? "*") }
        if let other { parts.append(other) }
        return "\(kind.rawValue)(\(parts.joined(separator: ", ")))"
    }
}
