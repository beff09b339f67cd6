// MARK: - But-for causes
//
// Exact semantics (also in docs/causality.md):
//
// The *target* is the first factual event matching the pattern, at step s*.
// Every candidate is tested in its own twin world that shares the factual
// noise (see `Counterfactual`); the candidate is a but-for cause when, in at
// least one of its twins, no event matching the pattern happens at any step up
// to the factual's last step ("but for the candidate, the event would not have
// happened").
//
// Candidates and their twins:
// - Each body present in the factual world at the split step (default 0):
//   * removal: the body is removed at the split step. Skipped for bodies the
//     pattern names, because a removed body takes part in no event, so removal
//     would make every participant a cause trivially.
//   * freezing: the body is made static where it is at the split step (an
//     immovable obstacle). Skipped for bodies already static.
// - With `events: true`, each earlier factual event that is the onset of
//   something physical (a contact beginning, a centre entering a region),
//   observed at a step s with split < s < s*: it is prevented by freezing its
//   dynamic participants at step s − 1, the last state before the step in which
//   it happened. Participants the pattern names are not frozen (freezing the
//   target's own body would prevent the target trivially); an event whose only
//   dynamic participants are named by the pattern is not tested. This is the
//   only prevention the simulator can express; it is a "fat hand": it also stops
//   everything else those bodies would have done after s − 1. Visual events
//   (occlusion, view) have no physical effect and are never causes of physical
//   events.
//
// Limits, by design of the but-for test:
// - Overdetermination: when two candidates are each sufficient (two balls each
//   able to knock c into the goal), removing either leaves the other to do it,
//   so neither is a but-for cause. The result is empty, not "both".
// - Pre-emption: when a first cause acts and a backup would have acted had it
//   not (a fast ball knocks c in; a slower one would have a moment later), the
//   backup is not a cause, and neither is the pre-empting one: without it, the
//   backup produces the event. But-for misses the actual cause here; deciding it
//   needs the structural (Halpern–Pearl) definition, which this layer does not
//   attempt.
// - "No longer happens" means within the factual horizon: a twin in which the
//   event is only delayed past the last recorded step counts as prevented.
// - An event that does not happen in the factual world, or happens at or before
//   the split step, has no causes here (the result is empty).

/// One but-for cause of an event, with the twin-world tests that showed it.
public struct Cause: Hashable, Sendable, CustomStringConvertible {
    /// What was intervened on.
    public enum Candidate: Hashable, Sendable {
        case body(String)
        case event(PhysicsEvent)
    }

    /// A twin-world test under which the event no longer happened.
    public enum Test: String, Hashable, Sendable, CaseIterable {
        /// The body removed at the split step.
        case removal
        /// The body frozen at the split step.
        case freezing
        /// The earlier event prevented by freezing its participants just before it.
        case prevention
    }

    public var candidate: Candidate
    /// The tests under which the event no longer happens, in `Test` order; never empty.
    public var tests: [Test]
    /// The step at which the twin worlds that showed it split.
    public var splitStep: Int

    public init(candidate: Candidate, tests: [Test], splitStep: Int) {
        self.candidate = candidate
        self.tests = tests
        self.splitStep = splitStep
    }

    public var description: String {
        let how = tests.map(\.rawValue).joined(separator: ", ")
        switch candidate {
        case .body(let name): return "\(name) (\(how) at step \(splitStep))"
        case .event(let e): return "\(e) (\(how) at step \(splitStep))"
        }
    }
}

/// But-for causal attribution in twin worlds.
public enum ButForCauses {
    /// Event kinds whose prevention the search can express (physical onsets).
    public static let preventableKinds: [PhysicsEvent.Kind] = [.contactBegin, .regionEnter]

    /// The but-for causes of the first event matching `pattern` in `factual`: bodies first (in the
    /// order given, else the order of the factual state at the split), then earlier events (in time order).
    ///
    /// - Parameters:
    ///   - bodies: the candidate bodies; nil means every body present at the split step.
    ///   - events: also test earlier physical events (see the file comment for how).
    ///   - splitStep: where body twins split from the factual world.
    ///   - factualSchedule: the schedule the factual rollout was recorded with, if any.
    /// Throws `CausalError` for a split outside the rollout, an unknown candidate body, or a
    /// factual rollout that cannot be reproduced.
    public static func causes(of pattern: EventPattern, in factual: Rollout, bodies: [String]? = nil,
                              events: Bool = true, splitStep: Int = 0,
                              factualSchedule: [ScheduledIntervention] = []) throws -> [Cause] {
        let horizon = Counterfactual.lastStep(of: factual)
        let split = try Counterfactual.splitStep(.step(splitStep), in: factual)
        guard let target = factual.first(pattern), target.step > split else { return [] }
        var world = try Counterfactual.reproduce(factual, to: split, schedule: factualSchedule, recording: false)
        let present = world.runner.simulator.state.bodies
        let candidates = try candidateBodies(bodies, present: present, step: split)
        let participants = Set([pattern.body, pattern.other].compactMap { $0 })

        // A twin forked from a snapshot: the runner is a value, so each copy continues on its own.
        func prevented(from base: CausalRunner, by interventions: [Intervention]) throws -> Bool {
            var twin = base
            try twin.intervene(interventions)
            return try !Counterfactual.runUntil(pattern, &twin, horizon: horizon)
        }

        var found: [Cause] = []
        for body in candidates {
            var tests: [Cause.Test] = []
            if !participants.contains(body.name), try prevented(from: world.runner, by: [.remove(body.name)]) {
                tests.append(.removal)
            }
            if !body.isStatic, try prevented(from: world.runner, by: [.freeze(body.name)]) {
                tests.append(.freezing)
            }
            if !tests.isEmpty { found.append(Cause(candidate: .body(body.name), tests: tests, splitStep: split)) }
        }
        guard events else { return found }

        // Earlier events in time order; one reproduction walks forward to each one's eve.
        var verdicts: [PreventionKey: Bool] = [:]
        for event in factual.events where event.step > split && event.step < target.step
            && preventableKinds.contains(event.kind) {
            let eve = event.step - 1
            try Counterfactual.advance(&world, to: eve, in: factual, recording: false)
            let dynamic = world.runner.simulator.state.bodies
                .filter { !$0.isStatic && event.involves($0.name) && !participants.contains($0.name) }
                .map(\.name)
            guard !dynamic.isEmpty else { continue }
            let key = PreventionKey(step: eve, bodies: dynamic)
            let verdict: Bool
            if let known = verdicts[key] {
                verdict = known
            } else {
                verdict = try prevented(from: world.runner, by: dynamic.map { .freeze($0) })
                verdicts[key] = verdict
            }
            if verdict { found.append(Cause(candidate: .event(event), tests: [.prevention], splitStep: eve)) }
        }
        return found
    }

    /// Two events whose prevention is the same twin (same step, same frozen bodies) share a verdict.
    private struct PreventionKey: Hashable {
        var step: Int
        var bodies: [String]
    }

    private static func candidateBodies(_ requested: [String]?, present: [BodyState], step: Int) throws -> [BodyState] {
        guard let requested else { return present }
        var out: [BodyState] = []
        for name in requested {
            guard let body = present.first(where: { $0.name == name }) else {
                throw CausalError.intervention(.unknownBody(name), step: step)
            }
            if !out.contains(where: { $0.name == name }) { out.append(body) }
        }
        return out
    }
}
