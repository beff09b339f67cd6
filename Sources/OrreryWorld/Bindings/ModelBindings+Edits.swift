import OrreryLang
import WorldKit

// MARK: - Latent factor edits in the language
//
// `edit(r, at: t) { a.x += 1 }` replays the model's rollout to step t, sets the
// factors the block assigns and rolls on; `factors(r, at: t)` lists what can be
// set; `edit_fidelity(m, scene, at: t, steps:) { a.x += 1 }` compares a model's
// edit with the simulator's own intervention on the true state.

/// Collects the assignments of a trailing edit block; anything else is an error.
final class FactorEditCollector: SceneBuilder {
    struct Assignment {
        var body: String
        var factor: String
        var op: String
        var value: Double
    }

    let function: String
    var assignments: [Assignment] = []

    init(function: String) { self.function = function }

    func entry(_ entry: EvaluatedSceneEntry) throws {
        throw NativeError("\(function): '\(entry.kind)' is not an edit here; write body.factor = value")
    }

    func require(_ condition: Value, probability: Value?, range: SourceRange) throws {
        throw NativeError("\(function): 'require' is not an edit here; write body.factor = value")
    }

    func assign(_ a: EvaluatedAssignment) throws {
        guard a.path.count == 1, case .string(let factor) = a.path[0] else {
            throw NativeError("\(function): an edit sets one factor of a body, as in '\(a.target).x = 1'")
        }
        guard case .number(let v) = a.value, v.isFinite else {
            throw NativeError("\(function): value for \(a.target).\(factor) must be a finite number, got \(a.value.typeName)")
        }
        assignments.append(Assignment(body: a.target, factor: factor, op: a.op, value: v))
    }

    /// `current op= value`.
    static func apply(_ op: String, _ current: Double, _ value: Double) throws -> Double {
        let out: Double
        switch op {
        case "=": out = value
        case "+=": out = current + value
        case "-=": out = current - value
        case "*=": out = current * value
        case "/=": out = current / value
        default: throw NativeError("unknown edit operator '\(op)'")
        }
        guard out.isFinite else { throw NativeError("edit gives a non-finite value") }
        return out
    }
}

extension ModelBindings {
    static func installEdits(_ interp: Interpreter) {
        interp.define(NativeFunction("edit", parameters: ["rollout", "at", "block"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let m = try rolloutModel(r, args)
            let t = try args.step(at: 2, last: r.length)
            let edits = try collect(args, at: 3)
            guard !edits.isEmpty else { throw args.bad(3, "the block sets no factor") }
            var run = try startRun(m, r, at: t, args)
            try library("edit") {
                try run.edit { state in
                    var s = state
                    for e in edits {
                        let current = m.model.factors(s).first { $0.body == e.body && $0.name == e.factor }
                        guard current != nil || e.op == "=" else {
                            throw ModelError("the \(m.name) model has no factor \(e.body).\(e.factor) at step \(t)")
                        }
                        let value = try FactorEditCollector.apply(e.op, current?.value ?? 0, e.value)
                        s = try m.model.edit(s, body: e.body, factor: e.factor, to: value)
                    }
                    return s
                }
                try run.advance(to: r.length)
            }
            let edited = ModelRolloutObject(run.rollout(), model: m)
            edited.earlierNames = r.knownNames
            return .object(edited)
        })
        interp.define(NativeFunction("factors", parameters: ["rollout", "at"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let m = try rolloutModel(r, args)
            let t = try args.step(at: 2, last: r.length)
            let run = try startRun(m, r, at: t, args)
            return .list(m.model.factors(run.state).map { f in
                let rec: [String: Value] = [
                    "name": .string(f.body.map { "\($0).\(f.name)" } ?? f.name), "factor": .string(f.name),
                    "value": .number(f.value),
                    // Always present so scripts can test them: nil for whole-state factors / no probe.
                    "body": f.body.map { .string($0) } ?? .null, "r2": f.probeR2.map { .number($0) } ?? .null,
                ]
                return .record(Record(sorting: rec))
            })
        })
        let defaultSeed = interp.seed
        interp.define(NativeFunction("edit_fidelity", parameters: ["model", "scene", "at", "steps", "seed", "block"]) { args in
            let m = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let scene = try args.object(at: 2, as: SceneObject.self, expected: "scene").scene
            let t = try args.integer(at: 3)
            guard t >= 0, t <= 100_000 else { throw args.bad(3, "step must be in 0...100000, got \(t)") }
            let steps = args.has(4) ? try args.integer(at: 4) : 30
            guard steps >= 1, steps <= 100_000 else { throw args.bad(4, "steps must be in 1...100000, got \(steps)") }
            let seed = try args.seed(at: 5, default: defaultSeed)
            let edits = try collect(args, at: 6)
            guard edits.count == 1, let e = edits.first else {
                throw args.bad(6, "edit_fidelity takes exactly one edit, got \(edits.count)")
            }
            let f = try library("edit_fidelity") { () throws -> EditFidelity in
                var value = e.value
                if e.op != "=" {
                    // Compound edits are relative to the true value at step t.
                    let truth = try Simulator.rollout(scene, steps: t, seed: seed)
                    guard let b = truth.states.last?[e.body] else { throw ModelError("no body named '\(e.body)'") }
                    let current: Double
                    switch e.factor {
                    case "x": current = b.position.x
                    case "y": current = b.position.y
                    case "vx": current = b.velocity.x
                    case "vy": current = b.velocity.y
                    case "radius": current = b.radius
                    default: throw ModelError("the simulator cannot set factor '\(e.factor)' (x, y, vx, vy, radius)")
                    }
                    value = try FactorEditCollector.apply(e.op, current, e.value)
                }
                return try LatentEditing.fidelity(m.model, scene: scene, at: t,
                                                  FactorEdit(body: e.body, factor: e.factor, value: value),
                                                  steps: steps, seed: seed)
            }
            return .record([
                "error": .number(f.meanError), "unedited_error": .number(f.uneditedMeanError),
                "model_shift": .number(f.modelShift), "true_shift": .number(f.trueShift),
                "per_step": .numbers(f.errorPerStep),
            ])
        })
    }

    /// The model that made a rollout (the simulator's rollouts carry none: they are physics').
    static func rolloutModel(_ r: RolloutObject, _ args: Arguments) throws -> ModelObject {
        if let m = (r as? ModelRolloutObject)?.model { return m }
        if r.modelName == "physics" { return .physics }
        throw args.bad(1, "this rollout was not made by a model")
    }

    /// The edits of the trailing block at `position`.
    static func collect(_ args: Arguments, at position: Int) throws -> [FactorEditCollector.Assignment] {
        let body = try args.object(at: position, as: SceneBody.self, expected: "block")
        let collector = FactorEditCollector(function: args.function)
        try body.run(into: collector)
        return collector.assignments
    }

    /// The model's run of `r`'s scene and seed, stepped to `t`.
    static func startRun(_ m: ModelObject, _ r: RolloutObject, at t: Int, _ args: Arguments) throws -> ModelRun {
        let first = max(1, m.model.contextLength) - 1
        guard t >= first else {
            throw args.bad(2, "step \(t) is inside the \(m.name) model's context; its state starts at step \(first)")
        }
        return try library(args.function) {
            var run = try ModelRun(m.model, scene: r.rollout.scene, steps: r.length, seed: r.rollout.seed)
            try run.advance(to: t)
            return run
        }
    }
}
