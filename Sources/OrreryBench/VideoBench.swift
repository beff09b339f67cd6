import Foundation
import WorldKit

// MARK: - The native video model against repeat-last-frame and the PCA latent model
//
// `OrreryBench video [--seeds N] [--scenes N] [--steps N] [--test N] [--epochs N] [--size S] [--batch B] [--lr LR]`
//
// Trains the video model (defaults, 64×64 frames) and today's `latent` model on the same
// dataset of the benchmark's ball family, once per training seed; then, on held-out
// scenes of the same family (another sampling seed), starts each from an 8-frame
// context and predicts 30 frames. Prints PSNR per horizon (mean ± sample standard
// deviation over seeds) for the video model, for repeating the last context frame and
// for `latent` (colour: PCA of the same RGB frames), the probes' held-out R², the
// latent correction's held-out normalised loss, training throughput and where the
// training time goes.

enum VideoBench {
    struct Options {
        var seeds = 3
        var scenes = 40
        var steps = 60
        var test = 12
        var epochs = 8
        var size = 64
        var context = 8
        var horizon = 30
        var learningRate = 2e-3
        var batch = 16
        var motionWeight = VideoModel.defaultMotionWeight
        var stateWeight = VideoModel.defaultStateWeight
        /// Keypoints of the keypoint design; 0 measures the latent design.
        var keypoints = 3
        var window = 8
        var out = ".build/bench/video.json"
    }

    static func run(_ arguments: [String]) {
        var o = Options()
        var i = 0
        func value() -> Int? { i += 1; return i < arguments.count ? Int(arguments[i]) : nil }
        while i < arguments.count {
            switch arguments[i] {
            case "--seeds": o.seeds = max(1, value() ?? o.seeds)
            case "--scenes": o.scenes = max(2, value() ?? o.scenes)
            case "--steps": o.steps = max(12, value() ?? o.steps)
            case "--test": o.test = max(1, value() ?? o.test)
            case "--epochs": o.epochs = max(1, value() ?? o.epochs)
            case "--size": o.size = value() ?? o.size
            case "--batch": o.batch = max(1, value() ?? o.batch)
            case "--lr":
                i += 1
                if i < arguments.count, let lr = Double(arguments[i]), lr > 0, lr.isFinite { o.learningRate = lr }
            case "--keypoints": o.keypoints = max(0, value() ?? o.keypoints)
            case "--window": o.window = max(2, value() ?? o.window)
            case "--out":
                i += 1
                if i < arguments.count { o.out = arguments[i] }
            case "--motion-weight":
                i += 1
                if i < arguments.count, let w = Double(arguments[i]), w >= 0, w.isFinite { o.motionWeight = w }
            case "--state-weight":
                i += 1
                if i < arguments.count, let w = Double(arguments[i]), w >= 0, w.isFinite { o.stateWeight = w }
            default:
                print("usage: OrreryBench video [--seeds N] [--scenes N] [--steps N] [--test N] [--epochs N] [--size S] [--batch B] [--lr LR] [--motion-weight W] [--state-weight W] [--keypoints K (0: the latent design)] [--window W] [--out FILE]")
                exit(64)
            }
            i += 1
        }
        do {
            try measure(o)
        } catch {
            FileHandle.standardError.write("bench video: \(error)\n".data(using: .utf8)!)
            exit(70)
        }
    }

    static func meanSD(_ xs: [Double]) -> (mean: Double, sd: Double) {
        let finite = xs.filter(\.isFinite)
        guard !finite.isEmpty else { return (.nan, .nan) }
        let m = finite.reduce(0, +) / Double(finite.count)
        guard finite.count > 1 else { return (m, 0) }
        let v = finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1)
        return (m, v.squareRoot())
    }

    static func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
    static func pm(_ xs: [Double], _ digits: Int = 2) -> String {
        let s = meanSD(xs)
        return "\(f(s.mean, digits)) ± \(f(s.sd, digits))"
    }

    static func measure(_ o: Options) throws {
        let data = try Dataset(scenes: BenchmarkScenes.training(o.scenes, seed: 100), steps: o.steps, seed: 100)
        let testScenes = BenchmarkScenes.training(o.test, seed: 900)
        let truths = try testScenes.map { try Simulator.rollout($0, steps: o.context + o.horizon - 1, seed: 0) }
        var videoPSNR: [[Double]] = [], latentPSNR: [[Double]] = [], repeatPSNR: [Double] = []
        var probeR2: [String: [Double]] = [:]
        var throughput: [Double] = [], shares: [LearningProfile.Part: [Double]] = [:], epochs: [Double] = []
        var latentCorrection: [Double] = []
        var description = "", exampleFrames = (context: 0, predicted: 0)
        for seed in 0..<o.seeds {
            let video: any TrainableModel & VideoFrameErrorMeasuring
            let profile = LearningProfile()
            var probes: () -> [VideoProbe]
            if o.keypoints > 0 {
                let model = try KeypointVideoModel(size: o.size, keypoints: o.keypoints, window: o.window)
                model.profile = profile
                exampleFrames = (o.window, 1)
                probes = { model.probes }
                video = model
            } else {
                let model = try VideoModel(size: o.size, motionWeight: o.motionWeight, stateWeight: o.stateWeight)
                model.profile = profile
                exampleFrames = model.trainingExampleFrames
                probes = { model.probes }
                video = model
            }
            description = video.taxonomy.summary
            let clock = ContinuousClock()
            let start = clock.now
            let report = try Trainer.train(video, on: data, options: TrainingOptions(
                epochs: o.epochs, learningRate: o.learningRate, batchSize: o.batch, seed: UInt64(seed)))
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            throughput.append(Double(report.trainingExamples * report.epochsRun) / seconds)
            epochs.append(Double(report.epochsRun))
            for part in LearningProfile.Part.allCases { shares[part, default: []].append((profile.seconds[part] ?? 0) / seconds) }
            FileHandle.standardError.write("seed \(seed): \(report.epochsRun) epochs in \(f(seconds, 0)) s, held-out \(report.heldOutLoss.map { f($0, 5) })\n".data(using: .utf8)!)

            // The latent model on the same frames: the video model's size×size RGB frames.
            let latent = try LatentModel(dim: 16, frameWidth: o.size, hidden: 64, color: true)
            let latentReport = try Trainer.train(latent, on: data, options: TrainingOptions(seed: UInt64(seed)))
            latentCorrection.append(latentReport.heldOutLoss.min() ?? .nan)

            var videoMSE = [Double](repeating: 0, count: o.horizon), latentMSE = videoMSE, repeatMSE = videoMSE
            for (scene, truth) in zip(testScenes, truths) {
                let e = try video.frameError(scene: scene, context: o.context, steps: o.horizon, seed: 0)
                for h in 0..<o.horizon { videoMSE[h] += e.modelMSE[h] / Double(o.test); repeatMSE[h] += e.repeatMSE[h] / Double(o.test) }
                var state = try latent.start(scene: scene, context: truth.states.prefix(o.context).map(Observation.init))
                for h in 0..<o.horizon {
                    state = try latent.step(state)
                    let predicted = try latent.decodeFrame(state)
                    let actual = try latent.frame(scene: scene, state: truth.states[o.context + h]).pixels
                    var sum = 0.0
                    for k in 0..<actual.count { let d = (min(max(predicted[k], 0), 1) - actual[k]) * 255; sum += d * d }
                    latentMSE[h] += sum / Double(actual.count) / Double(o.test)
                }
            }
            videoPSNR.append(videoMSE.map { Metrics.psnr(mse: $0) })
            latentPSNR.append(latentMSE.map { Metrics.psnr(mse: $0) })
            repeatPSNR = repeatMSE.map { Metrics.psnr(mse: $0) }
            for (k, factor) in VideoModel.probedFactors.enumerated() {
                let values = probes().map { $0.r2[k] }.filter(\.isFinite)
                probeR2[factor, default: []].append(values.reduce(0, +) / Double(max(1, values.count)))
            }
        }

        print("# Video model benchmark: ball family, \(o.size)×\(o.size) RGB, \(o.scenes) training scenes × \(o.steps) steps, \(o.test) held-out scenes, \(o.context)-frame context, \(o.horizon) predicted steps, \(o.seeds) training seeds (mean ± sd)")
        print("# video: \(description)")
        try writeFigures(o, video: videoPSNR, latent: latentPSNR, repeated: repeatPSNR, probes: probeR2)
        print("")
        print("| horizon | video PSNR (dB) | repeat last frame | latent (same RGB frames) |")
        print("|---|---|---|---|")
        for h in 0..<o.horizon where h < 5 || (h + 1) % 5 == 0 {
            print("| \(h + 1) | \(pm(videoPSNR.map { $0[h] })) | \(f(repeatPSNR[h])) | \(pm(latentPSNR.map { $0[h] })) |")
        }
        let meanVideo = (0..<o.horizon).map { h in meanSD(videoPSNR.map { $0[h] }).mean }
        let meanLatent = (0..<o.horizon).map { h in meanSD(latentPSNR.map { $0[h] }).mean }
        let aboveRepeat = (0..<o.horizon).filter { meanVideo[$0] > repeatPSNR[$0] }.count
        let aboveLatent = (4..<o.horizon).filter { meanVideo[$0] > meanLatent[$0] }.count
        print("")
        print("video above repeat-last-frame at \(aboveRepeat) of \(o.horizon) horizons (target: all); above latent at \(aboveLatent) of \(max(0, o.horizon - 4)) horizons ≥ 5 (target: all)")
        print("")
        print("| probe (held-out R², mean over bodies) | x | y | vx | vy |")
        print("|---|---|---|---|---|")
        print("| video | \(pm(probeR2["x"] ?? [], 3)) | \(pm(probeR2["y"] ?? [], 3)) | \(pm(probeR2["vx"] ?? [], 3)) | \(pm(probeR2["vy"] ?? [], 3)) |")
        print("")
        print("latent correction: held-out normalised loss \(pm(latentCorrection, 3)) (below 1: it learns more than the ridge dynamics alone)")
        print("")
        print("training: \(pm(throughput, 1)) examples/s (an example: \(exampleFrames.context) context + \(exampleFrames.predicted) predicted frames; one BLAS thread; wall time including rendering the frames and the held-out check of every epoch), \(pm(epochs, 1)) epochs run")
        print("time share of training wall time: gemm \(pm((shares[.gemm] ?? []).map { $0 * 100 }, 1)) %, im2col/col2im \(pm((shares[.im2col] ?? []).map { $0 * 100 }, 1)) %, element-wise \(pm((shares[.elementwise] ?? []).map { $0 * 100 }, 1)) %")
    }

    /// The figures the bridge bench's table reads (`Scripts/bench bridge reference`): PSNR per horizon.
    static func writeFigures(_ o: Options, video: [[Double]], latent: [[Double]], repeated: [Double],
                             probes: [String: [Double]]) throws {
        func clean(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        func column(_ runs: [[Double]]) -> [String: Any] {
            let h = runs.first?.count ?? 0
            return ["mean": (0..<h).map { i in clean(meanSD(runs.map { $0[i] }).mean) },
                    "sd": (0..<h).map { i in clean(meanSD(runs.map { $0[i] }).sd) }]
        }
        let name = o.keypoints > 0 ? "video (keypoints)" : "video (latent design)"
        let figures: [String: Any] = [
            "psnr": [name: column(video), "latent": column(latent)],
            "repeat_last": repeated.map(clean),
            "probe_r2": probes.mapValues { xs in ["mean": clean(meanSD(xs).mean), "sd": clean(meanSD(xs).sd)] },
            "seeds": o.seeds, "scenes": o.scenes, "steps": o.steps, "test": o.test, "epochs": o.epochs, "size": o.size,
        ]
        let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys])
        let url = URL(fileURLWithPath: o.out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}
