import OrreryLang
import WorldKit

// MARK: - Metrics in the language
//
// `error(r, truth)` and its per-step and per-body forms, pixel error and PSNR of
// rendered frames, one-step against many-step error over a dataset's held-out
// rollouts (exposure bias), and `compare(r, truth)`: the two rollouts side by side.

extension ModelBindings {
    static func installMetrics(_ interp: Interpreter) {
        interp.define(NativeFunction("error", parameters: ["rollout", "truth", "per"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let truth = try args.object(at: 2, as: RolloutObject.self, expected: "rollout")
            let e = Metrics.positionError(r.rollout, truth.rollout)
            switch args.has(3) ? try args.string(at: 3) : "all" {
            case "all": return .number(e.mean)
            case "step": return .numbers(e.perStep)
            case "body":
                var out: [String: Value] = [:]
                for b in e.perBody { out[b.body] = .number(b.error) }
                return .record(Record(sorting: out))
            case let other: throw args.bad(3, "per must be \"step\" or \"body\", got \"\(other)\"")
            }
        })
        interp.define(NativeFunction("pixel_error", parameters: ["rollout", "truth", "stride"]) { args in
            .number(try frameError(args).mse)
        })
        interp.define(NativeFunction("psnr", parameters: ["rollout", "truth", "stride", "per"]) { args in
            switch args.has(4) ? try args.string(at: 4) : "all" {
            case "all": return .number(try frameError(args).psnr)
            case "step":
                // One PSNR per compared step: the curve of fidelity against horizon.
                let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
                let truth = try args.object(at: 2, as: RolloutObject.self, expected: "rollout")
                let stride = args.has(3) ? try args.integer(at: 3) : 1
                guard stride >= 1 else { throw args.bad(3, "stride must be at least 1, got \(stride)") }
                let errors = try library("psnr") { try Metrics.frameErrors(r.rollout, truth.rollout, stride: stride) }
                return .numbers(errors.map { Metrics.psnr(mse: $0.mse) })
            case let other: throw args.bad(4, "per must be \"all\" or \"step\", got \"\(other)\"")
            }
        })
        interp.define(NativeFunction("one_step_error", parameters: ["model", "data"]) { args in
            let m = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let data = try args.object(at: 2, as: DatasetObject.self, expected: "dataset").dataset
            let errors = try library("one_step_error") {
                try evaluationRollouts(data).map {
                    try Metrics.oneStepError(m.model, scene: $0.scene, steps: data.steps, seed: $0.seed)
                }
            }
            return .number(errors.reduce(0, +) / Double(max(1, errors.count)))
        })
        interp.define(NativeFunction("rollout_error", parameters: ["model", "data", "steps"]) { args in
            let m = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let data = try args.object(at: 2, as: DatasetObject.self, expected: "dataset").dataset
            let steps = args.has(3) ? try args.integer(at: 3) : data.steps
            guard steps >= 1, steps <= ModelRollout.maximumSteps else {
                throw args.bad(3, "steps must be in 1...\(ModelRollout.maximumSteps), got \(steps)")
            }
            let errors = try library("rollout_error") {
                try evaluationRollouts(data).map { truth -> Double in
                    let t = steps <= data.steps ? Rollout(scene: truth.scene, seed: truth.seed,
                                                          states: Array(truth.states.prefix(steps + 1)),
                                                          events: [], noise: truth.noise)
                        : try Simulator.rollout(truth.scene, steps: steps, seed: truth.seed)
                    let r = try ModelRollout.run(m.model, scene: truth.scene, steps: steps, seed: truth.seed)
                    return Metrics.positionError(r, t, fromStep: max(1, m.model.contextLength)).mean
                }
            }
            return .number(errors.reduce(0, +) / Double(max(1, errors.count)))
        })
        interp.define(NativeFunction("compare", parameters: ["rollout", "truth", "at"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let truth = try args.object(at: 2, as: RolloutObject.self, expected: "rollout")
            let last = min(r.length, truth.length)
            let t = args.has(3) ? try args.step(at: 3, last: last) : last
            guard t < r.rollout.states.count, t < truth.rollout.states.count else {
                throw NativeError("compare: a rollout has no states")
            }
            return .object(try library("compare") {
                let scene = truth.rollout.scene
                let a = try WorldDrawing.render(scene: scene, state: r.rollout.states[t])
                let b = try WorldDrawing.render(scene: scene, state: truth.rollout.states[t])
                let image = try Image.sideBySide([a, b], captions: [r.modelName, truth.modelName])
                return FrameObject(image, caption: "\(r.modelName) | \(truth.modelName) at step \(t)")
            })
        })
    }

    /// The rollouts a metric is measured on: the held-out ones, or all when none is held out.
    static func evaluationRollouts(_ data: Dataset) -> [Rollout] {
        data.heldOutCount > 0 ? data.heldOutIndices.map { data.rollouts[$0] } : data.rollouts
    }

    static func frameError(_ args: Arguments) throws -> (mse: Double, psnr: Double) {
        let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
        let truth = try args.object(at: 2, as: RolloutObject.self, expected: "rollout")
        let stride = args.has(3) ? try args.integer(at: 3) : 1
        guard stride >= 1 else { throw args.bad(3, "stride must be at least 1, got \(stride)") }
        return try library(args.function) { try Metrics.frameError(r.rollout, truth.rollout, stride: stride) }
    }
}
