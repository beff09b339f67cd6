#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Activations

@inline(__always) func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }

/// A hidden layer's non-linearity.
public enum Activation: String, Hashable, Sendable, Codable, CaseIterable {
    case tanh
    case relu
    /// The identity (output layers).
    case linear

    /// The activation applied to one pre-activation value.
    @inline(__always) public func apply(_ x: Double) -> Double {
        switch self {
        case .tanh: return hyperbolicTangent(x)
        case .relu: return x > 0 ? x : 0
        case .linear: return x
        }
    }

    /// The derivative, written in terms of the activation's output `y` (cheaper for tanh).
    @inline(__always) public func derivative(output y: Double) -> Double {
        switch self {
        case .tanh: return 1 - y * y
        case .relu: return y > 0 ? 1 : 0
        case .linear: return 1
        }
    }

    /// The initialisation that suits this activation.
    public var initialization: Initialization { self == .relu ? .he : .xavier }
}
