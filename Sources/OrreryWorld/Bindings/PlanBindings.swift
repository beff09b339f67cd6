import OrreryLang
import WorldKit

// MARK: - plan and execute
//
// `plan(model, scene, goal:, cost:, horizon:, budget:, method:, seed:) { actions }`:
// the actions block is the search space (ActionBuilder), the model imagines every
// candidate (WorldKit's `Imagination`), `Planner` searches. `execute(p)` makes the plan
// in the simulator and plans with `physics` at the same budget for the regret.

enum PlanBindings {
    /// Horizon and budget when the call gives none.
    static let defaultHorizon = 120
    static let defaultBudget = 100
    static let maximumBudget = 1_000_000

    static func install(_ interp: Interpreter) {
        interp.define(NativeFunction("plan", parameters: ["model", "scene", "goal", "cost", "horizon", "budget",
                                                          "method", "seed", "block"]) { args in
            let model = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let scene = try args.object(at: 2, as: SceneObject.self, expected: "scene")
            guard case .object(let block as SceneBody) = args.value(at: 9) else {
                throw NativeError("'plan' needs an actions block after the call, as in plan(…) { push a by (uniform(-4, 4), 0) }")
            }
            guard scene.schedule.isEmpty else {
                throw args.bad(2, "the scene already carries scheduled interventions; plan on the scene without them")
            }
            let interpreter = args.interpreter
            let declared = scene.scene
            let goal = try goalArgument(args, 3, scene: scene)
            var cost: ((Rollout) throws -> Double)?
            if args.has(4) {
                let f = try args.function(at: 4)
                cost = { r in
                    let v = try interpreter.call(f, [.object(RolloutObject(r, modelName: model.name))])
                    guard case .number(let c) = v else {
                        throw NativeError("the cost function given to 'plan' must return a number, got \(v.typeName)")
                    }
                    return c
                }
            }
            if case .none = goal, cost == nil { throw NativeError("'plan' needs a goal: or a cost: (or both)") }
            let horizon = args.has(5) ? try args.integer(at: 5, in: 1...ModelRollout.maximumSteps, name: "horizon") : defaultHorizon
            var budget = args.has(6) ? try args.integer(at: 6) : defaultBudget
            guard budget >= 1, budget <= maximumBudget else {
                throw args.bad(6, "budget must be between 1 and \(maximumBudget) candidates, got \(budget)")
            }
            let method = try methodArgument(args, 7, allowed: [.random, .cem, .mppi], default: .cem)
            let seed = try args.seed(at: 8, default: interpreter.seed)
            // The action space: what one run of the block declares, and how many numbers it draws.
            let probe = UnitDraws(point: [], seed: seed, candidate: -1)
            let probed = try ActionBuilder.actions(of: block, scene: declared, draws: probe)
            guard !probed.isEmpty else {
                throw NativeError("the actions block of 'plan' declares no action: give at least one, as in push a by (uniform(-4, 4), 0)")
            }
            // Every body an action names must be in the scene (or added by an earlier action).
            var known = Set(declared.bodies.map(\.name))
            for a in probed {
                if let added = a.intervention.addedName { known.insert(added); continue }
                guard known.contains(a.intervention.body) else {
                    throw NativeError("the actions block of 'plan' names "
                                      + BodyNames.unknown(a.intervention.body, scene: declared.name, known: known))
                }
            }
            for a in probed where a.step > horizon {
                throw NativeError("an action at step \(a.step) is beyond the horizon \(horizon)")
            }
            // A block that draws nothing has one candidate: imagining it again would show nothing new.
            if probe.count == 0 { budget = 1 }
            let bound = InterpreterBound(block)
            let problem = PlanningProblem(scene: declared, goal: goal, cost: cost, actions: { draws in
                try ActionBuilder.actions(of: bound.value, scene: declared, draws: draws)
            }, dimension: probe.count, horizon: horizon, budget: budget, method: method, seed: seed)
            do {
                return .object(PlanObject(try Planner.plan(model.model, problem), problem: problem, model: model, scene: scene))
            } catch {
                throw failure("plan", error)
            }
        })

        interp.define(NativeFunction("execute", parameters: ["plan"]) { args in
            let p = try args.object(at: 1, as: PlanObject.self, expected: "plan")
            let outcome: PlanOutcome
            do { outcome = try Planner.execute(p.plan, p.problem) } catch { throw failure("execute", error) }
            let schedule = p.schedule
            return .record([
                "success": outcome.realSuccess.map { .bool($0) } ?? .null,
                "cost": .number(outcome.realCost),
                "regret": .number(outcome.regret),
                "rollout": .object(RolloutObject(outcome.real, modelName: "physics", schedule: schedule)),
                "physics_cost": .number(outcome.reference.imaginedCost),
                "physics_success": outcome.reference.imaginedSuccess.map { .bool($0) } ?? .null,
                "physics_evaluations": .number(Double(outcome.reference.evaluations)),
            ])
        })
    }

    /// A script's own error (from the goal, the cost or the actions block) as it is; the
    /// library's (search, model, intervention) as `plan failed: …`.
    static func failure(_ function: String, _ error: Error) -> Error {
        switch error {
        case is ScriptError, is NativeError: return error
        case let e as SearchError: return NativeError("\(function) failed: \(e.message)")
        case let e as ModelError: return NativeError("\(function) failed: \(e.message)")
        default: return NativeError("\(function) failed: \(error)")
        }
    }

    /// `goal:` — an event pattern (its names checked against the scene) or a predicate over the final state.
    static func goalArgument(_ args: Arguments, _ position: Int, scene: SceneObject) throws -> PlanGoal {
        guard args.has(position) else { return .none }
        switch args.value(at: position) {
        case .object(let e as EventObject):
            try BodyNames.check(e.pattern, known: Set(scene.scene.eventNames).union(scene.namesBeyondScene),
                                scene: scene.scene.name, args, at: position)
            return .event(e.pattern)
        case .function, .native:
            let f = args.value(at: position)
            let interpreter = args.interpreter
            let declared = scene.scene
            return .final { state in
                let v = try interpreter.call(f, [.object(StateObject(scene: declared, state: state))])
                guard case .bool(let b) = v else {
                    throw NativeError("the goal given to 'plan' must return true or false, got \(v.typeName)")
                }
                return b
            }
        default:
            throw args.bad(position, expected: "event or function")
        }
    }

    /// `method:` — one of the allowed search methods, by name.
    static func methodArgument(_ args: Arguments, _ position: Int, allowed: [SearchMethod],
                               default fallback: SearchMethod) throws -> SearchMethod {
        guard args.has(position) else { return fallback }
        let names = allowed.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard case .string(let s) = args.value(at: position), let m = SearchMethod(rawValue: s), allowed.contains(m) else {
            let given = args.value(at: position).asString ?? args.value(at: position).typeName
            throw args.bad(position, "method must be one of \(names), got \(given)"
                           + (Suggestions.didYouMean(given, among: allowed.map(\.rawValue)).map { "; " + $0 } ?? ""))
        }
        return m
    }
}
