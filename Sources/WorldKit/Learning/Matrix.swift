import CBLAS

// MARK: - Matrix
//
// A dense row-major matrix of doubles: the one tensor type of the learning kit.
// Products go through OpenBLAS (`cblas_dgemm`, `cblas_dgemv`); element-wise work
// is plain Swift. OpenBLAS runs single-threaded (see `BLAS.configure`) so every
// product sums in the same order on any machine and results are bit-identical.

/// A dense row-major matrix of `Double`s.
public struct Matrix: Hashable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    /// `rows * cols` values, row after row.
    public var values: [Double]

    /// A matrix filled with one value. Negative sizes count as zero.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
        values = Array(repeating: value, count: self.rows * self.cols)
    }

    /// A matrix over existing values; throws unless `values.count == rows * cols`.
    public init(rows: Int, cols: Int, values: [Double]) throws {
        let (total, overflow) = rows.multipliedReportingOverflow(by: cols)
        guard rows >= 0, cols >= 0, !overflow, total == values.count else {
            throw ModelError("a \(rows)×\(cols) matrix needs \(rows &* cols) values, got \(values.count)")
        }
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix whose shape is known to match (internal use: shapes come from code, not data).
    init(rows: Int, cols: Int, unchecked values: [Double]) {
        precondition(values.count == rows * cols, "matrix shape mismatch")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A 1×n row vector.
    public init(row: [Double]) {
        self.init(rows: 1, cols: row.count, unchecked: row)
    }

    /// A matrix from equally long rows; throws when rows differ in length.
    public init(rowArrays: [[Double]]) throws {
        let c = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == c }) else { throw ModelError("rows of different lengths") }
        self.init(rows: rowArrays.count, cols: c, unchecked: rowArrays.flatMap { $0 })
    }

    // MARK: - Access

    @inlinable public subscript(r: Int, c: Int) -> Double {
        get { values[r * cols + c] }
        set { values[r * cols + c] = newValue }
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Double] {
        Array(values[(r * cols)..<((r + 1) * cols)])
    }

    /// The rows at `indices`, in that order (a minibatch).
    public func gatherRows(_ indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * cols)
        for i in indices { out.append(contentsOf: values[(i * cols)..<((i + 1) * cols)]) }
        return Matrix(rows: indices.count, cols: cols, unchecked: out)
    }

    public var count: Int { values.count }
    public var shape: [Int] { [rows, cols] }

    /// The transpose (a copy).
    public var transposed: Matrix {
        var out = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { out.values[c * rows + r] = values[r * cols + c] }
        }
        return out
    }

    // MARK: - Element-wise

    /// Applies `f` to every element.
    public func map(_ f: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, cols: cols, unchecked: values.map(f))
    }

    /// Sum of squares of all elements.
    public var sumOfSquares: Double {
        var s = 0.0
        for v in values { s += v * v }
        return s
    }

    /// Adds a 1×cols row vector to every row.
    public mutating func addRow(_ bias: Matrix) {
        precondition(bias.count == cols, "bias width mismatch")
        values.withUnsafeMutableBufferPointer { v in
            bias.values.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let base = r * cols
                    for c in 0..<cols { v[base + c] += b[c] }
                }
            }
        }
    }

    /// Column sums as a 1×cols row vector (bias gradients).
    public func columnSums() -> Matrix {
        var out = [Double](repeating: 0, count: cols)
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                let base = r * cols
                for c in 0..<cols { out[c] += v[base + c] }
            }
        }
        return Matrix(row: out)
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols, "shape mismatch")
        var out = a
        for i in 0..<out.values.count { out.values[i] += b.values[i] }
        return out
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols, "shape mismatch")
        var out = a
        for i in 0..<out.values.count { out.values[i] -= b.values[i] }
        return out
    }

    public static func * (a: Matrix, s: Double) -> Matrix { a.map { $0 * s } }

    /// Element-wise product.
    public func hadamard(_ b: Matrix) -> Matrix {
        precondition(rows == b.rows && cols == b.cols, "shape mismatch")
        var out = self
        for i in 0..<out.values.count { out.values[i] *= b.values[i] }
        return out
    }

    // MARK: - Products (BLAS)

    /// `c = alpha · op(a) · op(b) + beta · c` through `cblas_dgemm`; `c` must already have the result's shape.
    public static func gemm(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
                            alpha: Double = 1, beta: Double = 0, into c: inout Matrix) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb && c.rows == m && c.cols == n, "gemm shape mismatch")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // BLAS leaves c scaled by beta when the inner dimension is empty; do it here to skip the call.
            for i in 0..<c.values.count { c.values[i] *= beta }
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    BLAS.exclusive {
                        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                                    transposeB ? CblasTrans : CblasNoTrans,
                                    Int32(m), Int32(n), Int32(k), alpha,
                                    pa.baseAddress, Int32(max(1, a.cols)),
                                    pb.baseAddress, Int32(max(1, b.cols)),
                                    beta, pc.baseAddress, Int32(max(1, n)))
                    }
                }
            }
        }
    }

    /// `op(a) · op(b)`.
    public static func product(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        var c = Matrix(rows: transposeA ? a.cols : a.rows, cols: transposeB ? b.rows : b.cols)
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// `a · b`.
    public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, b) }

    /// `op(self) · x` through `cblas_dgemv`.
    public func times(_ x: [Double], transpose: Bool = false) -> [Double] {
        let outCount = transpose ? cols : rows
        let inCount = transpose ? rows : cols
        precondition(x.count == inCount, "gemv shape mismatch")
        var y = [Double](repeating: 0, count: outCount)
        if outCount == 0 || inCount == 0 { return y }
        values.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.exclusive {
                        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols),
                                    1, pa.baseAddress, Int32(max(1, cols)), px.baseAddress, 1, 0, py.baseAddress, 1)
                    }
                }
            }
        }
        return y
    }
}
