import OrreryLang
import WorldKit

// MARK: - The causal layer in the language
//
// `intervene`, `counterfactual`, `would` and `causes` are thin: the block becomes a
// list of `Intervention`s (`InterventionBuilder`), and WorldKit's `Causal/` does the
// rest. Bare body names in a block read the world being intervened on: the scene's
// declaration for a static `intervene`; for a scheduled one (`at:`, `when:`) and for
// a counterfactual's split, the world at the moment the interventions are made. So
// those blocks run then (a `LiveInterventions` plan), not when the call is made:
// `intervene(w, at: 20) { a.x += 1 }` moves a from where it is at step 20, exactly as
// `counterfactual(r, at: 20) { a.x += 1 }` does.

/// Installs `intervene`, `counterfactual`, `would` and `causes`.
enum CausalBindings {
    static func install(_ interp: Interpreter) {
        interp.define(NativeFunction("intervene", parameters: ["scene", "at", "when", "block"]) { args in
            let scene = try args.object(at: 1, as: SceneObject.self, expected: "scene")
            // `intervene(w, p.schedule)`: a plan's schedule (PlanObject.swift) put on the scene.
            if case .object(let planned as ScheduleObject) = args.value(at: 2) {
                if args.has(3) || args.has(4) { throw args.bad(2, "a schedule takes no 'when:' and no block") }
                return .object(SceneObject(scene.scene, schedule: scene.schedule + planned.schedule, family: scene.family))
            }
            let block = try blockArgument(args, 4)
            let declared = scene.scene
            guard let trigger = try trigger(args, at: 2, when: 3) else {
                let interventions = try InterventionBuilder.interventions(of: block) { name in
                    declared.body(named: name).map { .object(BodySpecObject($0)) }
                }
                do {
                    // A static do: the declaration itself changes; the schedule stays as it was.
                    return .object(SceneObject(try declared.intervened(interventions), schedule: scene.schedule,
                                               earlierNames: scene.namesBeyondScene.union(declared.eventNames)))
                } catch {
                    throw NativeError("cannot intervene: \(BodyNames.describe(error, in: declared))")
                }
            }
            try BodyNames.check(trigger, of: scene, args, at: 3)
            // The declaration is unchanged, so a family stays a family: its samples carry the schedule.
            let entry = ScheduledIntervention(trigger, plan: livePlan(block))
            return .object(SceneObject(declared, schedule: scene.schedule + [entry], family: scene.family))
        })

        interp.define(NativeFunction("counterfactual", parameters: ["rollout", "at", "when", "block"]) { args in
            let factual = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let block = try blockArgument(args, 4)
            let split = try splitArgument(args, at: 2, when: 3)
            try BodyNames.check(split, of: factual, args, at: 3)
            do {
                let twin = try Counterfactual.twin(of: factual.rollout, split: split, plan: livePlan(block),
                                                   factualSchedule: factual.schedule)
                return .object(TwinRolloutObject(twin, factual: factual))
            } catch let error as CausalError {
                throw failure("counterfactual", error)
            }
        })

        interp.define(NativeFunction("would", parameters: ["rollout", "event", "at", "when", "block"]) { args in
            let factual = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let event = try args.object(at: 2, as: EventObject.self, expected: "event")
            let block = try blockArgument(args, 5)
            let split = try splitArgument(args, at: 3, when: 4)
            try BodyNames.check(split, of: factual, args, at: 4)
            let made = InterpreterBound<[Intervention]>([])
            do {
                let answer = try Would.answer(factual.rollout, split: split, plan: livePlan(block, recording: made),
                                              happen: event.pattern, factualSchedule: factual.schedule)
                // The bodies the block adds are known once it has run.
                try factual.checkNames(event.pattern, args, at: 2, adding: made.value.compactMap(\.addedName))
                return .bool(answer)
            } catch let error as CausalError {
                throw failure("would", error)
            }
        })

        interp.define(NativeFunction("causes", parameters: ["rollout", "event", "bodies", "events", "at", "by"]) { args in
            let factual = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let event = try args.object(at: 2, as: EventObject.self, expected: "event")
            var bodies: [String]?
            if args.has(3) {
                bodies = try args.list(at: 3).map { v in
                    guard case .string(let s) = v else { throw args.bad(3, "bodies must be a list of body names") }
                    return s
                }
            }
            var events = true
            if args.has(4) {
                guard case .bool(let b) = args.value(at: 4) else { throw args.bad(4, expected: "bool") }
                events = b
            }
            let split = args.has(5) ? try args.integer(at: 5) : 0
            try factual.checkNames(event.pattern, args, at: 2)
            if let bodies { try BodyNames.check(bodies, known: factual.knownNames, scene: factual.rollout.scene.name, args, at: 3) }
            var test = ButForCauses.Test.removal
            if args.has(6) {
                let names = ButForCauses.Test.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                guard case .string(let s) = args.value(at: 6), let t = ButForCauses.Test(rawValue: s) else {
                    throw args.bad(6, "'by' must be \(names)")
                }
                test = t
            }
            do {
                let found = try ButForCauses.causes(of: event.pattern, in: factual.rollout, bodies: bodies,
                                                    events: events, splitStep: split, by: test,
                                                    factualSchedule: factual.schedule)
                return .list(found.map(record))
            } catch {
                throw failure("causes", error)
            }
        })
    }

    /// One cause as a script record: `{kind: "body", name: "b", test: "removal", split: 0}`
    /// or `{kind: "event", event: contact(a, b) at step 12, test: "removal", split: 11}`.
    static func record(_ cause: Cause) -> Value {
        var fields: [String: Value] = ["test": .string(cause.test.rawValue),
                                       "split": .number(Double(cause.splitStep))]
        switch cause.candidate {
        case .body(let name):
            fields["kind"] = .string("body")
            fields["name"] = .string(name)
        case .event(let e):
            fields["kind"] = .string("event")
            fields["event"] = .object(EventObject(occurrence: e))
            fields["name"] = .string(EventObject(occurrence: e).description)
        }
        return .record(Record(sorting: fields))
    }

    /// A failed causal query, in the language's words (events as scripts write them).
    static func failure(_ function: String, _ error: Error) -> NativeError {
        if case CausalError.eventNeverHappened(let pattern, let last) = error {
            return NativeError("\(function) failed: \(EventObject(pattern: pattern).description) never happens in the factual rollout (steps 0...\(last))")
        }
        return NativeError("\(function) failed: \(error)")
    }

    // MARK: Arguments

    static func blockArgument(_ args: Arguments, _ position: Int) throws -> SceneBody {
        guard case .object(let b as SceneBody) = args.value(at: position) else {
            throw NativeError("'\(args.function)' needs a block of interventions after the call, as in \(args.function)(…) { remove b }")
        }
        return b
    }

    /// `at: step` or `when: event`, at most one; nil when neither is given.
    static func trigger(_ args: Arguments, at: Int, when: Int) throws -> ScheduledIntervention.Trigger? {
        if args.has(at), args.has(when) { throw args.bad(when, "give either 'at:' or 'when:', not both") }
        if args.has(at) {
            let step = try args.integer(at: at)
            guard step >= 0 else { throw args.bad(at, "step must not be negative") }
            return .step(step)
        }
        if args.has(when) {
            return .event(try args.object(at: when, as: EventObject.self, expected: "event").pattern)
        }
        return nil
    }

    /// Where a counterfactual splits; one of `at:` and `when:` is required.
    static func splitArgument(_ args: Arguments, at: Int, when: Int) throws -> Counterfactual.Split {
        switch try trigger(args, at: at, when: when) {
        case .step(let s)?: return .step(s)
        case .event(let p)?: return .event(p)
        case nil: throw NativeError("'\(args.function)' needs where the worlds split: at: STEP or when: EVENT")
        }
    }

    /// A block to run when its interventions are made; bare body names read the world then:
    /// each body's state, with the material (restitution, friction, density) it has then.
    /// With `recording`, what it made the last time it ran is kept there.
    static func livePlan(_ block: SceneBody, recording: InterpreterBound<[Intervention]>? = nil) -> InterventionPlan {
        let bound = InterpreterBound(block)
        return .live(LiveInterventions("the block at line \(block.range.start.line)") { world in
            let state = world.state, scene = world.scene
            let made = try InterventionBuilder.interventions(of: bound.value) { name in
                state[name].map { .object(BodyStateObject($0, declared: scene.body(named: name))) }
            }
            recording?.value = made
            return made
        })
    }
}

/// A value of the interpreter's thread carried by a `@Sendable` function (a live plan).
///
/// Sound because nothing here crosses threads: the language runs on one thread, and the
/// rollouts that call a plan are made by natives on that thread.
final class InterpreterBound<Wrapped>: @unchecked Sendable {
    var value: Wrapped
    init(_ value: Wrapped) { self.value = value }
}
