// MARK: - Pixel error of the latent model's own frames
//
// The latent model predicts frames, not only bodies: its decoder turns z_t back
// into a (blurred, grey) frame. This compares those frames with the frames the
// camera would show (rendered the same way) along a rollout, on the 8-bit scale
// of `Metrics.pixelMSE`, next to two "nothing moves" baselines: the model's own
// reconstruction of the last context frame repeated (same decoder, no dynamics:
// what the dynamics add), and the true last context frame repeated.

/// Pixel error of a latent rollout's decoded frames against the true frames.
public struct LatentFrameError: Hashable, Sendable {
    /// Mean squared error per predicted step (0–255 scale), first predicted step first.
    public var perStep: [Double]
    /// Mean of `perStep` and its PSNR in dB.
    public var mse: Double
    public var psnr: Double
    /// The same for repeating the model's reconstruction of the last context frame.
    public var stillMSE: Double
    public var stillPSNR: Double
    /// The same for repeating the true last context frame (no decoder error at all).
    public var trueStillMSE: Double
}

extension LatentModel {
    /// Simulates `scene` (seed `seed`) for `steps` steps, starts the model from the first
    /// two states and compares its decoded frames with the true frames for the rest.
    public func frameError(scene: Scene, steps: Int, seed: UInt64 = 0) throws -> LatentFrameError {
        guard steps >= contextLength, steps <= ModelRollout.maximumSteps else {
            throw ModelError("latent frame error: steps must be in \(contextLength)...\(ModelRollout.maximumSteps), got \(steps)")
        }
        let truth = try Simulator.rollout(scene, steps: steps, seed: seed)
        let context = truth.states.prefix(contextLength).map(Observation.init)
        var state = try start(scene: scene, context: Array(context))
        let still = try decodeFrame(state)
        let trueStill = try frame(scene: scene, state: truth.states[contextLength - 1]).pixels
        var perStep: [Double] = [], stillSum = 0.0, trueStillSum = 0.0
        for t in contextLength...steps {
            state = try step(state)
            let predicted = try decodeFrame(state)
            let actual = try frame(scene: scene, state: truth.states[t]).pixels
            perStep.append(Self.mse255(predicted, actual))
            stillSum += Self.mse255(still, actual)
            trueStillSum += Self.mse255(trueStill, actual)
        }
        let mse = perStep.reduce(0, +) / Double(max(1, perStep.count))
        let stillMSE = stillSum / Double(max(1, perStep.count))
        return LatentFrameError(perStep: perStep, mse: mse, psnr: Metrics.psnr(mse: mse),
                                stillMSE: stillMSE, stillPSNR: Metrics.psnr(mse: stillMSE),
                                trueStillMSE: trueStillSum / Double(max(1, perStep.count)))
    }

    /// Mean squared difference of two [0, 1] frames on the 8-bit scale (predictions clamped).
    static func mse255(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .nan }
        var sum = 0.0
        for i in 0..<a.count {
            let d = (min(max(a[i], 0), 1) - b[i]) * 255
            sum += d * d
        }
        return sum / Double(a.count)
    }
}
