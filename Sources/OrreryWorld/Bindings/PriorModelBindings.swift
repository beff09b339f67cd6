import OrreryLang
import WorldKit

// MARK: - Priors that change what a model predicts
//
// `guided(m, by: planner, every: k)`: plan-then-render, a trained model steered by key
// states a planner proposes (the simulator at a coarse step, or a sketch function).
// `trainingPriors`: the `priors:` and `weight:` of `train`, checked here so the `train`
// binding only passes them on.

enum PriorModelBindings {
    static func install(into interp: Interpreter) {
        interp.define(NativeFunction("guided", parameters: ["model", "by", "every", "coarse", "strength", "feedback"]) { args in
            try guided(args)
        })
    }

    /// `guided(m, by: physics | fn (s, k) { … }, every: k, coarse: c, strength: s, feedback: f)`.
    static func guided(_ args: Arguments) throws -> Value {
        let m = try args.object(at: 1, as: ModelObject.self, expected: "model")
        guard m.model.isTrained else { throw args.bad(1, "the \(m.name) model is not trained yet; train it first") }
        guard args.has(2) else { throw args.bad(2, "guided needs a planner: by: physics or by: a function (state, steps)") }
        guard args.has(3) else { throw args.bad(3, "guided needs every: (steps between key states)") }
        let every = try args.integer(at: 3, in: 1...GuidedModel.maximumInterval, name: "every")
        let strength = try args.optionalNumber(at: 5) ?? 1
        guard strength > 0, strength <= 1 else { throw args.bad(5, "strength must be in (0, 1], got \(fmt(strength))") }
        let feedback = try PriorBindings.feedbackPolicy(args, at: 6)
        let planner: any KeyStatePlanner
        switch args.value(at: 2) {
        case .object(let p as ModelObject) where p === ModelObject.physics:
            let coarse = args.has(4) ? try args.integer(at: 4, in: 1...GuidedModel.maximumInterval, name: "coarse") : every
            planner = try SimulatorPlanner(coarseness: coarse)
        case .function, .native:
            if args.has(4) { throw args.bad(4, "coarse: is only for by: physics") }
            planner = sketchPlanner(args.value(at: 2), interp: args.interpreter)
        default:
            throw args.bad(2, expected: "physics or function (state, steps)")
        }
        let model = try ModelBindings.library("guided") {
            try GuidedModel(m.model, planner: planner, every: every, strength: strength, feedback: feedback)
        }
        return .object(ModelObject(model))
    }

    /// A user's sketch `fn (s, k)`: given the state and the steps ahead, it returns a state
    /// (e.g. a rollout's `final`) or a record `{NAME: position}` / `{NAME: {position, velocity}}`;
    /// bodies it leaves out keep the model's estimate, and a body given only a position keeps the
    /// model's velocity. `nil` means no plan this time.
    static func sketchPlanner(_ function: Value, interp: Interpreter) -> ClosurePlanner {
        ClosurePlanner(summary: "a sketch function") { state, steps, scene in
            let result = try interp.call(function, [.object(StateObject(scene: scene, state: state)), .number(Double(steps))])
            return try keyState(result, from: state, steps: steps, dt: PriorContext(scene: scene).dt)
        }
    }

    /// The key state a sketch returned.
    static func keyState(_ v: Value, from state: WorldState, steps: Int, dt: Double) throws -> WorldState? {
        var out = state
        out.step = state.step + steps
        out.time = state.time + Double(steps) * dt
        func vector(_ v: Value, _ what: String) throws -> Vec2 {
            guard case .vector(let p) = v, p.x.isFinite, p.y.isFinite else {
                throw NativeError("guided: the sketch's \(what) must be a finite vector, got a \(v.typeName)")
            }
            return p
        }
        switch v {
        case .null:
            return nil
        case .object(let s as StateObject):
            for b in s.state.bodies {
                guard let i = out.bodies.firstIndex(where: { $0.name == b.name }) else { continue }
                out.bodies[i].position = b.position
                out.bodies[i].velocity = b.velocity
            }
            return out
        case .record(let fields):
            for name in fields.keys.sorted() {
                guard let i = out.bodies.firstIndex(where: { $0.name == name }), let field = fields[name] else {
                    throw NativeError("guided: the sketch names a body '\(name)' the state does not have")
                }
                // Unknown velocity: NaN, which the pull leaves alone.
                out.bodies[i].velocity = Vec2(.nan, .nan)
                switch field {
                case .vector:
                    out.bodies[i].position = try vector(field, "\(name)")
                case .record(let parts):
                    let unknown = parts.keys.filter { $0 != "position" && $0 != "velocity" }.sorted()
                    if let first = unknown.first {
                        throw NativeError("guided: the sketch's \(name) takes position and velocity, got '\(first)'")
                    }
                    if let p = parts["position"] { out.bodies[i].position = try vector(p, "\(name).position") }
                    if let u = parts["velocity"] { out.bodies[i].velocity = try vector(u, "\(name).velocity") }
                default:
                    throw NativeError("guided: the sketch's \(name) must be a position or a record {position, velocity}, got a \(field.typeName)")
                }
            }
            return out
        default:
            throw NativeError("guided: the sketch must return a state, a record of positions or nil, got a \(v.typeName)")
        }
    }

    // MARK: - Training with priors

    /// `priors:` (a prior or list), `weight:` (default 0.01) and `warmup:` (default half of `epochs`)
    /// of `train`, or nil when `priors:` is absent. A prior with no gradient is an error naming it; `weight:`, `warmup:` or
    /// `unlabelled:` without `priors:` is an error.
    static func trainingPriors(_ args: Arguments, priorsAt: Int, weightAt: Int, warmupAt: Int, unlabelledAt: Int,
                               epochs: Int, kind: String) throws -> TrainingPriors? {
        guard args.has(priorsAt) else {
            for (at, name) in [(weightAt, "weight"), (warmupAt, "warmup"), (unlabelledAt, "unlabelled")] where args.has(at) {
                throw args.bad(at, "\(name): is only for training with priors:")
            }
            return nil
        }
        let list = try PriorBindings.priorList(args, at: priorsAt)
        guard !list.isEmpty else { throw args.bad(priorsAt, "the list of priors is empty") }
        // No weight: the measured defaults (0.01, gravity ×10 but for the hybrid); a number: that
        // weight for every prior; a record {PRIOR: w}: per prior, the others at 0.01.
        var weight = TrainingPriorDefaults.weight
        var scales = TrainingPriorDefaults.scales(forKind: kind)
        switch args.has(weightAt) ? args.value(at: weightAt) : .null {
        case .null: break
        case .number(let w):
            guard w >= 0, w.isFinite else { throw args.bad(weightAt, "weight must be a finite number >= 0, got \(fmt(w))") }
            weight = w
            scales = [:]
        case .record(let fields):
            let names = Set(list.map(\.name))
            scales = [:]
            for key in fields.keys.sorted() {
                guard names.contains(key) else {
                    throw args.bad(weightAt, "weight: names the prior '\(key)', which is not among the priors: \(list.map(\.name).joined(separator: ", "))")
                }
                guard case .number(let w) = fields[key] ?? .null, w >= 0, w.isFinite else {
                    throw args.bad(weightAt, "the weight of '\(key)' must be a finite number >= 0, got \((fields[key] ?? .null).description)")
                }
                scales[key] = w / weight
            }
        default:
            throw args.bad(weightAt, expected: "number or record of weights by prior")
        }
        let warmup = args.has(warmupAt)
            ? try args.integer(at: warmupAt, in: 0...TrainingOptions.maximumEpochs, name: "warmup")
            : TrainingPriorDefaults.warmup(epochs: epochs)
        do {
            var p = try TrainingPriors.make(from: list.map { $0.prior(in: args.interpreter) }, weight: weight)
            p.scales = scales
            p.warmup = warmup
            return p
        } catch let e as PriorError {
            throw args.bad(priorsAt, e.message)
        }
    }

    /// `unlabelled:` of `train`: a list of scenes (or one) of which the model is shown only its
    /// context; the priors alone train its rollouts from there.
    static func attachUnlabelled(_ priors: inout TrainingPriors?, _ args: Arguments, at: Int, contextFrames: Int, seed: UInt64) throws {
        guard args.has(at), priors != nil else { return }
        var scenes: [Scene] = []
        switch args.value(at: at) {
        case .object(let s as SceneObject): scenes = [s.scene]
        case .list(let items):
            for (i, item) in items.enumerated() {
                guard case .object(let s as SceneObject) = item else {
                    throw args.bad(at, "list of scenes expected, item \(i) is a \(item.typeName)")
                }
                scenes.append(s.scene)
            }
        default: throw args.bad(at, expected: "scene or list of scenes")
        }
        guard !scenes.isEmpty else { throw args.bad(at, "the list of unlabelled scenes is empty") }
        priors?.unlabelled = try PriorBindings.library("train") { try UnlabelledScenes(scenes: scenes, contextFrames: max(1, contextFrames), seed: seed) }
    }
}
