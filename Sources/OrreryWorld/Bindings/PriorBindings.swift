import OrreryLang
import WorldKit

// MARK: - Priors in the language
//
// Natives for reasoning priors: `builtin_prior` (behind `import "std/priors"`),
// `violate`, `check_priors`, `violation_table`, `violation_series`, `violation_plot`, and the prior path of
// `rollout(m, scene, priors: […], mode: …)`, which `WorldBindings` routes here.

/// Installs the priors' natives.
enum PriorBindings {
    static let modes = PriorMode.allCases.map(\.rawValue)

    static func install(into interp: Interpreter) {
        PriorModelBindings.install(into: interp)
        interp.define(NativeFunction("builtin_prior", parameters: ["name", "tolerance"]) { args in
            let name = try args.string(at: 1)
            var tolerance: Double?
            if args.has(2) {
                let t = try args.number(at: 2)
                guard t.isFinite, t >= 0 else { throw args.bad(2, "tolerance must be a finite number >= 0") }
                tolerance = t
            }
            guard let p = PriorObject.builtin(name, tolerance: tolerance) else {
                let guess = Suggestions.didYouMean(name, among: BuiltinPriors.names).map { $0 + " " } ?? ""
                throw args.bad(1, "no built-in prior named '\(name)'; \(guess)one of: \(BuiltinPriors.names.joined(separator: ", "))")
            }
            return .object(PriorObject(builtin: p))
        })
        interp.define(NativeFunction("violate", parameters: ["bodies", "magnitude", "message"]) { args in
            try violate(args)
        })
        interp.define(NativeFunction("check_priors", parameters: ["rollout", "priors"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let priors = try priorList(args, at: 2)
            let report = try library("check_priors") {
                try ConstrainedRollout.check(r.rollout, priors: priors.map { $0.prior(in: args.interpreter) })
            }
            return .object(ViolationReportObject(report))
        })
        interp.define(NativeFunction("violation_table", parameters: ["report"]) { args in
            .string(try report(args, at: 1).report.table)
        })
        interp.define(NativeFunction("violation_series", parameters: ["report", "quantity"]) { args in
            try report(args, at: 1).series(try quantity(args, at: 2))
        })
        interp.define(NativeFunction("violation_plot", parameters: ["report", "quantity"]) { args in
            let r = try report(args, at: 1)
            let q = try quantity(args, at: 2)
            // A plot value when the session has `plot` (the notebook's), else the series record.
            let names = r.report.allPriorNames
            guard case .native(let plot)? = args.interpreter.builtin("plot"), !names.isEmpty else { return r.series(q) }
            let lines: [Value] = names.map { p in
                .record(["name": .string(p), "values": .numbers(q == .count ? r.report.countSeries(of: p) : r.report.magnitudeSeries(of: p))])
            }
            return try args.call(.native(plot), [.list(lines), .string("violations over time"), .string("step"),
                                                 .string(q == .count ? "violations" : "magnitude")])
        })
    }

    // MARK: - Rollouts under priors

    /// `rollout(m, scene, steps:, seed:, priors:, mode:, samples:, allowed:, feedback:)`: positions 5 to 9.
    static func rollout(_ args: inout Arguments, model: ModelObject, scene: SceneObject, steps: Int,
                        seed: UInt64) throws -> Value {
        let priors = args.has(5) ? try priorList(args, at: 5) : []
        let modeName = args.has(6) ? try args.string(at: 6) : (args.has(7) ? "reject" : "check")
        guard let mode = PriorMode(rawValue: modeName) else {
            let guess = Suggestions.didYouMean(modeName, among: modes, quote: "\"").map { "; " + $0 } ?? ""
            throw args.bad(6, "mode must be one of \(modes.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(modeName)\"\(guess)")
        }
        let interp = args.interpreter
        let library = priors.map { $0.prior(in: interp) }
        if args.has(8), mode != .reject { throw args.bad(8, "allowed: is only for mode: \"reject\"") }
        if args.has(9), mode != .project { throw args.bad(9, "feedback: is only for mode: \"project\"") }
        if args.has(7) || mode == .reject {
            guard mode == .reject else { throw args.bad(7, "samples: is only for mode: \"reject\"") }
            let budget = try violationBudget(args, at: 8)
            let samples = try rolloutSamples(&args, scene: scene, seed: seed)
            let outcome = try self.library("rollout") {
                try ConstrainedRollout.reject(model.model, samples: samples, steps: steps, priors: library, budget: budget)
            }
            let sampled = samples.reduce(scene.namesBeyondScene) { $0.union($1.scene.eventNames) }
            let accepted: [Value] = outcome.accepted.map { .object(rolloutObject($0, model, earlierNames: sampled)) }
            return .record(["accepted": .list(accepted), "rejected": .number(Double(outcome.rejected)),
                            "total": .number(Double(outcome.total)),
                            "rejected_samples": .list(outcome.rejectedSamples.map { .number(Double($0)) }),
                            "acceptance": .number(outcome.acceptanceRate),
                            "reports": .list(outcome.reports.map { .object(ViolationReportObject($0)) })])
        }
        let feedback = try feedbackPolicy(args, at: 9)
        let r = try self.library("rollout") {
            try ConstrainedRollout.run(model.model, scene: scene.scene, steps: steps, priors: library, mode: mode, seed: seed,
                                       feedback: feedback)
        }
        return .object(rolloutObject(r, model, earlierNames: scene.namesBeyondScene))
    }

    static func rolloutObject(_ r: ConstrainedRollout, _ model: ModelObject, earlierNames: Set<String>) -> RolloutObject {
        // A checked rollout is the model's own, so `edit`/`factors` may replay it; a projected
        // one is not what replaying the model gives, so it does not offer that.
        let out = model === ModelObject.physics || r.mode == .project
            ? RolloutObject(r.rollout, modelName: model.name)
            : ModelRolloutObject(r.rollout, model: model)
        out.constrained = r
        out.earlierNames = earlierNames
        return out
    }

    /// Reject mode's samples: `samples: [scenes]` (seeds `seed`, `seed + 1`, …), or
    /// `samples: n` — n scenes drawn with `sample` when the session has it (a family
    /// draws new values each time), else the one scene under n noise seeds.
    static func rolloutSamples(_ args: inout Arguments, scene: SceneObject, seed: UInt64) throws -> [RolloutSample] {
        guard args.has(7) else { return [RolloutSample(scene: scene.scene, seed: seed)] }
        switch args.value(at: 7) {
        case .list(let items):
            guard !items.isEmpty else { throw args.bad(7, "the list of scenes is empty") }
            return try items.enumerated().map { i, item in
                guard case .object(let s as SceneObject) = item else {
                    throw args.bad(7, "list of scenes expected, item \(i) is a \(item.typeName)")
                }
                return RolloutSample(scene: s.scene, seed: seed &+ UInt64(i))
            }
        case .number:
            let n = try args.integer(at: 7)
            guard n >= 1, n <= 10_000 else { throw args.bad(7, "samples must be between 1 and 10000") }
            var scenes = Array(repeating: scene.scene, count: n)
            if case .native(let sample)? = args.interpreter.builtin("sample") {
                let drawn = try args.call(.native(sample), [.object(scene), .number(Double(n)), .seed(seed)])
                if case .list(let items) = drawn {
                    let got = items.compactMap { item -> Scene? in
                        if case .object(let o as SceneObject) = item { return o.scene }
                        return nil
                    }
                    if got.count == n { scenes = got }
                }
            }
            return scenes.enumerated().map { RolloutSample(scene: $1, seed: seed &+ UInt64($0)) }
        default:
            throw args.bad(7, expected: "number of samples or list of scenes")
        }
    }

    // MARK: - Arguments

    /// A prior or a (nested) list of priors, flattened in order: priors compose as lists.
    static func priorList(_ args: Arguments, at position: Int) throws -> [PriorObject] {
        var out: [PriorObject] = []
        func add(_ v: Value, depth: Int) throws {
            switch v {
            case .object(let p as PriorObject): out.append(p)
            case .list(let items) where depth < 16:
                for item in items { try add(item, depth: depth + 1) }
            default:
                throw args.bad(position, "list of priors expected, found a \(v.typeName)")
            }
        }
        try add(args.value(at: position), depth: 0)
        return out
    }

    /// `allowed:` of reject mode: a count (`allowed: 3`), or a record with `count` and/or
    /// `magnitude` (`allowed: {magnitude: 0.5}`); none allowed when absent.
    static func violationBudget(_ args: Arguments, at position: Int) throws -> ViolationBudget {
        guard args.has(position) else { return .none }
        func count(_ v: Value) throws -> Int {
            guard case .number(let n) = v, n.isFinite, n == n.rounded(), n >= 0, n <= 1e15 else {
                throw args.bad(position, "the allowed count must be a whole number >= 0, got \(v.description)")
            }
            return Int(n)
        }
        switch args.value(at: position) {
        case .number:
            return ViolationBudget(count: try count(args.value(at: position)))
        case .record(let fields):
            let unknown = fields.keys.filter { $0 != "count" && $0 != "magnitude" }.sorted()
            if let first = unknown.first {
                throw args.bad(position, "allowed: takes the fields count and magnitude, got '\(first)'")
            }
            guard !fields.isEmpty else { throw args.bad(position, "allowed: needs count or magnitude") }
            var budget = ViolationBudget(count: nil, magnitude: nil)
            if let c = fields["count"] { budget.count = try count(c) }
            if let m = fields["magnitude"] {
                guard case .number(let x) = m, x.isFinite, x >= 0 else {
                    throw args.bad(position, "the allowed magnitude must be a finite number >= 0, got \(m.description)")
                }
                budget.magnitude = x
            }
            return budget
        default:
            throw args.bad(position, expected: "number of violations or record {count, magnitude}")
        }
    }

    /// `feedback:` of project mode: "full", "positions" or "output"; nil (the model's default) when absent.
    static func feedbackPolicy(_ args: Arguments, at position: Int) throws -> FeedbackPolicy? {
        guard args.has(position) else { return nil }
        let name = try args.string(at: position)
        guard let policy = FeedbackPolicy(languageName: name) else {
            let names = FeedbackPolicy.allCases.map(\.languageName)
            let guess = Suggestions.didYouMean(name, among: names, quote: "\"").map { "; " + $0 } ?? ""
            throw args.bad(position, "feedback must be one of \(names.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(name)\"\(guess)")
        }
        return policy
    }

    /// `"count"` (the default) or `"magnitude"`.
    static func quantity(_ args: Arguments, at position: Int) throws -> ViolationReport.PlotQuantity {
        let q = args.has(position) ? try args.string(at: position) : "count"
        guard let quantity = ViolationReport.PlotQuantity(rawValue: q) else {
            throw args.bad(position, "quantity must be \"count\" or \"magnitude\", got \"\(q)\"")
        }
        return quantity
    }

    /// A violation report: a report value, or a rollout run under priors.
    static func report(_ args: Arguments, at position: Int) throws -> ViolationReportObject {
        switch args.value(at: position) {
        case .object(let r as ViolationReportObject): return r
        case .object(let r as RolloutObject):
            guard let c = r.constrained else {
                throw args.bad(position, "this rollout was not run under priors (pass priors: to rollout, or use check_priors)")
            }
            return ViolationReportObject(c.report)
        default: throw args.bad(position, expected: "violation report or rollout under priors")
        }
    }

    /// `violate(bodies, magnitude, message)`: a check-only violation inside a prior.
    static func violate(_ args: Arguments) throws -> Value {
        var names: [String] = []
        var collector: PriorCollector?
        func take(_ v: Value) throws {
            switch v {
            case .object(let b as BodyStateObject):
                names.append(b.body.name)
                collector = collector ?? b.collector
            case .object(let s as StateObject):
                collector = collector ?? s.collector
            default:
                throw args.bad(1, expected: "body, list of bodies or state")
            }
        }
        if case .list(let items) = args.value(at: 1) {
            for item in items { try take(item) }
        } else {
            try take(args.value(at: 1))
        }
        guard let collector else {
            throw args.bad(1, "violate can only be used inside a prior, on the state or bodies it was given")
        }
        let m = try args.number(at: 2)
        guard m.isFinite, m > 0 else { throw args.bad(2, "magnitude must be a finite number > 0") }
        let message = args.has(3) ? try args.string(at: 3) : "\(collector.prior) violated"
        collector.violate(names, magnitude: m, message: message)
        return .null
    }

    /// Library errors as located messages; a user prior's own error passes through unchanged.
    static func library<T>(_ function: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ScriptError {
            throw e
        } catch let e as NativeError {
            throw e
        } catch let e as PriorError {
            throw NativeError("\(function): \(e.message)")
        } catch let e as ModelError {
            throw NativeError("\(function): \(e.message)")
        } catch {
            throw NativeError("\(function): \(error)")
        }
    }
}
