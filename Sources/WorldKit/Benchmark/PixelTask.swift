// MARK: - Physics-IQ-style pixel metrics on motion masks
//
// Physics-IQ (Motamed et al., 2025) scores a video model's continuation of a physical
// scene by *where* and *when* things move, not by how pretty the frames are. A frame's
// motion mask marks the pixels that changed since the previous scored frame. Against
// the real video's masks, a model is scored by
// - spatial IoU: the union over time of each mask ("where anything moved"), IoU;
// - spatiotemporal IoU: the masks frame by frame, intersections and unions summed over
//   the frames (the IoU of the two space-time volumes);
// - weighted spatial IoU: each pixel's count of moving frames ("where, and how much"),
//   Σ min / Σ max;
// - MSE: the pixel mean squared error of the frames themselves (0–255 scale).
// The simulator makes two noisy takes of the same scene (velocity noise, two noise
// seeds), as a lab films the same experiment twice; take 1 is the video the model
// continues (its context is take 1's first frames), and take 2 scored against take 1
// is the physical variance. Each metric is also reported over that variance:
// `Σ model / Σ takes` over the scenes (1 = as close to take 1 as a second real take
// is; IoUs above 1 are closer than a second take, MSEs below 1 too). The simulator's
// own column replays take 1's noise seed, so it is exact: the ceiling, not a take.
//
// A contender whose rollout carries its own frames (`FrameDecodingModel`: the external
// bridge's pixel models) is scored on those frames, with the truth drawn at their size;
// every other contender on its decoded bodies drawn by the renderer. A body the model
// lost is simply not drawn: it cannot move in the mask.

/// Motion-mask IoUs and frame MSE against the first of two noisy takes, over the takes' variance.
public struct PixelTask: BenchmarkTask {
    public init() {}
    public var name: String { "pixel" }
    public var summary: String {
        "Physics-IQ-style: spatial, spatiotemporal and weighted spatial IoU of motion masks and frame MSE against a noisy take, over two takes' variance"
    }

    /// Frames are drawn at the size pixel models see (64×64) unless the model gives its own.
    public static let frameSize = FrameSize.standard
    /// A pixel moves when a channel changes by more than this (0–255) between scored frames.
    public static let motionThreshold = 24
    /// Scored frames are every `frameStride`-th step (Physics-IQ also subsamples its videos).
    public static let frameStride = 2
    /// The velocity noise of the two takes: the same as `revisit`'s.
    public static var takesNoise: NoiseModel { RevisitTask.takesNoise }
    /// The noise seeds of the two takes; the model continues take 1.
    static let takeSeeds: (UInt64, UInt64) = (1, 2)

    /// The metric names, in table order, and whether larger is better.
    static let metrics: [(name: String, higherIsBetter: Bool, unit: String)] = [
        ("spatial_iou", true, "IoU"), ("spatiotemporal_iou", true, "IoU"), ("weighted_iou", true, "IoU"), ("mse", false, "mse"),
    ]

    /// An in-distribution scene (the training family), filmed with velocity noise.
    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        var scene = BenchmarkScenes.family(&rng, index: index, speeds: [BenchmarkScenes.trainingSpeeds])
        scene.noise = takesNoise
        return scene
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        var raw = Array(repeating: [Double](), count: PixelTask.metrics.count)
        var relative = Array(repeating: [[Double]](), count: PixelTask.metrics.count)
        let first = settings.scoreFrom, last = settings.scoreFrom + settings.horizon
        let steps = Array(stride(from: first - PixelTask.frameStride, through: last, by: PixelTask.frameStride)).filter { $0 >= 0 }
        for i in 0..<settings.samples {
            let scene = PixelTask.scene(&rng, index: i)
            let takeA = try Simulator.rollout(scene, steps: last, seed: PixelTask.takeSeeds.0)
            let takeB = try Simulator.rollout(scene, steps: last, seed: PixelTask.takeSeeds.1)
            let predicted = try contender.rollout(scene, steps: last, seed: PixelTask.takeSeeds.0)
            let size = predicted.frames.map { FrameSize(width: $0.width, height: $0.height) } ?? PixelTask.frameSize
            let truth = try PixelTask.frames(takeA, steps: steps, size: size)
            let model = try PixelTask.frames(predicted, steps: steps, size: size, timesOf: takeA)
            let takes = try PixelTask.frames(takeB, steps: steps, size: size)
            let m = try MotionMaskScore(model, truth, threshold: PixelTask.motionThreshold)
            let t = try MotionMaskScore(takes, truth, threshold: PixelTask.motionThreshold)
            for (k, pair) in zip(m.values, t.values).enumerated() {
                raw[k].append(pair.0)
                relative[k].append([pair.0, pair.1])
            }
        }
        var out: [MetricSample] = []
        for (k, metric) in PixelTask.metrics.enumerated() {
            out.append(.mean("\(name).\(metric.name)", unit: metric.unit, higherIsBetter: metric.higherIsBetter, raw[k]))
            // Σ model / Σ takes over the scenes: a ratio of sums, resampled by scene.
            out.append(MetricSample(name: "\(name).\(metric.name).vs_takes", unit: "× takes", higherIsBetter: metric.higherIsBetter,
                                    values: .units(relative[k], .mean)))
        }
        return out
    }

    /// The frames of `rollout` at `steps`: its own frames when it carries them, else its
    /// states drawn at `size` (at the times of `timesOf`'s states, so a model's clock does
    /// not move the camera). A step the rollout does not reach is drawn empty.
    static func frames(_ rollout: Rollout, steps: [Int], size: FrameSize, timesOf clock: Rollout? = nil) throws -> [Image] {
        try steps.map { t in
            if let own = rollout.frames, t < own.pixels.count, own.width == size.width, own.height == size.height {
                return try own.image(t)
            }
            let time = (clock ?? rollout).state(at: t)?.time ?? Double(t) * rollout.scene.dt
            var s = rollout.state(at: t) ?? WorldState(step: t, time: time, bodies: [])
            s.time = time
            return try FrameRendering.render(scene: rollout.scene, state: s, size: size)
        }
    }
}

/// The Physics-IQ comparison of one frame sequence with a reference: motion-mask IoUs and MSE.
///
/// Motion masks are taken between consecutive frames of each sequence (the first frame
/// only starts the differences). A comparison in which neither sequence moves at all
/// has IoU 1: nothing moved, as in the reference.
public struct MotionMaskScore: Hashable, Sendable {
    public var spatialIoU: Double
    public var spatiotemporalIoU: Double
    public var weightedIoU: Double
    /// Mean pixel MSE over the frames after the first.
    public var mse: Double

    /// In `PixelTask.metrics` order.
    public var values: [Double] { [spatialIoU, spatiotemporalIoU, weightedIoU, mse] }

    public init(_ frames: [Image], _ reference: [Image], threshold: Int) throws {
        guard frames.count == reference.count, frames.count >= 2 else {
            throw ModelError("motion masks need two sequences of the same length, at least 2 frames (got \(frames.count) and \(reference.count))")
        }
        let n = frames[0].width * frames[0].height
        for f in frames + reference where f.width * f.height != n || f.width != frames[0].width {
            throw ModelError("motion masks need frames of one size (\(frames[0].width)×\(frames[0].height), got \(f.width)×\(f.height))")
        }
        var countA = Array(repeating: 0, count: n), countB = Array(repeating: 0, count: n)
        var intersection = 0, union = 0, mseSum = 0.0
        for t in 1..<frames.count {
            let a = MotionMaskScore.mask(frames[t - 1], frames[t], threshold: threshold)
            let b = MotionMaskScore.mask(reference[t - 1], reference[t], threshold: threshold)
            for p in 0..<n {
                if a[p] { countA[p] += 1 }
                if b[p] { countB[p] += 1 }
                if a[p] && b[p] { intersection += 1 }
                if a[p] || b[p] { union += 1 }
            }
            mseSum += try Metrics.pixelMSE(frames[t], reference[t])
        }
        var anyI = 0, anyU = 0, minSum = 0, maxSum = 0
        for p in 0..<n {
            let x = countA[p], y = countB[p]
            if x > 0 && y > 0 { anyI += 1 }
            if x > 0 || y > 0 { anyU += 1 }
            minSum += min(x, y)
            maxSum += max(x, y)
        }
        func ratio(_ i: Int, _ u: Int) -> Double { u > 0 ? Double(i) / Double(u) : 1 }
        spatialIoU = ratio(anyI, anyU)
        spatiotemporalIoU = ratio(intersection, union)
        weightedIoU = ratio(minSum, maxSum)
        mse = mseSum / Double(frames.count - 1)
    }

    /// The pixels where some channel changed by more than `threshold` from `before` to `after`.
    public static func mask(_ before: Image, _ after: Image, threshold: Int) -> [Bool] {
        let n = min(before.pixels.count, after.pixels.count) / 3
        var out = Array(repeating: false, count: n)
        before.pixels.withUnsafeBufferPointer { a in
            after.pixels.withUnsafeBufferPointer { b in
                for p in 0..<n {
                    let i = 3 * p
                    let d = max(abs(Int(a[i]) - Int(b[i])), abs(Int(a[i + 1]) - Int(b[i + 1])), abs(Int(a[i + 2]) - Int(b[i + 2])))
                    out[p] = d > threshold
                }
            }
        }
        return out
    }
}
