import Testing
@testable import WorldKit

// Convolutions by im2col + gemm: the patch matrix against a direct sum, col2im as
// im2col's adjoint, and every gradient (strided convolution, transposed convolution,
// the whole video network through time) against central finite differences.

@Suite struct ConvolutionTests {
    static func randomMatrix(_ rows: Int, _ cols: Int, _ random: inout RandomStream) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.values.count { m.values[i] = random.uniform(-1, 1) }
        return m
    }

    static func dot(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.values, b.values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test func convolutionMatchesADirectSum() throws {
        var random = RandomStream(seed: 1)
        let g = try ConvGeometry(channels: 2, inHeight: 6, inWidth: 5, kernel: 3, stride: 2, padding: 1)
        let conv = try Conv2D(geometry: g, outChannels: 3, random: &random)
        let n = 2
        let x = Self.randomMatrix(2, n * 30, &random)
        let y = conv.forward(x, images: n).y
        #expect(g.outHeight == 3 && g.outWidth == 3 && y.rows == 3 && y.cols == n * 9)
        for o in 0..<3 {
            for img in 0..<n {
                for oy in 0..<3 {
                    for ox in 0..<3 {
                        var sum = conv.bias.values[o]
                        for c in 0..<2 {
                            for ky in 0..<3 {
                                for kx in 0..<3 {
                                    let iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx
                                    guard iy >= 0, iy < 6, ix >= 0, ix < 5 else { continue }
                                    sum += conv.weights[o, (c * 3 + ky) * 3 + kx] * x[c, img * 30 + iy * 5 + ix]
                                }
                            }
                        }
                        #expect(abs(y[o, img * 9 + oy * 3 + ox] - sum) < 1e-12)
                    }
                }
            }
        }
    }

    @Test func col2imIsTheAdjointOfIm2col() throws {
        var random = RandomStream(seed: 2)
        let g = try ConvGeometry(channels: 3, inHeight: 8, inWidth: 8, kernel: 4, stride: 2, padding: 1)
        let x = Self.randomMatrix(3, 2 * 64, &random)
        let p = Self.randomMatrix(g.patchSize, 2 * g.outHeight * g.outWidth, &random)
        let lhs = Self.dot(g.im2col(x, images: 2), p)
        let rhs = Self.dot(x, g.col2im(p, images: 2))
        #expect(abs(lhs - rhs) < 1e-10 * max(1, abs(lhs)))
    }

    /// Checks an analytic gradient against central differences on a few entries.
    static func check(_ analytic: Matrix, _ value: inout Matrix, loss: (Matrix) -> Double, entries: Int = 6) {
        let h = 1e-6
        for k in 0..<entries {
            let i = (k * 7919) % value.values.count
            let saved = value.values[i]
            value.values[i] = saved + h
            let up = loss(value)
            value.values[i] = saved - h
            let down = loss(value)
            value.values[i] = saved
            let numeric = (up - down) / (2 * h)
            #expect(abs(numeric - analytic.values[i]) < 1e-6 * max(1, abs(numeric)), "entry \(i): \(numeric) vs \(analytic.values[i])")
        }
    }

    @Test func stridedConvolutionGradientsMatchFiniteDifferences() throws {
        var random = RandomStream(seed: 3)
        let g = try ConvGeometry(channels: 2, inHeight: 8, inWidth: 8, kernel: 4, stride: 2, padding: 1)
        var conv = try Conv2D(geometry: g, outChannels: 3, random: &random)
        var x = Self.randomMatrix(2, 2 * 64, &random)
        let target = Self.randomMatrix(3, 2 * 16, &random)
        func loss(_ c: Conv2D, _ input: Matrix) -> Double {
            let y = c.forward(input, images: 2).y
            return zip(y.values, target.values).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        let (y, patches) = conv.forward(x, images: 2)
        let dy = y - target
        let g0 = conv.backward(dy, patches: patches, images: 2, wantInput: true)
        var w = conv.weights
        Self.check(g0.weights, &w) { v in var c = conv; c.weights = v; return loss(c, x) }
        var b = conv.bias
        Self.check(g0.bias, &b, loss: { v in var c = conv; c.bias = v; return loss(c, x) }, entries: 3)
        Self.check(try #require(g0.input), &x) { v in loss(conv, v) }
        conv.weights = w
    }

    @Test func transposedConvolutionGradientsMatchFiniteDifferences() throws {
        var random = RandomStream(seed: 4)
        let g = try ConvGeometry(channels: 3, inHeight: 8, inWidth: 8, kernel: 4, stride: 2, padding: 1)
        let up = try ConvTranspose2D(geometry: g, inChannels: 2, random: &random)
        var x = Self.randomMatrix(2, 2 * 16, &random)
        let target = Self.randomMatrix(3, 2 * 64, &random)
        func loss(_ c: ConvTranspose2D, _ input: Matrix) -> Double {
            let y = c.forward(input, images: 2)
            return zip(y.values, target.values).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        let y = up.forward(x, images: 2)
        #expect(y.rows == 3 && y.cols == 2 * 64)   // doubles each side
        let grads = up.backward(y - target, input: x, images: 2, wantInput: true)
        var w = up.weights
        Self.check(grads.weights, &w) { v in var c = up; c.weights = v; return loss(c, x) }
        var b = up.bias
        Self.check(grads.bias, &b, loss: { v in var c = up; c.bias = v; return loss(c, x) }, entries: 3)
        Self.check(try #require(grads.input), &x) { v in loss(up, v) }
    }

    @Test(arguments: [0, 3], [true, false])
    func videoNetworkGradientsMatchFiniteDifferencesThroughTime(memory: Int, anchored: Bool) throws {
        var random = RandomStream(seed: 5)
        let a = VideoArchitecture(size: 16, channels: 2, dim: 3, window: 2, memory: memory, hidden: 5, anchored: anchored)
        var net = try VideoNetwork(architecture: a, random: &random)
        // Larger dynamics output weights than the near-identity start, so the path through time matters.
        var params = net.parameters
        for i in 16..<params.count { params[i] = params[i].map { $0 * 5 + 0.01 } }
        net.parameters = params
        let b = 2, c = 2, h = 3
        var frames = Matrix(rows: 3, cols: (c + h) * b * 256)
        for i in 0..<frames.values.count { frames.values[i] = random.uniform(0, 1) }
        let r = net.sequenceLoss(frames: frames, batch: b, contextSteps: c, horizon: h, wantGradients: true)
        let grads = try #require(r.gradients)
        #expect(grads.count == params.count)
        for p in [0, 4, 6, 8, 10, 14, 16, 18, 20] {
            var value = params[p]
            Self.check(grads[p], &value, loss: { v in
                var n = net
                var ps = params
                ps[p] = v
                n.parameters = ps
                return n.sequenceLoss(frames: frames, batch: b, contextSteps: c, horizon: h, wantGradients: false).loss
            }, entries: 3)
        }
    }

    @Test(arguments: [0, 3])
    func weightedLossWithStateSupervisionHasExactGradients(memory: Int) throws {
        var random = RandomStream(seed: 6)
        let a = VideoArchitecture(size: 16, channels: 2, dim: 3, window: 2, memory: memory, hidden: 5)
        var net = try VideoNetwork(architecture: a, random: &random)
        var params = net.parameters
        for i in 16..<params.count { params[i] = params[i].map { $0 * 5 + 0.01 } }
        net.parameters = params
        let b = 2, c = 2, h = 3, plane = 256, t = c + h
        // Pixels of the left half change over time; the right half is still.
        var frames = Matrix(rows: 3, cols: t * b * plane)
        var still = [Double](repeating: 0, count: 3 * b * plane)
        for i in 0..<still.count { still[i] = random.uniform(0, 1) }
        for ch in 0..<3 {
            for s in 0..<t {
                for e in 0..<b {
                    for q in 0..<plane {
                        let i = ch * t * b * plane + s * b * plane + e * plane + q
                        frames.values[i] = q % 16 < 8 ? random.uniform(0, 1) : still[ch * b * plane + e * plane + q]
                    }
                }
            }
        }
        var states = Matrix(rows: t * b, cols: 2)
        for i in 0..<states.values.count { states.values[i] = i % 7 == 3 ? .nan : random.uniform(-1, 1) }
        let weighting = VideoLoss(motionWeight: 5, stateWeight: 0.5)
        let weights = try #require(weighting.pixelWeights(frames, steps: t, batch: b, plane: plane))
        #expect(weights.enumerated().allSatisfy { $0.element == ($0.offset % 16 < 8 ? 6 : 1) })
        #expect(VideoLoss().pixelWeights(frames, steps: t, batch: b, plane: plane) == nil)
        let plain = net.sequenceLoss(frames: frames, batch: b, contextSteps: c, horizon: h, wantGradients: false)
        let r = net.sequenceLoss(frames: frames, batch: b, contextSteps: c, horizon: h, wantGradients: true,
                                 weighting: weighting, states: states)
        // The reported prediction error stays the plain pixel MSE; the loss is not.
        #expect(abs(r.predictionMSE - plain.predictionMSE) < 1e-12)
        #expect(r.loss != plain.loss)
        let grads = try #require(r.gradients)
        for p in [0, 6, 8, 14, 16, 18] {
            var value = params[p]
            Self.check(grads[p], &value, loss: { v in
                var n = net
                var ps = params
                ps[p] = v
                n.parameters = ps
                return n.sequenceLoss(frames: frames, batch: b, contextSteps: c, horizon: h, wantGradients: false,
                                      weighting: weighting, states: states).loss
            }, entries: 3)
        }
    }

    @Test func badGeometriesAreErrors() {
        #expect(throws: ModelError.self) { try ConvGeometry(channels: 0, inHeight: 8, inWidth: 8, kernel: 3, stride: 1, padding: 0) }
        #expect(throws: ModelError.self) { try ConvGeometry(channels: 1, inHeight: 2, inWidth: 2, kernel: 5, stride: 1, padding: 0) }
        #expect(throws: ModelError.self) { try ConvGeometry(channels: 1, inHeight: 8, inWidth: 8, kernel: 3, stride: 0, padding: 0) }
    }
}
