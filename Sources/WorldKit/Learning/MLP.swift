// MARK: - Multi-layer perceptron
//
// Dense layers `y = act(x · W + b)` over minibatches (one example per row), a
// linear output layer, and exact backpropagation. The products go through BLAS;
// the element-wise parts are plain loops. Layers are values, so copying a network
// (to keep the best weights during training) is a copy.

/// One dense layer: `act(x · weights + bias)`.
public struct DenseLayer: Hashable, Sendable {
    /// `inputs`×`outputs`.
    public var weights: Matrix
    /// 1×`outputs`.
    public var bias: Matrix
    public var activation: Activation

    public init(weights: Matrix, bias: Matrix, activation: Activation) throws {
        guard bias.rows == 1, bias.cols == weights.cols else {
            throw ModelError("layer bias is \(bias.rows)×\(bias.cols), expected 1×\(weights.cols)")
        }
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    public var inputs: Int { weights.rows }
    public var outputs: Int { weights.cols }
}

/// What a forward pass keeps for the backward pass: the input and every layer's output.
public struct MLPTrace: Sendable {
    /// `activations[0]` is the input; `activations[i + 1]` is layer i's output.
    public var activations: [Matrix]
    /// The network's output.
    public var output: Matrix { activations[activations.count - 1] }
}

/// Gradients of a loss with respect to a network's parameters (and, on request, its input).
public struct MLPGradients: Sendable {
    /// In the order of `MLP.parameters`: weights₀, bias₀, weights₁, bias₁, …
    public var parameters: [Matrix]
    /// d loss / d input, when asked for (to chain networks, as an interaction network does).
    public var input: Matrix?
}

/// A fully connected network with a linear output layer.
public struct MLP: Hashable, Sendable {
    public var layers: [DenseLayer]

    /// A network with layer widths `sizes` (input first, output last), hidden layers
    /// using `activation`, weights drawn from `random` (Xavier for tanh, He for ReLU)
    /// and zero biases. Needs at least two sizes, all positive.
    public init(sizes: [Int], activation: Activation = .tanh, random: inout RandomStream) throws {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 && $0 <= MLP.maximumWidth }) else {
            throw ModelError("network sizes must be at least two widths in 1...\(MLP.maximumWidth), got \(sizes)")
        }
        var layers: [DenseLayer] = []
        for i in 0..<(sizes.count - 1) {
            let last = i == sizes.count - 2
            let act: Activation = last ? .linear : activation
            // The linear output layer is drawn like a tanh layer (variance-preserving).
            let scheme = last ? Initialization.xavier : activation.initialization
            layers.append(try DenseLayer(weights: scheme.weights(fanIn: sizes[i], fanOut: sizes[i + 1], random: &random),
                                         bias: Matrix(rows: 1, cols: sizes[i + 1]), activation: act))
        }
        self.layers = layers
    }

    /// A network from existing layers; throws unless consecutive widths match.
    public init(layers: [DenseLayer]) throws {
        guard !layers.isEmpty else { throw ModelError("a network needs at least one layer") }
        for i in 1..<max(1, layers.count) where layers[i].inputs != layers[i - 1].outputs {
            throw ModelError("layer \(i) takes \(layers[i].inputs) inputs but layer \(i - 1) gives \(layers[i - 1].outputs)")
        }
        self.layers = layers
    }

    /// The widest layer accepted (a guard against absurd sizes from files or scripts).
    public static let maximumWidth = 1 << 16

    public var inputSize: Int { layers.first?.inputs ?? 0 }
    public var outputSize: Int { layers.last?.outputs ?? 0 }
    /// Number of trainable scalars.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weights.count + $1.bias.count } }

    // MARK: - Forward

    /// The outputs for a batch (one example per row).
    public func forward(_ x: Matrix) -> Matrix {
        forwardTrace(x).output
    }

    /// The output for one example.
    public func forward(_ x: [Double]) -> [Double] {
        forward(Matrix(row: x)).values
    }

    /// A forward pass that keeps every layer's output for `backward`.
    public func forwardTrace(_ x: Matrix) -> MLPTrace {
        precondition(x.cols == inputSize, "network expects \(inputSize) inputs, got \(x.cols)")
        var activations = [x]
        activations.reserveCapacity(layers.count + 1)
        var current = x
        for layer in layers {
            var z = Matrix(rows: current.rows, cols: layer.outputs)
            Matrix.gemm(current, layer.weights, into: &z)
            z.addRow(layer.bias)
            if layer.activation != .linear {
                let act = layer.activation
                z.values.withUnsafeMutableBufferPointer { v in
                    for i in 0..<v.count { v[i] = act.apply(v[i]) }
                }
            }
            activations.append(z)
            current = z
        }
        return MLPTrace(activations: activations)
    }

    // MARK: - Backward

    /// Backpropagates `outputGradient` (d loss / d output, same shape as the output)
    /// through the pass recorded in `trace`. Gradients are sums over the batch rows:
    /// scale the output gradient to get a mean.
    public func backward(_ trace: MLPTrace, outputGradient: Matrix, wantInputGradient: Bool = false) -> MLPGradients {
        precondition(trace.activations.count == layers.count + 1, "trace from another network")
        var grads = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: 2 * layers.count)
        var delta = outputGradient
        var inputGradient: Matrix? = nil
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[i]
            let y = trace.activations[i + 1]
            if layer.activation != .linear {
                let act = layer.activation
                delta.values.withUnsafeMutableBufferPointer { d in
                    y.values.withUnsafeBufferPointer { yv in
                        for j in 0..<d.count { d[j] *= act.derivative(output: yv[j]) }
                    }
                }
            }
            let x = trace.activations[i]
            var gw = Matrix(rows: layer.inputs, cols: layer.outputs)
            Matrix.gemm(x, transposeA: true, delta, into: &gw)
            grads[2 * i] = gw
            grads[2 * i + 1] = delta.columnSums()
            if i > 0 || wantInputGradient {
                var next = Matrix(rows: delta.rows, cols: layer.inputs)
                Matrix.gemm(delta, layer.weights, transposeB: true, into: &next)
                if i == 0 { inputGradient = next } else { delta = next }
            }
        }
        return MLPGradients(parameters: grads, input: inputGradient)
    }

    // MARK: - Parameters

    /// Weights and biases in a fixed order: weights₀, bias₀, weights₁, bias₁, …
    public var parameters: [Matrix] {
        get { layers.flatMap { [$0.weights, $0.bias] } }
        set {
            precondition(newValue.count == 2 * layers.count, "parameter count mismatch")
            for i in 0..<layers.count {
                precondition(newValue[2 * i].shape == layers[i].weights.shape
                             && newValue[2 * i + 1].shape == layers[i].bias.shape, "parameter shape mismatch")
                layers[i].weights = newValue[2 * i]
                layers[i].bias = newValue[2 * i + 1]
            }
        }
    }

    /// Named tensors for a model file: `prefix.w0`, `prefix.b0`, …
    public func tensors(prefix: String) -> [(name: String, value: Matrix)] {
        var out: [(String, Matrix)] = []
        for (i, l) in layers.enumerated() {
            out.append(("\(prefix).w\(i)", l.weights))
            out.append(("\(prefix).b\(i)", l.bias))
        }
        return out
    }

    /// Rebuilds a network saved by `tensors(prefix:)`: hidden layers use `activation`, the last is linear.
    public init(tensors: [String: Matrix], prefix: String, activation: Activation) throws {
        var layers: [DenseLayer] = []
        var i = 0
        while let w = tensors["\(prefix).w\(i)"] {
            guard let b = tensors["\(prefix).b\(i)"] else { throw ModelError("tensor '\(prefix).b\(i)' is missing") }
            layers.append(try DenseLayer(weights: w, bias: b, activation: activation))
            i += 1
        }
        guard !layers.isEmpty else { throw ModelError("tensor '\(prefix).w0' is missing") }
        layers[layers.count - 1].activation = .linear
        try self.init(layers: layers)
    }
}
