#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Multi-step loss through the latent dynamics
//
// One training example is C context frames and the H frames after them. The context
// frames are encoded; the dynamics roll the latent forward H steps on their own
// predictions (never on encoded future frames); every latent — encoded context and
// predicted — is decoded, and the loss is the pixel MSE against the true frames
// (context frames: reconstruction; later frames: prediction). Gradients flow back
// through the decoder, through time in the dynamics, and into the encoder.

extension VideoNetwork {
    /// One dynamics step on a batch: from the window of latents (oldest first, each B × dim)
    /// and the memory (B × memory, recurrent variant), the next latent and memory.
    func dynamicsStep(window zs: ArraySlice<Matrix>, memory h: Matrix?,
                      profile: LearningProfile? = nil) -> (z: Matrix, h: Matrix?, trace: MLPTrace) {
        let a = architecture
        let current = zs[zs.endIndex - 1]
        let input: Matrix
        if a.isRecurrent {
            input = Self.hcat([current, h ?? Matrix(rows: current.rows, cols: a.memory)])
        } else {
            // Newest first: [z_t, z_{t−1}, …]; a short window repeats its oldest latent.
            input = Self.hcat((0..<a.window).map { i in zs[max(zs.startIndex, zs.endIndex - 1 - i)] })
        }
        let trace = profile.measure(.gemm) { dynamics.forwardTrace(input) }
        let out = trace.output
        var z = current
        var nextH: Matrix? = nil
        profile.measure(.elementwise) {
            for r in 0..<z.rows { for j in 0..<a.dim { z[r, j] += out[r, j] } }
            if a.isRecurrent {
                var m = h ?? Matrix(rows: current.rows, cols: a.memory)
                for r in 0..<m.rows { for j in 0..<a.memory { m[r, j] = tanh(m[r, j] + out[r, a.dim + j]) } }
                nextH = m
            }
        }
        return (z, nextH, trace)
    }

    /// Loss over a batch of `b` examples of `contextSteps` + `horizon` frames.
    /// `frames` is 3 × (T·B·S·S), image t·B + e being step t of example e.
    /// Returns the mean squared pixel error over all frames, over the predicted frames
    /// alone, and (when asked) the gradients of the mean over all frames.
    ///
    /// `weighting` shapes the training loss (see `VideoLoss`): pixels that change within an
    /// example weigh more, and `states` (T·B rows, NaN where a body is absent) supervises
    /// the first `states.cols` latent coordinates. `predictionMSE` stays the plain pixel MSE.
    func sequenceLoss(frames: Matrix, batch b: Int, contextSteps c: Int, horizon h: Int, wantGradients: Bool,
                      weighting: VideoLoss = VideoLoss(), states: Matrix? = nil,
                      profile: LearningProfile? = nil) -> (loss: Double, predictionMSE: Double, gradients: [Matrix]?) {
        let a = architecture
        let t = c + h, plane = a.size * a.size
        precondition(frames.rows == 3 && frames.cols == t * b * plane, "sequence frames shape mismatch")
        precondition(states.map { $0.rows == t * b && $0.cols <= a.dim } ?? true, "sequence states shape mismatch")
        let pixelWeights = profile.measure(.elementwise) { weighting.pixelWeights(frames, steps: t, batch: b, plane: plane) }
        // Encode the context frames (the first c·b images).
        let context = Matrix(rows: 3, cols: c * b * plane, unchecked: Self.columns(frames, images: t * b, plane: plane, range: 0..<(c * b)))
        let (zc, encTrace) = encode(context, images: c * b, profile: profile)
        var zs: [Matrix] = (0..<c).map { Self.rows(zc, $0 * b..<($0 + 1) * b) }
        var hs: [Matrix] = a.isRecurrent ? [Matrix(rows: b, cols: a.memory)] : []
        var traces: [MLPTrace] = []
        // Recurrent: fold the context into h (z taken from the encoder), then predict.
        // Window: predict from the last K context latents.
        let firstStep = a.isRecurrent ? 0 : c - 1
        for s in firstStep..<(t - 1) {
            let next = dynamicsStep(window: zs[0...s], memory: hs.last, profile: profile)
            traces.append(next.trace)
            if let m = next.h { hs.append(m) }
            if s + 1 >= c { zs.append(next.z) }
        }
        // Decode every step at once.
        var all = Matrix(rows: t * b, cols: a.dim)
        for (s, z) in zs.enumerated() {
            for r in 0..<b { for j in 0..<a.dim { all[s * b + r, j] = z[r, j] } }
        }
        let dec = decode(all, profile: profile)
        let y = dec.output
        var total = 0.0, predicted = 0.0
        var dLogits = wantGradients ? Matrix(rows: 3, cols: y.cols) : Matrix(rows: 0, cols: 0)
        let predictedStart = c * b * plane, perChannel = t * b * plane, examplePlane = b * plane
        // The pixel loss is the weighted mean: Σ w·d² / Σ w (every weight 1: the plain MSE).
        let count = pixelWeights.map { w in 3 * Double(t) * w.reduce(0, +) } ?? Double(y.count)
        let anchored = a.anchored
        profile.measure(.elementwise) {
            y.values.withUnsafeBufferPointer { yv in
                frames.values.withUnsafeBufferPointer { tv in
                    dLogits.values.withUnsafeMutableBufferPointer { g in
                        for ch in 0..<3 {
                            for j in 0..<perChannel {
                                let i = ch * perChannel + j
                                let w = pixelWeights?[j % examplePlane] ?? 1
                                if j >= predictedStart && anchored {
                                    // Anchored: the last true context frame plus the decoded change.
                                    let steps = (j - predictedStart) / examplePlane + 1
                                    let anchor = i - steps * examplePlane
                                    let d = tv[anchor] + yv[i] - yv[anchor] - tv[i]
                                    total += w * d * d
                                    predicted += d * d
                                    if wantGradients { g[i] += 2 * w * d / count; g[anchor] -= 2 * w * d / count }
                                } else {
                                    let d = yv[i] - tv[i]
                                    total += w * d * d
                                    if j >= predictedStart { predicted += d * d }
                                    if wantGradients { g[i] += 2 * w * d / count }
                                }
                            }
                        }
                        if wantGradients { for i in 0..<g.count { g[i] *= yv[i] * (1 - yv[i]) } }
                    }
                }
            }
        }
        // State supervision: the first states.cols latent coordinates against the bodies' states.
        var stateLoss = 0.0, present = 0
        if let states, weighting.stateWeight > 0 {
            for s in 0..<t { for r in 0..<b { for k in 0..<states.cols where states[s * b + r, k].isFinite { present += 1 } } }
            if present > 0 {
                for s in 0..<t {
                    for r in 0..<b {
                        for k in 0..<states.cols where states[s * b + r, k].isFinite {
                            let d = zs[s][r, k] - states[s * b + r, k]
                            stateLoss += d * d
                        }
                    }
                }
                stateLoss /= Double(present)
            }
        }
        let loss = total / count + weighting.stateWeight * stateLoss
        let predictionMSE = h > 0 ? predicted / Double(3 * h * b * plane) : 0
        guard wantGradients else { return (loss, predictionMSE, nil) }

        let (decGrads, dzAll) = decoderBackward(dLogits, trace: dec, profile: profile)
        var gz: [Matrix] = (0..<t).map { Self.rows(dzAll, $0 * b..<($0 + 1) * b) }
        if let states, present > 0 {
            let scale = 2 * weighting.stateWeight / Double(present)
            for s in 0..<t {
                for r in 0..<b {
                    for k in 0..<states.cols where states[s * b + r, k].isFinite {
                        gz[s][r, k] += scale * (zs[s][r, k] - states[s * b + r, k])
                    }
                }
            }
        }
        var gh: [Matrix] = hs.map { Matrix(rows: $0.rows, cols: $0.cols) }
        var dynGrads = dynamics.parameters.map { Matrix(rows: $0.rows, cols: $0.cols) }
        for (i, s) in (firstStep..<(t - 1)).enumerated().reversed() {
            // Step s made z_{s+1} (when s + 1 ≥ c) and h_{s+1} (recurrent).
            var dOut = Matrix(rows: b, cols: a.stateWidth)
            profile.measure(.elementwise) {
                if s + 1 >= c {
                    for r in 0..<b { for j in 0..<a.dim { dOut[r, j] = gz[s + 1][r, j]; gz[s][r, j] += gz[s + 1][r, j] } }
                }
                if a.isRecurrent {
                    let hn = hs[s + 1]
                    for r in 0..<b {
                        for j in 0..<a.memory {
                            let g = gh[s + 1][r, j] * (1 - hn[r, j] * hn[r, j])
                            dOut[r, a.dim + j] = g
                            gh[s][r, j] += g
                        }
                    }
                }
            }
            let g = profile.measure(.gemm) { dynamics.backward(traces[i], outputGradient: dOut, wantInputGradient: true) }
            profile.measure(.elementwise) {
                for p in 0..<dynGrads.count { dynGrads[p] = dynGrads[p] + g.parameters[p] }
                let dIn = g.input!
                if a.isRecurrent {
                    for r in 0..<b {
                        for j in 0..<a.dim { gz[s][r, j] += dIn[r, j] }
                        for j in 0..<a.memory { gh[s][r, j] += dIn[r, a.dim + j] }
                    }
                } else {
                    for k in 0..<a.window {
                        let target = max(0, s - k)
                        for r in 0..<b { for j in 0..<a.dim { gz[target][r, j] += dIn[r, k * a.dim + j] } }
                    }
                }
            }
        }
        var dzc = Matrix(rows: c * b, cols: a.dim)
        for s in 0..<c { for r in 0..<b { for j in 0..<a.dim { dzc[s * b + r, j] = gz[s][r, j] } } }
        let encGrads = encoderBackward(dzc, trace: encTrace, images: c * b, profile: profile)
        // parameters order: down (6), encoder (2), decoder (2), up (6), dynamics.
        let grads = Array(encGrads[0..<6]) + Array(encGrads[6..<8]) + decGrads + dynGrads
        return (loss, predictionMSE, grads)
    }

    // MARK: - Helpers

    static func hcat(_ parts: [Matrix]) -> Matrix {
        let rows = parts.first?.rows ?? 0
        let cols = parts.reduce(0) { $0 + $1.cols }
        var out = Matrix(rows: rows, cols: cols)
        for r in 0..<rows {
            var offset = r * cols
            for p in parts {
                for j in 0..<p.cols { out.values[offset + j] = p.values[r * p.cols + j] }
                offset += p.cols
            }
        }
        return out
    }

    static func rows(_ m: Matrix, _ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, cols: m.cols, unchecked: Array(m.values[(range.lowerBound * m.cols)..<(range.upperBound * m.cols)]))
    }

    /// Images `range` of a 3 × (N·plane) channel-major batch, in the same layout.
    static func columns(_ m: Matrix, images n: Int, plane: Int, range: Range<Int>) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(m.rows * range.count * plane)
        for ch in 0..<m.rows {
            let base = ch * n * plane
            out.append(contentsOf: m.values[(base + range.lowerBound * plane)..<(base + range.upperBound * plane)])
        }
        return out
    }
}

/// How the video model's training loss weighs what it sees.
///
/// Balls are a few pixels wide and move a fraction of a pixel a step, so the plain pixel
/// MSE is dominated by the static background and "nothing changes" is a deep local
/// minimum. `motionWeight` multiplies the weight of every pixel that changes within a
/// training example (its value range over the example's frames exceeds
/// `motionThreshold` in some channel) by 1 + motionWeight; `stateWeight` adds that
/// multiple of the mean squared error between the first latent coordinates and the
/// bodies' normalised x, y, vx, vy (state supervision).
public struct VideoLoss: Hashable, Sendable {
    public var motionWeight: Double = 0
    public var motionThreshold: Double = 0.05
    public var stateWeight: Double = 0

    public init(motionWeight: Double = 0, motionThreshold: Double = 0.05, stateWeight: Double = 0) {
        self.motionWeight = motionWeight
        self.motionThreshold = motionThreshold
        self.stateWeight = stateWeight
    }

    /// Per (example, pixel) weights (B·S·S, example-major), or nil when every weight is 1.
    func pixelWeights(_ frames: Matrix, steps t: Int, batch b: Int, plane: Int) -> [Double]? {
        guard motionWeight > 0 else { return nil }
        var weights = [Double](repeating: 1, count: b * plane)
        let perChannel = t * b * plane
        frames.values.withUnsafeBufferPointer { v in
            for j in 0..<(b * plane) {
                var moving = false
                for ch in 0..<3 where !moving {
                    var low = Double.infinity, high = -Double.infinity
                    for s in 0..<t {
                        let x = v[ch * perChannel + s * b * plane + j]
                        low = min(low, x); high = max(high, x)
                    }
                    moving = high - low > motionThreshold
                }
                if moving { weights[j] += motionWeight }
            }
        }
        return weights
    }
}
