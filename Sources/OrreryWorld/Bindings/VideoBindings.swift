import OrreryLang
import WorldKit

// MARK: - The video model in the language
//
// `video(size:, dim:, window:, memory:, hidden:, channels:, horizon:, motion_weight:, state_weight:)` builds the
// native video world model (WorldKit/ModelFamilies/Video); `train`, `rollout`,
// `save`/`load_model`, `factors`/`edit` and the body metrics work on it as on every
// model. `frame_psnr(m, scene, context:, steps:, seed:)` measures its own frames:
// PSNR per predicted step against the true frames, beside repeating the last context frame.

extension ModelBindings {
    static func installVideo(_ interp: Interpreter) {
        let defaultSeed = interp.seed
        interp.define(NativeFunction("video", parameters: ["size", "dim", "window", "memory", "hidden", "channels", "horizon",
                                                              "motion_weight", "state_weight", "keypoints", "reach"]) { args in
            let size = args.has(1) ? try args.integer(at: 1) : VideoModel.defaultSize
            let dim = args.has(2) ? try args.integer(at: 2) : 32
            let window = args.has(3) ? try args.integer(at: 3) : 2
            let memory = args.has(4) ? try args.integer(at: 4) : 0
            let hidden = args.has(5) ? try args.integer(at: 5) : 128
            let channels = args.has(6) ? try args.integer(at: 6) : 8
            let horizon = args.has(7) ? try args.integer(at: 7) : 6
            let motionWeight = args.has(8) ? try args.number(at: 8) : VideoModel.defaultMotionWeight
            let stateWeight = args.has(9) ? try args.number(at: 9) : VideoModel.defaultStateWeight
            let keypoints = args.has(10) ? try args.integer(at: 10) : 0
            if keypoints != 0 || args.has(11) {
                guard !args.has(2), !args.has(4), !args.has(7), !args.has(8), !args.has(9) else {
                    throw args.bad(10, "video(keypoints:) takes size, window, hidden, channels and reach; dim, memory, horizon, motion_weight and state_weight belong to the latent design (keypoints: 0)")
                }
                let reach = args.has(11) ? try args.number(at: 11) : nil
                let keypointWindow = args.has(3) ? window : 8, keypointHidden = args.has(5) ? hidden : 64
                return try make("video") {
                    try KeypointVideoModel(size: size, keypoints: keypoints, channels: channels,
                                           window: keypointWindow, hidden: keypointHidden, reach: reach)
                }
            }
            return try make("video") {
                try VideoModel(size: size, channels: channels, dim: dim, window: window, memory: memory,
                               hidden: hidden, horizon: horizon, motionWeight: motionWeight, stateWeight: stateWeight)
            }
        })
        interp.define(NativeFunction("frame_psnr", parameters: ["model", "scene", "context", "steps", "seed"]) { args in
            let m = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let video: any VideoFrameErrorMeasuring
            if let v = m.model as? VideoModel { video = v } else if let v = m.model as? KeypointVideoModel { video = v } else {
                throw args.bad(1, "frame_psnr needs a video model, got a \(m.name) model")
            }
            let scene = try args.object(at: 2, as: SceneObject.self, expected: "scene").scene
            let context = args.has(3) ? try args.integer(at: 3) : video.contextLength
            guard context >= 1, context <= 10_000 else { throw args.bad(3, "context must be in 1...10000, got \(context)") }
            let steps = args.has(4) ? try args.integer(at: 4) : 30
            guard steps >= 1, steps <= 10_000 else { throw args.bad(4, "steps must be in 1...10000, got \(steps)") }
            let seed = try args.seed(at: 5, default: defaultSeed)
            let e = try library("frame_psnr") { try video.frameError(scene: scene, context: context, steps: steps, seed: seed) }
            return .record([
                "model": .numbers(e.modelMSE.map { Metrics.psnr(mse: $0) }),
                "repeat_last": .numbers(e.repeatMSE.map { Metrics.psnr(mse: $0) }),
            ])
        })
    }
}
