#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Metrics
//
// How far a model's rollout is from the truth: position error per body and per
// step (error against horizon), one-step against many-step error (exposure bias),
// and pixel error of rendered frames. States are matched by step number; bodies by
// name. Static bodies are left out: they never move and would only dilute the mean.

/// Position error of a rollout against the truth.
public struct PositionError: Hashable, Sendable {
    /// Mean Euclidean error (metres) over every (step, moving body) of the truth.
    public var mean: Double
    /// Mean error per body, sorted by name.
    public var perBody: [BodyError]
    /// Mean error over bodies at each compared step, in step order (error against horizon).
    public var perStep: [Double]
    /// The steps `perStep` refers to.
    public var steps: [Int]
    /// (step, body) pairs the prediction lacked; each counted as `Metrics.missingBodyPenalty`.
    public var missing: Int
    /// (step, body) pairs compared.
    public var samples: Int
}

/// One body's mean position error.
public struct BodyError: Hashable, Sendable {
    public var body: String
    public var error: Double
}

public enum Metrics {
    /// Error charged for a body the truth has and the prediction lost (metres): large against
    /// tracking errors of a few centimetres, so forgetting a body is never cheaper than keeping
    /// a rough estimate of it, and bounded so one lost body does not swamp a table.
    public static let missingBodyPenalty = 5.0

    /// Position error of `predicted` against `truth` over the truth's states with step ≥ `fromStep`.
    public static func positionError(_ predicted: Rollout, _ truth: Rollout, fromStep: Int = 0,
                                     missingPenalty: Double = missingBodyPenalty) -> PositionError {
        var total = 0.0, samples = 0, missing = 0
        var perBody: [String: (Double, Int)] = [:]
        var perStep: [Double] = [], steps: [Int] = []
        for t in truth.states where t.step >= fromStep {
            let p = predicted.state(at: t.step)
            var stepSum = 0.0, stepCount = 0
            for b in t.bodies where !b.isStatic {
                let e: Double
                if let q = p?[b.name], q.position.x.isFinite, q.position.y.isFinite {
                    e = (q.position - b.position).length
                } else {
                    e = missingPenalty
                    missing += 1
                }
                stepSum += e
                stepCount += 1
                let old = perBody[b.name] ?? (0, 0)
                perBody[b.name] = (old.0 + e, old.1 + 1)
            }
            if stepCount > 0 {
                perStep.append(stepSum / Double(stepCount))
                steps.append(t.step)
                total += stepSum
                samples += stepCount
            }
        }
        let bodies = perBody.keys.sorted().map { name -> BodyError in
            let (s, n) = perBody[name] ?? (0, 1)
            return BodyError(body: name, error: s / Double(max(1, n)))
        }
        return PositionError(mean: samples > 0 ? total / Double(samples) : 0, perBody: bodies, perStep: perStep,
                             steps: steps, missing: missing, samples: samples)
    }

    /// Mean one-step error: at every step t after the context, the model starts from the true
    /// observations ending at t and predicts t + 1 (no error feeds back).
    public static func oneStepError(_ model: any WorldModel, scene: Scene, steps: Int, seed: UInt64 = 0,
                                    missingPenalty: Double = missingBodyPenalty) throws -> Double {
        guard model.isTrained else { throw ModelError("the \(model.kind) model is not trained yet; train it first") }
        guard steps >= 1, steps <= ModelRollout.maximumSteps else {
            throw ModelError("steps must be in 1...\(ModelRollout.maximumSteps), got \(steps)")
        }
        let truth = try Simulator.rollout(scene, steps: steps, seed: seed)
        let observations = truth.states.map(Observation.init)
        let l = max(1, model.contextLength)
        var total = 0.0, count = 0
        var t = l - 1
        while t + 1 < truth.states.count {
            let context = Array(observations[(t - l + 1)...t])
            let state: any ModelState
            if let seeded = model as? SeededWorldModel {
                state = try seeded.start(scene: scene, context: context, seed: seed)
            } else {
                state = try model.start(scene: scene, context: context)
            }
            let next = try model.decode(try model.step(state))
            for b in truth.states[t + 1].bodies where !b.isStatic {
                if let q = next[b.name], q.position.x.isFinite, q.position.y.isFinite {
                    total += (q.position - b.position).length
                } else {
                    total += missingPenalty
                }
                count += 1
            }
            t += 1
        }
        return count > 0 ? total / Double(count) : 0
    }

    /// One-step error and many-step (free-running rollout) error over the same steps.
    public static func oneStepVersusRollout(_ model: any WorldModel, scene: Scene, steps: Int, seed: UInt64 = 0)
        throws -> (oneStep: Double, rollout: Double) {
        guard steps >= 1, steps <= ModelRollout.maximumSteps else {
            throw ModelError("steps must be in 1...\(ModelRollout.maximumSteps), got \(steps)")
        }
        let truth = try Simulator.rollout(scene, steps: steps, seed: seed)
        let r = try ModelRollout.run(model, scene: scene, steps: steps, seed: seed)
        let one = try oneStepError(model, scene: scene, steps: steps, seed: seed)
        return (one, positionError(r, truth, fromStep: max(1, model.contextLength)).mean)
    }

    // MARK: - Energy

    /// Kinetic plus gravitational potential energy of the moving bodies (potential measured
    /// from height 0 along `-gravity`).
    public static func energy(_ state: WorldState, gravity: Vec2) -> Double {
        state.bodies.reduce(0) { sum, b in
            b.isStatic ? sum : sum + b.kineticEnergy - b.mass * gravity.dot(b.position)
        }
    }

    /// Energy of every state relative to the first, `(E_t − E_0) / |E_0|` (absolute change when
    /// E_0 is 0): the drift of a closed system, which a faithful model keeps near zero.
    public static func energyDrift(_ rollout: Rollout) -> [Double] {
        let g = rollout.scene.gravity
        guard let first = rollout.states.first else { return [] }
        let e0 = energy(first, gravity: g)
        let scale = abs(e0) > 0 ? abs(e0) : 1
        return rollout.states.map { (energy($0, gravity: g) - e0) / scale }
    }

    // MARK: - Pixels

    /// Mean squared difference of two frames over all pixels and channels (0–255 scale).
    public static func pixelMSE(_ a: Image, _ b: Image) throws -> Double {
        guard a.width == b.width, a.height == b.height else {
            throw ModelError("frames differ in size (\(a.width)×\(a.height) vs \(b.width)×\(b.height))")
        }
        return try pixelMSE(a.pixels, b.pixels)
    }

    /// The same over two frames' raw bytes (RGB, 0–255), which must be as long as each other.
    public static func pixelMSE(_ a: [UInt8], _ b: [UInt8]) throws -> Double {
        guard a.count == b.count else { throw ModelError("frames differ in size (\(a.count) vs \(b.count) bytes)") }
        var sum = 0.0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count {
                    let d = Double(pa[i]) - Double(pb[i])
                    sum += d * d
                }
            }
        }
        return sum / Double(max(1, a.count))
    }

    /// Peak signal-to-noise ratio in dB for an 8-bit MSE (infinite for identical frames).
    public static func psnr(mse: Double) -> Double {
        mse > 0 ? 10 * log10(255 * 255 / mse) : .infinity
    }

    /// Mean pixel MSE and the PSNR of that mean, rendering every `stride`-th matched state of both
    /// rollouts with the truth's scene and camera (no time stamp). When the predicted rollout
    /// carries the model's own frames, those are compared with the truth rendered at their size.
    public static func frameError(_ predicted: Rollout, _ truth: Rollout, stride: Int = 1) throws -> (mse: Double, psnr: Double) {
        let errors = try frameErrors(predicted, truth, stride: stride)
        let mse = errors.isEmpty ? 0 : errors.reduce(0) { $0 + $1.mse } / Double(errors.count)
        return (mse, psnr(mse: mse))
    }

    /// Pixel MSE per compared step (every `stride`-th state of the truth), as `frameError` measures it.
    public static func frameErrors(_ predicted: Rollout, _ truth: Rollout, stride: Int = 1) throws -> [(step: Int, mse: Double)] {
        let step = max(1, stride)
        var out: [(step: Int, mse: Double)] = []
        var i = 0
        while i < truth.states.count {
            let t = truth.states[i]
            if let frames = predicted.frames {
                let size = FrameSize(width: frames.width, height: frames.height)
                let offset = t.step - predicted.firstStep
                let b = try FrameRendering.render(scene: truth.scene, state: t, size: size)
                // A step the model did not reach counts as a blank frame, never as a free one.
                let a = offset >= 0 && offset < frames.count
                    ? try frames.image(offset) : try Image(width: size.width, height: size.height, background: WorldDrawing.background)
                out.append((t.step, try pixelMSE(a, b)))
            } else {
                var p = predicted.state(at: t.step) ?? WorldState(step: t.step, time: t.time, bodies: [])
                p.time = t.time
                let a = try WorldDrawing.render(scene: truth.scene, state: p, timeStamp: false)
                let b = try WorldDrawing.render(scene: truth.scene, state: t, timeStamp: false)
                out.append((t.step, try pixelMSE(a, b)))
            }
            i += step
        }
        return out
    }
}
