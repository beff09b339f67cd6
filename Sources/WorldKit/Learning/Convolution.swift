// MARK: - Convolutions: im2col + gemm
//
// Images are kept channel-major over a batch: a tensor of C channels for N images of
// H×W pixels is a C × (N·H·W) `Matrix` whose row c holds channel c of image 0, then
// of image 1, … (each image row-major). In that layout a convolution is one product:
// `im2col` unrolls every k×k patch into a column ((C·k·k) × (N·Ho·Wo)), and
//   y = W · cols + b                (W is Cout × (Cin·k·k))
// Backward: dW = dy · colsᵀ, dx = col2im(Wᵀ · dy), where `col2im` is `im2col`'s adjoint
// (it adds every patch entry back into the pixel it came from).
// A transposed convolution ("up") is the same pair run the other way round: its
// forward is a convolution's input gradient, so strided convolutions go down and
// transposed ones go back up with the same geometry.
// Products go through `Matrix.gemm` (OpenBLAS, one thread); loops are plain Swift in a
// fixed order, so results are bit-identical on every run.

/// Where the time of convolutional training goes (for benchmarks; nil costs nothing).
public final class LearningProfile {
    public enum Part: String, CaseIterable, Sendable { case gemm, im2col, elementwise }
    /// Nanoseconds per part.
    public private(set) var nanoseconds: [Part: Int64] = [:]

    public init() {}

    @inline(__always) func measure<T>(_ part: Part, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let d = clock.now - start
        let (s, a) = d.components
        nanoseconds[part, default: 0] &+= s &* 1_000_000_000 &+ a / 1_000_000_000
        return result
    }

    /// Seconds spent per part.
    public var seconds: [Part: Double] { nanoseconds.mapValues { Double($0) / 1e9 } }
}

extension Optional where Wrapped == LearningProfile {
    @inline(__always) func measure<T>(_ part: LearningProfile.Part, _ body: () throws -> T) rethrows -> T {
        if let p = self { return try p.measure(part, body) }
        return try body()
    }
}

/// The geometry of a 2-D convolution from an `inHeight`×`inWidth` image of `channels`
/// channels with a `kernel`×`kernel` window moved by `stride`, zero-padded by `padding`.
public struct ConvGeometry: Hashable, Sendable {
    public let channels: Int
    public let inHeight: Int
    public let inWidth: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    public let outHeight: Int
    public let outWidth: Int

    /// Throws unless every size is positive and the window fits the padded image.
    public init(channels: Int, inHeight: Int, inWidth: Int, kernel: Int, stride: Int, padding: Int) throws {
        guard channels >= 1, inHeight >= 1, inWidth >= 1, kernel >= 1, stride >= 1, padding >= 0,
              channels <= 4096, inHeight <= 4096, inWidth <= 4096, kernel <= 64, padding < kernel,
              inHeight + 2 * padding >= kernel, inWidth + 2 * padding >= kernel else {
            throw ModelError("convolution: \(channels) channels of \(inHeight)×\(inWidth) with kernel \(kernel), stride \(stride), padding \(padding) is not a valid geometry")
        }
        self.channels = channels
        self.inHeight = inHeight
        self.inWidth = inWidth
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        outHeight = (inHeight + 2 * padding - kernel) / stride + 1
        outWidth = (inWidth + 2 * padding - kernel) / stride + 1
    }

    /// Rows of the patch matrix: channels · kernel².
    public var patchSize: Int { channels * kernel * kernel }

    /// The patch matrix of `images` images (C × (N·H·W)): (C·k·k) × (N·Ho·Wo).
    public func im2col(_ input: Matrix, images n: Int) -> Matrix {
        precondition(input.rows == channels && input.cols == n * inHeight * inWidth, "im2col shape mismatch")
        let inPlane = inHeight * inWidth, outPlane = outHeight * outWidth
        let cols = n * outPlane
        var out = Matrix(rows: patchSize, cols: cols)
        let k = kernel, s = stride, p = padding, ow = outWidth, oh = outHeight, iw = inWidth, ih = inHeight
        let inStride = n * inPlane
        input.values.withUnsafeBufferPointer { x in
            out.values.withUnsafeMutableBufferPointer { o in
                for c in 0..<channels {
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let row = (c * k + ky) * k + kx
                            let rowBase = row * cols
                            for img in 0..<n {
                                let src = c * inStride + img * inPlane
                                let dst = rowBase + img * outPlane
                                for oy in 0..<oh {
                                    let iy = oy * s - p + ky
                                    let line = dst + oy * ow
                                    guard iy >= 0, iy < ih else { continue }  // stays zero
                                    let srcLine = src + iy * iw
                                    for ox in 0..<ow {
                                        let ix = ox * s - p + kx
                                        if ix >= 0, ix < iw { o[line + ox] = x[srcLine + ix] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The adjoint of `im2col`: every patch entry added back to its pixel (C × (N·H·W)).
    public func col2im(_ patches: Matrix, images n: Int) -> Matrix {
        precondition(patches.rows == patchSize && patches.cols == n * outHeight * outWidth, "col2im shape mismatch")
        let inPlane = inHeight * inWidth, outPlane = outHeight * outWidth
        let cols = n * outPlane
        var out = Matrix(rows: channels, cols: n * inPlane)
        let k = kernel, s = stride, p = padding, ow = outWidth, oh = outHeight, iw = inWidth, ih = inHeight
        let inStride = n * inPlane
        patches.values.withUnsafeBufferPointer { x in
            out.values.withUnsafeMutableBufferPointer { o in
                for c in 0..<channels {
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let rowBase = ((c * k + ky) * k + kx) * cols
                            for img in 0..<n {
                                let dst = c * inStride + img * inPlane
                                let src = rowBase + img * outPlane
                                for oy in 0..<oh {
                                    let iy = oy * s - p + ky
                                    guard iy >= 0, iy < ih else { continue }
                                    let line = src + oy * ow
                                    let dstLine = dst + iy * iw
                                    for ox in 0..<ow {
                                        let ix = ox * s - p + kx
                                        if ix >= 0, ix < iw { o[dstLine + ix] += x[line + ox] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// Adds `bias[c]` to every entry of row c.
func addChannelBias(_ x: inout Matrix, _ bias: Matrix) {
    precondition(bias.count == x.rows, "bias size mismatch")
    let cols = x.cols
    x.values.withUnsafeMutableBufferPointer { v in
        for r in 0..<bias.count {
            let b = bias.values[r]
            for j in 0..<cols { v[r * cols + j] += b }
        }
    }
}

/// Row sums of `x` as a 1×rows matrix (channel bias gradients).
func channelSums(_ x: Matrix) -> Matrix {
    var out = [Double](repeating: 0, count: x.rows)
    x.values.withUnsafeBufferPointer { v in
        for r in 0..<x.rows {
            var s = 0.0
            for j in 0..<x.cols { s += v[r * x.cols + j] }
            out[r] = s
        }
    }
    return Matrix(row: out)
}

/// A strided convolution "down": Cin × (N·H·W) → Cout × (N·Ho·Wo).
public struct Conv2D: Hashable, Sendable {
    public let geometry: ConvGeometry
    /// Cout × (Cin·k·k).
    public var weights: Matrix
    /// 1 × Cout.
    public var bias: Matrix

    public init(geometry: ConvGeometry, outChannels: Int, random: inout RandomStream) throws {
        guard outChannels >= 1, outChannels <= 4096 else { throw ModelError("convolution: \(outChannels) output channels") }
        self.geometry = geometry
        // He initialisation over the fan-in of one output (ReLU layers follow).
        weights = Initialization.he.weights(fanIn: geometry.patchSize, fanOut: outChannels, random: &random).transposed
        bias = Matrix(rows: 1, cols: outChannels)
    }

    public init(geometry: ConvGeometry, weights: Matrix, bias: Matrix) throws {
        guard weights.cols == geometry.patchSize, weights.rows >= 1, bias.rows == 1, bias.cols == weights.rows else {
            throw ModelError("convolution: weights \(weights.rows)×\(weights.cols) and bias \(bias.rows)×\(bias.cols) do not fit \(geometry.patchSize)-entry patches")
        }
        self.geometry = geometry
        self.weights = weights
        self.bias = bias
    }

    public var outChannels: Int { weights.rows }

    /// The output and the patch matrix the backward pass needs.
    public func forward(_ x: Matrix, images n: Int, profile: LearningProfile? = nil) -> (y: Matrix, patches: Matrix) {
        let cols = profile.measure(.im2col) { geometry.im2col(x, images: n) }
        var y = Matrix(rows: outChannels, cols: cols.cols)
        profile.measure(.gemm) { Matrix.gemm(weights, cols, into: &y) }
        profile.measure(.elementwise) { addChannelBias(&y, bias) }
        return (y, cols)
    }

    /// Gradients of weights and bias, and of the input when asked.
    public func backward(_ dy: Matrix, patches: Matrix, images n: Int, wantInput: Bool,
                         profile: LearningProfile? = nil) -> (weights: Matrix, bias: Matrix, input: Matrix?) {
        var dw = Matrix(rows: weights.rows, cols: weights.cols)
        profile.measure(.gemm) { Matrix.gemm(dy, patches, transposeB: true, into: &dw) }
        let db = profile.measure(.elementwise) { channelSums(dy) }
        guard wantInput else { return (dw, db, nil) }
        var dcols = Matrix(rows: geometry.patchSize, cols: dy.cols)
        profile.measure(.gemm) { Matrix.gemm(weights, transposeA: true, dy, into: &dcols) }
        let dx = profile.measure(.im2col) { geometry.col2im(dcols, images: n) }
        return (dw, db, dx)
    }
}

/// A transposed convolution "up": the input gradient of the convolution `geometry`
/// describes (from the large image to the small one), run forward. Input
/// Cin × (N·Ho·Wo) of `geometry`'s output size; output `geometry.channels` × (N·H·W).
public struct ConvTranspose2D: Hashable, Sendable {
    public let geometry: ConvGeometry
    /// Cin × (Cout·k·k): the weights of the mirrored convolution.
    public var weights: Matrix
    /// 1 × Cout (Cout = geometry.channels).
    public var bias: Matrix

    public init(geometry: ConvGeometry, inChannels: Int, random: inout RandomStream) throws {
        guard inChannels >= 1, inChannels <= 4096 else { throw ModelError("transposed convolution: \(inChannels) input channels") }
        self.geometry = geometry
        // Each output pixel sums about inChannels·(k/stride)² terms.
        let fanIn = max(1, inChannels * geometry.kernel * geometry.kernel / (geometry.stride * geometry.stride))
        var w = Matrix(rows: inChannels, cols: geometry.patchSize)
        let sigma = (2.0 / Double(fanIn)).squareRoot()
        for i in 0..<w.values.count { w.values[i] = random.normal(0, sigma) }
        weights = w
        bias = Matrix(rows: 1, cols: geometry.channels)
    }

    public init(geometry: ConvGeometry, weights: Matrix, bias: Matrix) throws {
        guard weights.cols == geometry.patchSize, weights.rows >= 1, bias.rows == 1, bias.cols == geometry.channels else {
            throw ModelError("transposed convolution: weights \(weights.rows)×\(weights.cols) and bias \(bias.rows)×\(bias.cols) do not fit \(geometry.channels) channels of \(geometry.kernel)² patches")
        }
        self.geometry = geometry
        self.weights = weights
        self.bias = bias
    }

    public var inChannels: Int { weights.rows }

    public func forward(_ x: Matrix, images n: Int, profile: LearningProfile? = nil) -> Matrix {
        var cols = Matrix(rows: geometry.patchSize, cols: x.cols)
        profile.measure(.gemm) { Matrix.gemm(weights, transposeA: true, x, into: &cols) }
        var y = profile.measure(.im2col) { geometry.col2im(cols, images: n) }
        profile.measure(.elementwise) { addChannelBias(&y, bias) }
        return y
    }

    public func backward(_ dy: Matrix, input x: Matrix, images n: Int, wantInput: Bool,
                         profile: LearningProfile? = nil) -> (weights: Matrix, bias: Matrix, input: Matrix?) {
        let patches = profile.measure(.im2col) { geometry.im2col(dy, images: n) }
        var dw = Matrix(rows: weights.rows, cols: weights.cols)
        profile.measure(.gemm) { Matrix.gemm(x, patches, transposeB: true, into: &dw) }
        let db = profile.measure(.elementwise) { channelSums(dy) }
        guard wantInput else { return (dw, db, nil) }
        var dx = Matrix(rows: weights.rows, cols: patches.cols)
        profile.measure(.gemm) { Matrix.gemm(weights, patches, into: &dx) }
        return (dw, db, dx)
    }
}
