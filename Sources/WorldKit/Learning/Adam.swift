#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Adam
//
// Kingma & Ba (2015), with bias correction, over a list of parameter matrices.
// The moment buffers are created on the first update from the parameters' shapes.

/// The Adam optimiser over a fixed list of parameter tensors.
public struct Adam: Hashable, Sendable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Updates taken so far (for bias correction).
    public private(set) var stepCount: Int = 0
    private var m: [[Double]] = []
    private var v: [[Double]] = []

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One update of `parameters` against `gradients` (same shapes, same order).
    public mutating func update(_ parameters: inout [Matrix], gradients: [Matrix]) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if m.count != parameters.count {
            m = parameters.map { [Double](repeating: 0, count: $0.count) }
            v = m
        }
        stepCount &+= 1
        let t = Double(stepCount)
        let c1 = 1 - pow(beta1, t), c2 = 1 - pow(beta2, t)
        let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon
        for p in 0..<parameters.count {
            precondition(parameters[p].count == gradients[p].count && m[p].count == gradients[p].count,
                         "gradient shape mismatch")
            gradients[p].values.withUnsafeBufferPointer { g in
                m[p].withUnsafeMutableBufferPointer { mp in
                    v[p].withUnsafeMutableBufferPointer { vp in
                        parameters[p].values.withUnsafeMutableBufferPointer { w in
                            for i in 0..<g.count {
                                mp[i] = b1 * mp[i] + (1 - b1) * g[i]
                                vp[i] = b2 * vp[i] + (1 - b2) * g[i] * g[i]
                                let mHat = mp[i] / c1, vHat = vp[i] / c2
                                w[i] -= lr * mHat / (vHat.squareRoot() + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Gradient clipping

public enum GradientClipping {
    /// The Euclidean norm of all gradients taken together.
    public static func globalNorm(_ gradients: [Matrix]) -> Double {
        gradients.reduce(0) { $0 + $1.sumOfSquares }.squareRoot()
    }

    /// Scales all gradients down together so their global norm is at most `maxNorm`;
    /// returns the norm before clipping. Non-finite norms zero the gradients (skip the step).
    @discardableResult
    public static func clip(_ gradients: inout [Matrix], maxNorm: Double) -> Double {
        let norm = globalNorm(gradients)
        if !norm.isFinite {
            for i in 0..<gradients.count { gradients[i] = Matrix(rows: gradients[i].rows, cols: gradients[i].cols) }
            return norm
        }
        if norm > maxNorm, norm > 0 {
            let s = maxNorm / norm
            for i in 0..<gradients.count { gradients[i] = gradients[i] * s }
        }
        return norm
    }
}
