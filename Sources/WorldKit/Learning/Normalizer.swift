// MARK: - Feature standardisation

/// Per-column standardisation `(x - mean) / scale`, fitted on training data.
/// Columns with (near) zero spread get scale 1, so constant features pass through.
public struct Normalizer: Hashable, Sendable {
    /// 1×n.
    public var mean: Matrix
    /// 1×n, every entry positive.
    public var scale: Matrix

    /// Smallest spread treated as a real spread.
    public static let minimumScale = 1e-8

    /// The identity for `width` columns.
    public init(width: Int) {
        mean = Matrix(rows: 1, cols: width)
        scale = Matrix(rows: 1, cols: width, repeating: 1)
    }

    /// From saved tensors; throws unless both are 1×n with positive finite scales.
    public init(mean: Matrix, scale: Matrix) throws {
        guard mean.rows == 1, scale.rows == 1, mean.cols == scale.cols,
              scale.values.allSatisfy({ $0.isFinite && $0 > 0 }), mean.values.allSatisfy(\.isFinite) else {
            throw ModelError("normaliser tensors must be 1×n with positive finite scales")
        }
        self.mean = mean
        self.scale = scale
    }

    /// Fitted to the columns of `data` (population standard deviation).
    public init(fitting data: Matrix) {
        let n = data.cols
        var mu = [Double](repeating: 0, count: n), sd = [Double](repeating: 0, count: n)
        if data.rows > 0 {
            for r in 0..<data.rows { for c in 0..<n { mu[c] += data[r, c] } }
            for c in 0..<n { mu[c] /= Double(data.rows) }
            for r in 0..<data.rows { for c in 0..<n { let d = data[r, c] - mu[c]; sd[c] += d * d } }
            for c in 0..<n { sd[c] = (sd[c] / Double(data.rows)).squareRoot() }
        }
        mean = Matrix(row: mu)
        scale = Matrix(row: sd.map { $0 > Normalizer.minimumScale && $0.isFinite ? $0 : 1 })
    }

    /// Fitted to the columns of `data`, where the columns `siblings` are the components of one
    /// vector in the same units: a sibling that was constant in training takes the smallest
    /// scale of the siblings that spread, instead of 1 (siblings that spread keep their own).
    /// As a target normaliser this matters: a loss in standardised units weighs a column's
    /// errors by 1 / scale², so a constant y (a ball rolling on the ground) at scale 1 beside
    /// an x of spread 4e-4 was weighed millions of times less, never trained, and the random
    /// initialisation's output of order one came back as tenths of a metre per step.
    public init(fitting data: Matrix, siblings: Range<Int>) {
        self.init(fitting: data)
        let cols = siblings.clamped(to: 0..<data.cols)
        guard data.rows > 0 else { return }
        var spread: [Double] = []
        var constant: [Int] = []
        for c in cols {
            var sum = 0.0
            for r in 0..<data.rows { let d = data[r, c] - mean.values[c]; sum += d * d }
            let sd = (sum / Double(data.rows)).squareRoot()
            if sd > Normalizer.minimumScale && sd.isFinite { spread.append(sd) } else { constant.append(c) }
        }
        guard let smallest = spread.min() else { return }
        for c in constant { scale.values[c] = smallest }
    }

    public var width: Int { mean.cols }

    /// Standardised rows.
    public func apply(_ x: Matrix) -> Matrix {
        var out = x
        for r in 0..<x.rows {
            for c in 0..<x.cols { out[r, c] = (x[r, c] - mean.values[c]) / scale.values[c] }
        }
        return out
    }

    /// One standardised row.
    public func apply(_ x: [Double]) -> [Double] {
        var out = x
        for c in 0..<x.count { out[c] = (x[c] - mean.values[c]) / scale.values[c] }
        return out
    }

    /// Back to original units.
    public func invert(_ y: [Double]) -> [Double] {
        var out = y
        for c in 0..<y.count { out[c] = y[c] * scale.values[c] + mean.values[c] }
        return out
    }

    /// Back to original units, for a batch.
    public func invert(_ y: Matrix) -> Matrix {
        var out = y
        for r in 0..<y.rows {
            for c in 0..<y.cols { out[r, c] = y[r, c] * scale.values[c] + mean.values[c] }
        }
        return out
    }
}
