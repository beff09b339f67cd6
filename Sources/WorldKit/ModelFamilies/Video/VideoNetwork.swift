#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - The video model's network
//
//   frame (3 × S × S, values in [0, 1])
//     → conv 4×4/2 (3→c) → ReLU → conv 4×4/2 (c→2c) → ReLU → conv 4×4/2 (2c→2c) → ReLU
//     → dense → z (dim)                                                     [encoder]
//   z → dense → ReLU → up 4×4/2 (2c→2c) → ReLU → up 4×4/2 (2c→c) → ReLU
//     → up 4×4/2 (c→3) → sigmoid → frame                                    [decoder]
//   latent dynamics: an MLP (tanh) from the window [z_t … z_{t−K+1}] (window variant)
//     or from [z_t, h_t] (recurrent variant, memory h of `memory` numbers) to
//     Δz (and Δh): z_{t+1} = z_t + Δz, h_{t+1} = tanh(h_t + Δh).
// Everything is batched channel-major (see Learning/Convolution.swift). A training
// batch is step-major: rows (or images) t·B + b are step t of example b.

/// Sizes of a video network.
public struct VideoArchitecture: Hashable, Sendable {
    /// Frame side S in pixels (frames are S×S RGB); a multiple of 8.
    public var size: Int
    /// Channels of the first convolution (the others have twice as many).
    public var channels: Int
    /// Latent size.
    public var dim: Int
    /// Frames the window variant reads (K), or context frames folded into the memory.
    public var window: Int
    /// Memory size of the recurrent variant; 0 for the window variant.
    public var memory: Int
    /// Hidden width of the dynamics MLP.
    public var hidden: Int
    /// Predicted frames are the last true context frame plus the decoded change
    /// D(z_t) − D(z_last context) ("anchored"), instead of D(z_t) alone.
    public var anchored: Bool = true

    /// The latent grid side after three stride-2 convolutions.
    var grid: Int { size / 8 }
    /// Numbers in the flattened last feature map.
    var flat: Int { 2 * channels * grid * grid }
    /// Numbers per step the dynamics carry: z, then h.
    var stateWidth: Int { dim + memory }
    var dynamicsInput: Int { memory > 0 ? dim + memory : window * dim }
    var isRecurrent: Bool { memory > 0 }
    var isAnchored: Bool { anchored }
}

/// Encoder, decoder and latent dynamics, with exact backpropagation.
struct VideoNetwork: Sendable {
    let architecture: VideoArchitecture
    var down: [Conv2D]
    /// flat × dim, 1 × dim.
    var encoderWeights: Matrix
    var encoderBias: Matrix
    /// dim × flat, 1 × flat.
    var decoderWeights: Matrix
    var decoderBias: Matrix
    var up: [ConvTranspose2D]
    var dynamics: MLP

    /// The geometries of the three stride-2 convolutions (from the frame down).
    static func geometries(_ a: VideoArchitecture) throws -> [ConvGeometry] {
        let c = a.channels
        return [try ConvGeometry(channels: 3, inHeight: a.size, inWidth: a.size, kernel: 4, stride: 2, padding: 1),
                try ConvGeometry(channels: c, inHeight: a.size / 2, inWidth: a.size / 2, kernel: 4, stride: 2, padding: 1),
                try ConvGeometry(channels: 2 * c, inHeight: a.size / 4, inWidth: a.size / 4, kernel: 4, stride: 2, padding: 1)]
    }

    init(architecture a: VideoArchitecture, random: inout RandomStream) throws {
        architecture = a
        let g = try Self.geometries(a)
        let c = a.channels
        down = [try Conv2D(geometry: g[0], outChannels: c, random: &random),
                try Conv2D(geometry: g[1], outChannels: 2 * c, random: &random),
                try Conv2D(geometry: g[2], outChannels: 2 * c, random: &random)]
        encoderWeights = Initialization.xavier.weights(fanIn: a.flat, fanOut: a.dim, random: &random)
        encoderBias = Matrix(rows: 1, cols: a.dim)
        decoderWeights = Initialization.he.weights(fanIn: a.dim, fanOut: a.flat, random: &random)
        decoderBias = Matrix(rows: 1, cols: a.flat)
        up = [try ConvTranspose2D(geometry: g[2], inChannels: 2 * c, random: &random),
              try ConvTranspose2D(geometry: g[1], inChannels: 2 * c, random: &random),
              try ConvTranspose2D(geometry: g[0], inChannels: c, random: &random)]
        dynamics = try MLP(sizes: [a.dynamicsInput, a.hidden, a.hidden, a.stateWidth], activation: .tanh, random: &random)
        // Start the dynamics near "nothing changes": a small last layer.
        let last = dynamics.layers.count - 1
        dynamics.layers[last].weights = dynamics.layers[last].weights * 0.1
    }

    /// Every trainable tensor in a fixed order (names in `tensorNames`).
    var parameters: [Matrix] {
        get {
            down.flatMap { [$0.weights, $0.bias] } + [encoderWeights, encoderBias, decoderWeights, decoderBias]
                + up.flatMap { [$0.weights, $0.bias] } + dynamics.parameters
        }
        set {
            precondition(newValue.count == parameters.count, "parameter count mismatch")
            for i in 0..<3 {
                precondition(newValue[2 * i].shape == down[i].weights.shape && newValue[2 * i + 1].shape == down[i].bias.shape)
                down[i].weights = newValue[2 * i]; down[i].bias = newValue[2 * i + 1]
            }
            precondition(newValue[6].shape == encoderWeights.shape && newValue[8].shape == decoderWeights.shape)
            encoderWeights = newValue[6]; encoderBias = newValue[7]
            decoderWeights = newValue[8]; decoderBias = newValue[9]
            for i in 0..<3 {
                precondition(newValue[10 + 2 * i].shape == up[i].weights.shape)
                up[i].weights = newValue[10 + 2 * i]; up[i].bias = newValue[11 + 2 * i]
            }
            dynamics.parameters = Array(newValue[16...])
        }
    }

    static func tensorNames(dynamicsLayers: Int) -> [String] {
        var names: [String] = []
        for i in 0..<3 { names += ["down\(i).w", "down\(i).b"] }
        names += ["encoder.w", "encoder.b", "decoder.w", "decoder.b"]
        for i in 0..<3 { names += ["up\(i).w", "up\(i).b"] }
        for i in 0..<dynamicsLayers { names += ["dynamics.w\(i)", "dynamics.b\(i)"] }
        return names
    }

    // MARK: - Encoder

    struct EncoderTrace {
        var input: Matrix
        var activations: [Matrix] = []   // after each ReLU
        var patches: [Matrix] = []
        var flat: Matrix = Matrix(rows: 0, cols: 0)
    }

    /// Latents (N × dim) of N frames (3 × N·S·S).
    func encode(_ frames: Matrix, images n: Int, profile: LearningProfile? = nil) -> (z: Matrix, trace: EncoderTrace) {
        var trace = EncoderTrace(input: frames)
        var x = frames
        for layer in down {
            var (y, p) = layer.forward(x, images: n, profile: profile)
            profile.measure(.elementwise) { relu(&y) }
            trace.activations.append(y)
            trace.patches.append(p)
            x = y
        }
        let flat = profile.measure(.elementwise) { Self.flatten(x, images: n) }
        trace.flat = flat
        var z = Matrix(rows: n, cols: architecture.dim)
        profile.measure(.gemm) { Matrix.gemm(flat, encoderWeights, into: &z) }
        profile.measure(.elementwise) { z.addRow(encoderBias) }
        return (z, trace)
    }

    /// Gradients of the encoder's tensors (in `parameters` order: down…, encoder) from dL/dz.
    func encoderBackward(_ dz: Matrix, trace: EncoderTrace, images n: Int,
                         profile: LearningProfile? = nil) -> [Matrix] {
        var dw = Matrix(rows: encoderWeights.rows, cols: encoderWeights.cols)
        profile.measure(.gemm) { Matrix.gemm(trace.flat, transposeA: true, dz, into: &dw) }
        let db = profile.measure(.elementwise) { dz.columnSums() }
        var dflat = Matrix(rows: n, cols: architecture.flat)
        profile.measure(.gemm) { Matrix.gemm(dz, encoderWeights, transposeB: true, into: &dflat) }
        var dy = profile.measure(.elementwise) { Self.unflatten(dflat, channels: 2 * architecture.channels, images: n) }
        var grads = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: 6)
        for i in stride(from: 2, through: 0, by: -1) {
            profile.measure(.elementwise) { reluBackward(&dy, output: trace.activations[i]) }
            let g = down[i].backward(dy, patches: trace.patches[i], images: n, wantInput: i > 0, profile: profile)
            grads[2 * i] = g.weights
            grads[2 * i + 1] = g.bias
            if let dx = g.input { dy = dx }
        }
        return grads + [dw, db]
    }

    // MARK: - Decoder

    struct DecoderTrace {
        var z: Matrix
        var hidden: Matrix = Matrix(rows: 0, cols: 0)      // N × flat, after ReLU
        var maps: [Matrix] = []                            // inputs of up0, up1, up2
        var output: Matrix = Matrix(rows: 0, cols: 0)      // 3 × N·S·S after the sigmoid
    }

    /// Frames (3 × N·S·S, in (0, 1)) of N latents (N × dim).
    func decode(_ z: Matrix, profile: LearningProfile? = nil) -> DecoderTrace {
        let n = z.rows
        var trace = DecoderTrace(z: z)
        var h = Matrix(rows: n, cols: architecture.flat)
        profile.measure(.gemm) { Matrix.gemm(z, decoderWeights, into: &h) }
        profile.measure(.elementwise) { h.addRow(decoderBias); relu(&h) }
        trace.hidden = h
        var x = profile.measure(.elementwise) { Self.unflatten(h, channels: 2 * architecture.channels, images: n) }
        for (i, layer) in up.enumerated() {
            trace.maps.append(x)
            var y = layer.forward(x, images: n, profile: profile)
            if i < up.count - 1 {
                profile.measure(.elementwise) { relu(&y) }
            } else {
                profile.measure(.elementwise) {
                    y.values.withUnsafeMutableBufferPointer { v in
                        for j in 0..<v.count { v[j] = 1 / (1 + exp(-v[j])) }
                    }
                }
            }
            x = y
        }
        trace.output = x
        return trace
    }

    /// Gradients of the decoder's tensors (decoder, up…) and dL/dz, from dL/d(pre-sigmoid output).
    func decoderBackward(_ dLogits: Matrix, trace: DecoderTrace,
                         profile: LearningProfile? = nil) -> (grads: [Matrix], dz: Matrix) {
        let n = trace.z.rows
        var grads = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: 6)
        var dy = dLogits
        for i in stride(from: 2, through: 0, by: -1) {
            let g = up[i].backward(dy, input: trace.maps[i], images: n, wantInput: true, profile: profile)
            grads[2 * i] = g.weights
            grads[2 * i + 1] = g.bias
            dy = g.input!
            if i > 0 { profile.measure(.elementwise) { reluBackward(&dy, output: trace.maps[i]) } }
        }
        var dh = profile.measure(.elementwise) { Self.flatten(dy, images: n) }
        profile.measure(.elementwise) { reluBackward(&dh, output: trace.hidden) }
        var dw = Matrix(rows: decoderWeights.rows, cols: decoderWeights.cols)
        profile.measure(.gemm) { Matrix.gemm(trace.z, transposeA: true, dh, into: &dw) }
        let db = profile.measure(.elementwise) { dh.columnSums() }
        var dz = Matrix(rows: n, cols: architecture.dim)
        profile.measure(.gemm) { Matrix.gemm(dh, decoderWeights, transposeB: true, into: &dz) }
        return ([dw, db] + grads, dz)
    }

    // MARK: - Layout

    /// C × (N·P) channel-major maps → N × (C·P) rows (one image per row).
    static func flatten(_ x: Matrix, images n: Int) -> Matrix {
        let c = x.rows, p = x.cols / max(1, n)
        var out = Matrix(rows: n, cols: c * p)
        x.values.withUnsafeBufferPointer { src in
            out.values.withUnsafeMutableBufferPointer { dst in
                for ch in 0..<c { for img in 0..<n { for q in 0..<p { dst[img * c * p + ch * p + q] = src[ch * n * p + img * p + q] } } }
            }
        }
        return out
    }

    /// The inverse of `flatten`.
    static func unflatten(_ x: Matrix, channels c: Int, images n: Int) -> Matrix {
        let p = x.cols / max(1, c)
        var out = Matrix(rows: c, cols: n * p)
        x.values.withUnsafeBufferPointer { src in
            out.values.withUnsafeMutableBufferPointer { dst in
                for ch in 0..<c { for img in 0..<n { for q in 0..<p { dst[ch * n * p + img * p + q] = src[img * c * p + ch * p + q] } } }
            }
        }
        return out
    }
}

func relu(_ x: inout Matrix) {
    x.values.withUnsafeMutableBufferPointer { v in for i in 0..<v.count where v[i] < 0 { v[i] = 0 } }
}

/// Zeroes the gradient where the ReLU's output was zero.
func reluBackward(_ d: inout Matrix, output y: Matrix) {
    precondition(d.count == y.count, "relu backward shape mismatch")
    d.values.withUnsafeMutableBufferPointer { g in
        y.values.withUnsafeBufferPointer { o in for i in 0..<g.count where o[i] <= 0 { g[i] = 0 } }
    }
}
