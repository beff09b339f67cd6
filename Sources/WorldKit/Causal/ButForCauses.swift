// MARK: - But-for causes
//
// Exact semantics (also in docs/causality.md):
//
// The *target* is the first factual event matching the pattern, at step s*.
// Each candidate is tested in its own twin world that shares the factual noise
// (see `Counterfactual`); it is a but-for cause when, in that twin, no event
// matching the pattern happens at any step up to the factual's last step.
//
// Two tests, never mixed: one search makes one kind of intervention, and every
// cause it reports was shown by that kind.
// - `.removal` (the default): the candidate is made *absent*. This is the but-for
//   question proper: "had it not been there".
// - `.freezing`: the candidate is *held still* where it is. Frozen, a body is
//   still there: an immovable obstacle that can stop other bodies. That answers
//   "had it not moved", which is a different question: in pre-emption (a fast
//   ball knocks c into the goal; a slow one would have a moment later, along the
//   same line) the fast ball is no removal cause (without it the slow one does
//   it) but is a freezing cause (held still, it blocks the slow one).
//
// Candidates:
// - Each body present in the factual world at the split step (default 0), or
//   those asked about, made absent or held still at the split. Removal is
//   skipped for bodies the pattern names (a removed body takes part in no
//   event, so every participant would be a cause trivially); freezing is
//   skipped for static bodies.
// - With `events: true`, each earlier factual onset of something physical (a
//   contact beginning, a centre entering a region) observed at a step s with
//   split < s < s*. It is prevented by making its dynamic participants that the
//   pattern does not name absent (or holding them still) at step s − 1, the last
//   state before the step in which it happened; an event with no such
//   participant is not tested. A "fat hand": it also stops everything else
//   those bodies would have done after s − 1. Visual events (occlusion, view)
//   have no physical effect and are never causes of physical events.
//
// What no intervention can reach is neither a target with causes nor a cause:
// - an event at or before the split (the result is empty);
// - a contact the scene starts with. Step 0 observes no events, so contacts
//   present at the start are reported as beginning at step 1, although they are
//   as old as the scene; removing or freezing a participant at step 0 would hide
//   them, not prevent them. Such an event (a contact begin at step 1 between
//   colliders already touching at step 0) counts as happening at step 0: it has
//   no causes and is no candidate. Ask about it directly with `Would`.
//
// Limits, by design of the but-for test:
// - Overdetermination: when two candidates are each sufficient (two balls each
//   able to knock c into the goal), removing either leaves the other to do it,
//   so neither is a cause. The result is empty, not "both".
// - Pre-emption: removal finds neither the pre-empting cause nor the backup
//   (without the first, the backup acts). Deciding the actual cause needs the
//   structural (Halpern–Pearl) definition, which this layer does not attempt.
//   Freezing may name the pre-empting body, for the reason above.
// - "No longer happens" means within the factual horizon: a twin in which the
//   event is only delayed past the last recorded step counts as prevented.

/// One but-for cause of an event, with the twin-world test that showed it.
public struct Cause: Hashable, Sendable, CustomStringConvertible {
    /// What was intervened on.
    public enum Candidate: Hashable, Sendable {
        case body(String)
        case event(PhysicsEvent)
    }

    public var candidate: Candidate
    /// The intervention under which the event no longer happened.
    public var test: ButForCauses.Test
    /// The step at which the twin world that showed it split.
    public var splitStep: Int

    public init(candidate: Candidate, test: ButForCauses.Test, splitStep: Int) {
        self.candidate = candidate
        self.test = test
        self.splitStep = splitStep
    }

    public var description: String {
        switch candidate {
        case .body(let name): return "\(name) (\(test.rawValue) at step \(splitStep))"
        case .event(let e): return "\(e) (\(test.rawValue) at step \(splitStep))"
        }
    }
}

/// But-for causal attribution in twin worlds.
public enum ButForCauses {
    /// Event kinds whose prevention the search can express (physical onsets).
    public static let preventableKinds: [PhysicsEvent.Kind] = [.contactBegin, .regionEnter]

    /// How a candidate is taken away in its twin world.
    public enum Test: String, Hashable, Sendable, CaseIterable {
        /// Made absent: the body removed (an event: its free participants removed just before it).
        case removal
        /// Held still: the body frozen where it is (an event: its free participants frozen just before it).
        case freezing

        func interventions(_ bodies: [String]) -> [Intervention] {
            bodies.map { self == .removal ? .remove($0) : .freeze($0) }
        }
    }

    /// The but-for causes of the first event matching `pattern` in `factual` under one test:
    /// bodies first (in the order given, else the order of the factual state at the split), then
    /// earlier events (in time order).
    ///
    /// - Parameters:
    ///   - bodies: the candidate bodies; nil means every body present at the split step.
    ///   - events: also test earlier physical events (see the file comment for how).
    ///   - splitStep: where body twins split from the factual world.
    ///   - test: removal (absent, the default) or freezing (held still).
    ///   - factualSchedule: the schedule the factual rollout was recorded with, if any.
    /// Throws `CausalError` for a split outside the rollout, an unknown candidate body, or a
    /// factual rollout that cannot be reproduced.
    public static func causes(of pattern: EventPattern, in factual: Rollout, bodies: [String]? = nil,
                              events: Bool = true, splitStep: Int = 0, by test: Test = .removal,
                              factualSchedule: [ScheduledIntervention] = []) throws -> [Cause] {
        let horizon = Counterfactual.lastStep(of: factual)
        let split = try Counterfactual.splitStep(.step(splitStep), in: factual)
        var world = try Counterfactual.reproduce(factual, to: split, schedule: factualSchedule, recording: false)
        // A contact the scene starts with, reported at step 1 (only a split at 0 can see one).
        let atSplit = world.runner.simulator
        func presentAtStart(_ e: PhysicsEvent) -> Bool {
            split == 0 && e.step == 1 && e.kind == .contactBegin && atSplit.touches(e.body, e.other ?? "")
        }
        guard let target = factual.first(pattern), target.step > split, !presentAtStart(target) else { return [] }
        let present = world.runner.simulator.state.bodies
        let candidates = try candidateBodies(bodies, present: present, step: split)
        let participants = Set([pattern.body, pattern.other].compactMap { $0 })

        // A twin forked from a snapshot: the runner is a value, so each copy continues on its own.
        func prevented(from base: CausalRunner, taking bodies: [String]) throws -> Bool {
            var twin = base
            try twin.intervene(test.interventions(bodies))
            return try !Counterfactual.runUntil(pattern, &twin, horizon: horizon)
        }

        var found: [Cause] = []
        for body in candidates {
            let tested = test == .removal ? !participants.contains(body.name) : !body.isStatic
            if tested, try prevented(from: world.runner, taking: [body.name]) {
                found.append(Cause(candidate: .body(body.name), test: test, splitStep: split))
            }
        }
        guard events else { return found }

        // Earlier events in time order; one reproduction walks forward to each one's eve.
        var verdicts: [PreventionKey: Bool] = [:]
        for event in factual.events where event.step > split && event.step < target.step
            && preventableKinds.contains(event.kind) && !presentAtStart(event) {
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
                verdict = try prevented(from: world.runner, taking: dynamic)
                verdicts[key] = verdict
            }
            if verdict { found.append(Cause(candidate: .event(event), test: test, splitStep: eve)) }
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
