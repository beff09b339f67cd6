import CBLAS

// MARK: - Principal component analysis

/// A linear encoder/decoder: the top `dim` principal directions of a set of vectors.
///
/// Encoding is z = W (x − μ), decoding x̂ = μ + Wᵀ z, with W's rows orthonormal. The
/// directions come from LAPACK's `dsyev_` on the covariance (d×d) or, when there are
/// fewer samples than dimensions, on the Gram matrix (n×n), which gives the same
/// directions at a fraction of the cost.
public struct PCA: Sendable, Equatable {
    /// Input dimension d.
    public let inputDimension: Int
    /// Number of kept components k.
    public let dim: Int
    /// Mean of the training vectors (length d).
    public let mean: [Double]
    /// k×d row-major: component i is `components[i*d ..< (i+1)*d]`, largest variance first.
    public let components: [Double]
    /// Variance along each kept component, largest first.
    public let variances: [Double]
    /// Fraction of the training data's total variance the kept components explain.
    public let explainedVariance: Double

    /// Fits `dim` components to `n` vectors of length `d`, stored row-major in `data`.
    public init(fitting data: [Double], count n: Int, dimension d: Int, dim k: Int) throws {
        guard n >= 2, d >= 1, data.count == n * d else {
            throw ModelError("PCA needs at least 2 vectors of length \(d); got \(data.count) numbers for \(n)")
        }
        guard k >= 1, k <= min(d, n) else {
            throw ModelError("PCA dimension \(k) must be between 1 and \(min(d, n)) (samples and pixels)")
        }
        var mu = [Double](repeating: 0, count: d)
        for r in 0..<n { for c in 0..<d { mu[c] += data[r * d + c] } }
        for c in 0..<d { mu[c] /= Double(n) }
        var centred = data
        for r in 0..<n { for c in 0..<d { centred[r * d + c] -= mu[c] } }

        var comps = [Double](repeating: 0, count: k * d)
        var vars = [Double](repeating: 0, count: k)
        let scale = 1 / Double(n)
        if d <= n {
            var cov = [Double](repeating: 0, count: d * d)
            BLAS.exclusive {
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(n), scale,
                            centred, Int32(d), 0, &cov, Int32(d))
            }
            Self.mirrorUpper(&cov, n: d)
            let (values, vectors) = try RidgeRegression.symmetricEigen(cov, n: d)
            for i in 0..<k {
                let j = d - 1 - i
                vars[i] = max(0, values[j])
                for c in 0..<d { comps[i * d + c] = vectors[j * d + c] }
            }
        } else {
            var gram = [Double](repeating: 0, count: n * n)
            BLAS.exclusive {
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(d), scale,
                            centred, Int32(d), 0, &gram, Int32(n))
            }
            Self.mirrorUpper(&gram, n: n)
            let (values, vectors) = try RidgeRegression.symmetricEigen(gram, n: n)
            for i in 0..<k {
                let j = n - 1 - i
                vars[i] = max(0, values[j])
                // Covariance eigenvector v = Xᵀu / ‖Xᵀu‖ for Gram eigenvector u.
                var v = [Double](repeating: 0, count: d)
                let u = Array(vectors[(j * n)..<((j + 1) * n)])
                BLAS.exclusive { cblas_dgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(d), 1, centred, Int32(d), u, 1, 0, &v, 1) }
                let norm = BLAS.exclusive { cblas_dnrm2(Int32(d), v, 1) }
                let inv = norm > 0 ? 1 / norm : 0
                var best = 0.0
                for c in 0..<d where abs(v[c]) > abs(best) { best = v[c] }
                let sign = best < 0 ? -1.0 : 1.0
                for c in 0..<d { comps[i * d + c] = v[c] * inv * sign }
            }
        }
        var total = 0.0
        for x in centred { total += x * x }
        total *= scale
        inputDimension = d
        dim = k
        mean = mu
        components = comps
        variances = vars
        explainedVariance = total > 0 ? min(1, vars.reduce(0, +) / total) : 1
    }

    /// A PCA from parts whose shapes the caller has checked.
    init(unchecked mean: [Double], components: [Double], variances: [Double], explainedVariance: Double) {
        inputDimension = mean.count
        dim = variances.count
        self.mean = mean
        self.components = components
        self.variances = variances
        self.explainedVariance = explainedVariance
    }

    /// The code of one vector (length d → length k).
    public func encode(_ x: [Double]) -> [Double] {
        precondition(x.count == inputDimension, "PCA.encode: wrong input length")
        var centred = x
        for c in 0..<inputDimension { centred[c] -= mean[c] }
        var z = [Double](repeating: 0, count: dim)
        BLAS.exclusive {
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(dim), Int32(inputDimension), 1, components,
                        Int32(inputDimension), centred, 1, 0, &z, 1)
        }
        return z
    }

    /// The reconstruction of a code (length k → length d).
    public func decode(_ z: [Double]) -> [Double] {
        precondition(z.count == dim, "PCA.decode: wrong code length")
        var x = mean
        BLAS.exclusive {
            cblas_dgemv(CblasRowMajor, CblasTrans, Int32(dim), Int32(inputDimension), 1, components,
                        Int32(inputDimension), z, 1, 1, &x, 1)
        }
        return x
    }

    /// Codes of `n` row-major vectors at once (n×d → n×k), one gemm.
    public func encode(batch data: [Double], count n: Int) -> [Double] {
        precondition(data.count == n * inputDimension, "PCA.encode(batch:): wrong input size")
        var centred = data
        for r in 0..<n { for c in 0..<inputDimension { centred[r * inputDimension + c] -= mean[c] } }
        var z = [Double](repeating: 0, count: n * dim)
        BLAS.exclusive {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(dim), Int32(inputDimension),
                        1, centred, Int32(inputDimension), components, Int32(inputDimension), 0, &z, Int32(dim))
        }
        return z
    }

    /// dsyrk fills one triangle; copy it to the other so LAPACK and gemm see a full matrix.
    private static func mirrorUpper(_ m: inout [Double], n: Int) {
        for i in 0..<n { for j in 0..<i { m[i * n + j] = m[j * n + i] } }
    }
}
