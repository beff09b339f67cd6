import CBLAS

// MARK: - Dense helpers for the latent model
//
// The latent model and its probes need three pieces of linear algebra: a symmetric
// eigendecomposition (PCA, and the solves below), ridge least squares (latent
// dynamics, probes) and a minimum-norm solve (edits). All go through OpenBLAS and
// LAPACK's `dsyev_`; matrices are row-major `[Double]` with explicit shapes.

/// Ridge least squares and the symmetric solves built on `dsyev_`.
public enum RidgeRegression {
    /// Eigenvalues (ascending) and eigenvectors of a symmetric n×n matrix; eigenvector j
    /// is `vectors[j*n ..< (j+1)*n]`. Each vector's sign is fixed so its largest-magnitude
    /// entry is positive, which makes results independent of LAPACK's sign choice.
    public static func symmetricEigen(_ matrix: [Double], n: Int) throws -> (values: [Double], vectors: [Double]) {
        guard n > 0, matrix.count == n * n else {
            throw ModelError("eigendecomposition: expected a \(n)×\(n) matrix, got \(matrix.count) numbers")
        }
        guard matrix.allSatisfy(\.isFinite) else {
            throw ModelError("eigendecomposition: the matrix has non-finite entries (training diverged?)")
        }
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        var nn = Int32(n), lda = Int32(n), info: Int32 = 0
        var lwork: Int32 = -1
        var query = [Double](repeating: 0, count: 1)
        // Workspace query first, then the real call.
        "V".withCString { jobz in
            "U".withCString { uplo in
                BLAS.exclusive { dsyev_(jobz, uplo, &nn, &a, &lda, &w, &query, &lwork, &info) }
            }
        }
        lwork = Int32(max(1, Int(query[0].isFinite ? query[0] : 0), 3 * n))
        var work = [Double](repeating: 0, count: Int(lwork))
        "V".withCString { jobz in
            "U".withCString { uplo in
                BLAS.exclusive { dsyev_(jobz, uplo, &nn, &a, &lda, &w, &work, &lwork, &info) }
            }
        }
        guard info == 0 else { throw ModelError("eigendecomposition failed (LAPACK dsyev info \(info))") }
        // LAPACK stores eigenvectors column-major: column j of `a` is contiguous in memory.
        for j in 0..<n {
            var best = 0.0
            for i in 0..<n where abs(a[j * n + i]) > abs(best) { best = a[j * n + i] }
            if best < 0 { for i in 0..<n { a[j * n + i] = -a[j * n + i] } }
        }
        return (w, a)
    }

    /// W (p×q) minimising ‖X W − Y‖² + λ‖W‖², for X n×p and Y n×q, row-major.
    public static func fit(x: [Double], y: [Double], rows n: Int, inputs p: Int, outputs q: Int,
                           ridge lambda: Double) throws -> [Double] {
        guard n > 0, p > 0, q > 0, x.count == n * p, y.count == n * q else {
            throw ModelError("least squares: inconsistent shapes (\(n) rows, \(p) inputs, \(q) outputs)")
        }
        var gram = [Double](repeating: 0, count: p * p)
        BLAS.exclusive {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(p), Int32(n),
                        1, x, Int32(p), x, Int32(p), 0, &gram, Int32(p))
        }
        var xty = [Double](repeating: 0, count: p * q)
        BLAS.exclusive {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(q), Int32(n),
                        1, x, Int32(p), y, Int32(q), 0, &xty, Int32(q))
        }
        for i in 0..<p { gram[i * p + i] += lambda }
        return try solveSymmetric(gram, n: p, rhs: xty, columns: q, cutoff: 1e-12)
    }

    /// Solves A X = B for symmetric positive semi-definite A (n×n) and B (n×m) through the
    /// eigendecomposition; eigenvalues below `cutoff` × the largest are treated as zero,
    /// which gives the pseudo-inverse solution when A is singular.
    public static func solveSymmetric(_ a: [Double], n: Int, rhs: [Double], columns m: Int,
                                      cutoff: Double) throws -> [Double] {
        let (values, vectors) = try symmetricEigen(a, n: n)
        let largest = values.last.map { abs($0) } ?? 0
        // X = V diag(1/λ) Vᵀ B; V's columns are eigenvectors, stored as rows of `vectors`.
        var vtb = [Double](repeating: 0, count: n * m)
        BLAS.exclusive {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(m), Int32(n),
                        1, vectors, Int32(n), rhs, Int32(m), 0, &vtb, Int32(m))
        }
        for j in 0..<n {
            let scale = values[j] > cutoff * largest && values[j] > 0 ? 1 / values[j] : 0
            for c in 0..<m { vtb[j * m + c] *= scale }
        }
        var out = [Double](repeating: 0, count: n * m)
        BLAS.exclusive {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(m), Int32(n),
                        1, vectors, Int32(n), vtb, Int32(m), 0, &out, Int32(m))
        }
        return out
    }

    /// The smallest-norm δ (length p) with P δ = r, for P m×p row-major (least squares when
    /// the rows are inconsistent): δ = Pᵀ (P Pᵀ)⁺ r.
    public static func minimumNorm(_ p: [Double], rows m: Int, columns n: Int, target r: [Double]) throws -> [Double] {
        guard m > 0, n > 0, p.count == m * n, r.count == m else {
            throw ModelError("minimum-norm solve: inconsistent shapes")
        }
        var ppt = [Double](repeating: 0, count: m * m)
        BLAS.exclusive {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(m), Int32(n),
                        1, p, Int32(n), p, Int32(n), 0, &ppt, Int32(m))
        }
        let y = try solveSymmetric(ppt, n: m, rhs: r, columns: 1, cutoff: 1e-10)
        var out = [Double](repeating: 0, count: n)
        BLAS.exclusive { cblas_dgemv(CblasRowMajor, CblasTrans, Int32(m), Int32(n), 1, p, Int32(n), y, 1, 0, &out, 1) }
        return out
    }

    /// Coefficient of determination of predictions against targets (1 is perfect; 0 is
    /// no better than the targets' mean). A constant target gives 1 when matched exactly.
    public static func rSquared(predicted: [Double], actual: [Double]) -> Double {
        guard !actual.isEmpty, predicted.count == actual.count else { return 0 }
        let mean = actual.reduce(0, +) / Double(actual.count)
        var residual = 0.0, total = 0.0
        for i in 0..<actual.count {
            residual += (actual[i] - predicted[i]) * (actual[i] - predicted[i])
            total += (actual[i] - mean) * (actual[i] - mean)
        }
        if total <= 0 { return residual <= 1e-18 ? 1 : 0 }
        return 1 - residual / total
    }
}
