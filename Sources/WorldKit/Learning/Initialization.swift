// MARK: - Weight initialisation
//
// Every weight comes from a `RandomStream` whose seed the caller passes in, so a
// model trained twice with the same seed starts from the same weights.

/// How a layer's weights are drawn.
public enum Initialization: String, Hashable, Sendable, Codable {
    /// Glorot/Xavier uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)); for tanh layers.
    case xavier
    /// He/Kaiming normal: N(0, sqrt(2 / fanIn)); for ReLU layers.
    case he

    /// A `fanIn`×`fanOut` weight matrix drawn from `random`.
    public func weights(fanIn: Int, fanOut: Int, random: inout RandomStream) -> Matrix {
        var m = Matrix(rows: fanIn, cols: fanOut)
        switch self {
        case .xavier:
            let limit = (6.0 / Double(max(1, fanIn + fanOut))).squareRoot()
            for i in 0..<m.values.count { m.values[i] = random.uniform(-limit, limit) }
        case .he:
            let sigma = (2.0 / Double(max(1, fanIn))).squareRoot()
            for i in 0..<m.values.count { m.values[i] = random.normal(0, sigma) }
        }
        return m
    }
}
