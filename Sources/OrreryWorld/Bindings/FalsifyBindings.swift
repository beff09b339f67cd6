import OrreryLang
import WorldKit

// MARK: - falsify
//
// `falsify(family, property, budget:, method:, seed:, first:)` searches a scene family for
// worlds where `property` fails: it returns false, or a margin ≤ 0. Random sampling draws
// sample i exactly as `sample(family, n:, seed:)` does (so a counterexample's seed and
// index reproduce it there); Halton, CEM and annealing drive the block's draws from a
// point of the unit cube (`UnitDraws`) and keep the scene itself. `require` holds in every
// candidate: a rejected draw is no candidate. A property that raises an error on a
// candidate is reported in `errors` with the candidate and the search goes on; one that
// returns neither a Boolean nor a number stops it (the script is wrong, not the world).

/// Both search verbs.
enum SearchBindings {
    static func install(_ interp: Interpreter) {
        PlanBindings.install(interp)
        FalsifyBindings.install(interp)
        interp.sampleSearch = FalsifyBindings.searchSamples
    }
}

/// A property's error on one candidate, as the result lists it: `line 7: division by zero`.
private struct CandidateFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A property that returned a value of the wrong kind: stops the search.
private struct PropertyTypeError: Error { var error: NativeError }

enum FalsifyBindings {
    static let defaultBudget = 200

    static func install(_ interp: Interpreter) {
        interp.define(NativeFunction("falsify", parameters: ["family", "property", "budget", "method", "seed", "first"]) { args in
            let scene = try args.object(at: 1, as: SceneObject.self, expected: "scene")
            let property = try args.function(at: 2)
            guard let family = scene.family else {
                throw args.bad(1, "the scene draws nothing, so there is nothing to search; falsify takes a family "
                               + "(a scene block with uniform, normal, choice or int_between)")
            }
            let budget = args.has(3) ? try args.integer(at: 3) : defaultBudget
            guard budget >= 1, budget <= PlanBindings.maximumBudget else {
                throw args.bad(3, "budget must be between 1 and \(PlanBindings.maximumBudget) evaluations, got \(budget)")
            }
            let method = try PlanBindings.methodArgument(args, 4, allowed: [.random, .halton, .cem, .annealing], default: .cem)
            let seed = try args.seed(at: 5, default: args.interpreter.seed)
            let first = args.has(6) ? try args.bool(at: 6) : false
            let interpreter = args.interpreter
            let dimension = try family.drawCount(seed: seed)
            let result: Falsifier.Result<SceneObject>
            do {
                result = try Falsifier.run(dimension: dimension, budget: budget, method: method, seed: seed, stopAtFirst: first,
                                           draw: { point, attempt in
                    if method == .random {
                        // Sample `attempt` of the sweep, as `sample` draws it (its own rejection loop).
                        let s = try family.sample(seed: seed, index: attempt)
                        return SceneObject(s.scene, schedule: scene.schedule, family: family, origin: (seed, attempt))
                    }
                    let draws = UnitDraws(point: point, seed: seed, candidate: attempt)
                    return try family.sample(draws: draws).map { SceneObject($0, schedule: scene.schedule) }
                }, property: { candidate in
                    let v: Value
                    do { v = try interpreter.call(property, [.object(candidate)]) } catch let e as ScriptError {
                        throw CandidateFailure(message: "line \(e.error.range.start.line): \(e.error.message)")
                    } catch let e as NativeError {
                        throw CandidateFailure(message: e.message)
                    }
                    switch v {
                    case .bool(let b): return Robustness.value(b)
                    case .number(let x) where !x.isNaN: return x
                    default:
                        throw PropertyTypeError(error: NativeError(
                            "the property given to 'falsify' must return true or false, or a number (negative when violated), got \(v.typeName)"))
                    }
                }, isFatal: { $0 is PropertyTypeError })
            } catch let e as PropertyTypeError {
                throw e.error
            } catch let e as SearchError {
                throw NativeError("falsify failed: \(e.message)")
            }
            return .object(FalsificationObject(result, method: method, budget: budget, seed: seed, family: scene.scene.name))
        })
    }
}

extension FalsifyBindings {
    /// `orrery test --falsify N`: when a statistical test's samples are all drawn from one
    /// family, CEM searches that family for N candidates on which the test body fails
    /// (a failure is robustness −1, a pass or a skip +1), instead of running the list. The
    /// search's seed is the list's (`sample(…, seed: S)`), else the run's.
    static func searchSamples(_ items: [Value], budget: Int, seed runSeed: UInt64,
                              run: (Value) -> SampleOutcome) throws -> [SearchedSample]? {
        guard case .object(let first as SceneObject)? = items.first, let family = first.family,
              items.allSatisfy({ if case .object(let s as SceneObject) = $0 { return s.family === family }; return false })
        else { return nil }
        let seed = first.origin?.seed ?? runSeed
        var ran: [SearchedSample] = []
        var drawn: [Double] = []
        _ = try Falsifier.run(dimension: try family.drawCount(seed: seed), budget: budget, method: .cem, seed: seed,
                              draw: { point, attempt in
            drawn = point
            return try family.sample(draws: UnitDraws(point: point, seed: seed, candidate: attempt)).map {
                SceneObject($0, schedule: first.schedule)
            }
        }, property: { candidate in
            let outcome = run(.object(candidate))
            guard case .failed(let message) = outcome else {
                ran.append(SearchedSample(outcome: outcome, seed: seed))
                return 1
            }
            // Not one of `sample`'s draws: say so, with the point that reproduces it.
            let point = drawn.map { Value.format(number: ($0 * 10_000).rounded() / 10_000) }.joined(separator: ", ")
            ran.append(SearchedSample(outcome: .failed("\(message) [searched candidate; draws \(point)]"), seed: seed))
            return -1
        })
        return ran
    }
}

/// What `falsify` found: `f.counterexamples`, `f.found`, `f.first`, `f.evaluations`, `f.errors`.
final class FalsificationObject: HostObject {
    let result: Falsifier.Result<SceneObject>
    let method: SearchMethod
    let budget: Int
    let seed: UInt64
    let family: String

    init(_ result: Falsifier.Result<SceneObject>, method: SearchMethod, budget: Int, seed: UInt64, family: String) {
        self.result = result
        self.method = method
        self.budget = budget
        self.seed = seed
        self.family = family
    }

    var typeName: String { "falsification" }
    var description: String {
        let found = result.counterexampleCount
        let first = result.firstCounterexampleAt.map { ", the first at evaluation \($0)" } ?? ""
        return "<falsification of \"\(family)\" (\(method.rawValue)): \(found) counterexample\(found == 1 ? "" : "s") "
            + "in \(result.evaluations) evaluation\(result.evaluations == 1 ? "" : "s")\(first)"
            + (result.errors.isEmpty ? "" : ", \(result.errors.count) error\(result.errors.count == 1 ? "" : "s")") + ">"
    }
    func isEqual(to other: any HostObject) -> Bool { self === other }

    var memberNames: [String] {
        ["counterexamples", "count", "found", "first", "evaluations", "lowest", "errors", "method", "budget", "seed"]
    }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "counterexamples":
            return .list(result.counterexamples.map { c in
                var fields: [String: Value] = ["scene": .object(c.sample), "value": .number(c.value),
                                               "evaluation": .number(Double(c.index + 1)),
                                               "draws": .numbers(c.point)]
                if let origin = c.sample.origin {
                    fields["seed"] = .number(Double(origin.seed))
                    fields["index"] = .number(Double(origin.index))
                } else {
                    fields["seed"] = .number(Double(seed))
                    fields["index"] = .null
                }
                return .record(Record(sorting: fields))
            })
        case "count": return .number(Double(result.counterexampleCount))
        case "found": return .bool(result.counterexampleCount > 0)
        case "first": return result.firstCounterexampleAt.map { .number(Double($0)) } ?? .null
        case "evaluations": return .number(Double(result.evaluations))
        case "lowest": return .number(result.lowest)
        case "errors":
            return .list(result.errors.map { .record(["evaluation": .number(Double($0.index + 1)), "message": .string($0.message)]) })
        case "method": return .string(method.rawValue)
        case "budget": return .number(Double(budget))
        case "seed": return .number(Double(seed))
        default: return nil
        }
    }
}
