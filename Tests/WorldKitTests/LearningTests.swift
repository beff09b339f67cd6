import Testing
@testable import WorldKit

// The learning kit: BLAS products against naive loops, exact gradients against
// central differences, Adam on a problem with a known answer, seeded init.

private func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows { for j in 0..<b.cols { var s = 0.0; for k in 0..<a.cols { s += a[i, k] * b[k, j] }; c[i, j] = s } }
    return c
}

private func randomMatrix(_ r: Int, _ c: Int, _ rng: inout RandomStream) -> Matrix {
    var m = Matrix(rows: r, cols: c)
    for i in 0..<m.values.count { m.values[i] = rng.uniform(-1, 1) }
    return m
}

@Test func gemmMatchesNaiveProductInEveryTransposeCombination() throws {
    var rng = RandomStream(seed: 1)
    let a = randomMatrix(5, 3, &rng), b = randomMatrix(3, 4, &rng)
    let expected = naiveProduct(a, b)
    let variants = [
        Matrix.product(a, b),
        Matrix.product(a.transposed, transposeA: true, b),
        Matrix.product(a, b.transposed, transposeB: true),
        Matrix.product(a.transposed, transposeA: true, b.transposed, transposeB: true),
    ]
    for v in variants {
        #expect(v.shape == [5, 4])
        for i in 0..<v.values.count { #expect(abs(v.values[i] - expected.values[i]) < 1e-12) }
    }
    let y = a.times([1, 2, 3])
    for i in 0..<5 { #expect(abs(y[i] - (a[i, 0] + 2 * a[i, 1] + 3 * a[i, 2])) < 1e-12) }
    let yt = a.times([1, 0, 0, 0, 1], transpose: true)
    for j in 0..<3 { #expect(abs(yt[j] - (a[0, j] + a[4, j])) < 1e-12) }
}

@Test func matrixRejectsMismatchedValues() {
    #expect(throws: ModelError.self) { try Matrix(rows: 2, cols: 3, values: [1, 2]) }
    #expect(throws: ModelError.self) { try Matrix(rows: Int.max, cols: 2, values: []) }
    #expect(throws: ModelError.self) { try Matrix(rowArrays: [[1, 2], [3]]) }
}

/// Loss = ½ Σ (f(x) − t)², so d loss / d output = f(x) − t.
private func loss(_ net: MLP, _ x: Matrix, _ t: Matrix) -> Double {
    0.5 * (net.forward(x) - t).sumOfSquares
}

@Test(arguments: [Activation.tanh, .relu])
func backpropagationMatchesCentralDifferences(activation: Activation) throws {
    var rng = RandomStream(seed: 42)
    let net = try MLP(sizes: [4, 7, 5, 3], activation: activation, random: &rng)
    let x = randomMatrix(6, 4, &rng), t = randomMatrix(6, 3, &rng)
    let trace = net.forwardTrace(x)
    let grads = net.backward(trace, outputGradient: trace.output - t, wantInputGradient: true)
    let h = 1e-6
    var worst = 0.0
    for p in 0..<net.parameters.count {
        for i in 0..<net.parameters[p].count {
            var plus = net, minus = net
            var pp = plus.parameters; pp[p].values[i] += h; plus.parameters = pp
            var pm = minus.parameters; pm[p].values[i] -= h; minus.parameters = pm
            let numeric = (loss(plus, x, t) - loss(minus, x, t)) / (2 * h)
            worst = max(worst, abs(numeric - grads.parameters[p].values[i]) / max(1, abs(numeric)))
        }
    }
    // Input gradient too (what chained networks rely on).
    let gi = try #require(grads.input)
    for i in 0..<x.count {
        var xp = x, xm = x
        xp.values[i] += h; xm.values[i] -= h
        let numeric = (loss(net, xp, t) - loss(net, xm, t)) / (2 * h)
        worst = max(worst, abs(numeric - gi.values[i]) / max(1, abs(numeric)))
    }
    // Central differences are accurate to O(h²) ≈ 1e-12 plus rounding ≈ 1e-10; ReLU kinks are
    // avoided with probability one at these random points.
    #expect(worst < 1e-6)
}

@Test func adamFitsALinearMapAndInitIsSeeded() throws {
    // y = 2x₀ − 3x₁ + 1: a linear network must reach a tiny loss.
    var rng = RandomStream(seed: 3)
    var net = try MLP(sizes: [2, 1], random: &rng)
    let x = randomMatrix(64, 2, &rng)
    var t = Matrix(rows: 64, cols: 1)
    for i in 0..<64 { t[i, 0] = 2 * x[i, 0] - 3 * x[i, 1] + 1 }
    var adam = Adam(learningRate: 0.05)
    let initial = loss(net, x, t)
    for _ in 0..<500 {
        let trace = net.forwardTrace(x)
        var p = net.parameters
        adam.update(&p, gradients: net.backward(trace, outputGradient: (trace.output - t) * (1.0 / 64)).parameters)
        net.parameters = p
    }
    #expect(loss(net, x, t) < 1e-6 * initial)
    #expect(abs(net.layers[0].weights[0, 0] - 2) < 1e-3)
    #expect(abs(net.layers[0].bias[0, 0] - 1) < 1e-3)

    var r1 = RandomStream(seed: 9), r2 = RandomStream(seed: 9), r3 = RandomStream(seed: 10)
    let a = try MLP(sizes: [3, 8, 2], random: &r1), b = try MLP(sizes: [3, 8, 2], random: &r2)
    let c = try MLP(sizes: [3, 8, 2], random: &r3)
    #expect(a == b)
    #expect(a != c)
}

@Test func initialisationHasTheDocumentedSpread() {
    var rng = RandomStream(seed: 5)
    let x = Initialization.xavier.weights(fanIn: 100, fanOut: 200, random: &rng)
    let limit = (6.0 / 300).squareRoot()
    #expect(x.values.allSatisfy { abs($0) <= limit })
    let he = Initialization.he.weights(fanIn: 50, fanOut: 400, random: &rng)
    let variance = he.sumOfSquares / Double(he.count)
    // Expected 2 / 50 = 0.04; 20 000 draws put the sample variance within a few percent.
    #expect(abs(variance - 0.04) < 0.004)
}

@Test func clippingScalesTheGlobalNormAndZeroesNonFiniteGradients() throws {
    var g = [try Matrix(rows: 1, cols: 2, values: [3, 0]), try Matrix(rows: 1, cols: 1, values: [4])]
    let before = GradientClipping.clip(&g, maxNorm: 1)
    #expect(before == 5)
    #expect(abs(GradientClipping.globalNorm(g) - 1) < 1e-12)
    var bad = [try Matrix(rows: 1, cols: 2, values: [.nan, 1])]
    GradientClipping.clip(&bad, maxNorm: 1)
    #expect(bad[0].values == [0, 0])
}

@Test func normalizerStandardisesAndInverts() throws {
    let data = try Matrix(rowArrays: [[1, 5], [3, 5], [5, 5]])
    let n = Normalizer(fitting: data)
    let z = n.apply(data)
    #expect(abs(z[0, 0] + z[2, 0]) < 1e-12 && abs(z[1, 0]) < 1e-12)
    #expect(z[0, 1] == 0)   // constant column: scale 1, centred
    #expect(n.invert(z.row(2)) == [5, 5])
}
