// MARK: - Interaction network (Battaglia et al., 2016)
//
// For every ordered pair (receiver i, sender j) a relational MLP maps the pair's
// features (relative position and velocity, sizes, gap, whether the sender is
// static) to an effect vector; the effects arriving at each receiver are summed;
// an object MLP maps (the receiver's own features, summed effect, gravity) to the
// receiver's change of velocity. Walls and the ground are senders like any other
// object. Everything is batched: all relations of a minibatch go through the
// relational MLP in one BLAS gemm per layer, all receivers through the object
// MLP in another.

/// Feature rows for a batch of interaction-network evaluations.
public struct InteractionBatch: Sendable {
    /// R×`relationWidth`, normalised.
    public var relations: Matrix
    /// For each relation row, the object row (receiver) its effect goes to.
    public var receivers: [Int]
    /// O×`objectWidth`, normalised (the summed effect is appended inside the network).
    public var objects: Matrix
    /// O×2 normalised Δv targets (empty for prediction).
    public var targets: Matrix

    public init(relations: Matrix, receivers: [Int], objects: Matrix, targets: Matrix) {
        self.relations = relations
        self.receivers = receivers
        self.objects = objects
        self.targets = targets
    }
}

/// The two MLPs of an interaction network and their batched forward and backward passes.
public struct InteractionNetwork: Hashable, Sendable {
    /// dx, dy, unit normal (x, y), dvx, dvy, approach speed along the normal, receiver
    /// half-size (x, y), sender half-size (x, y), gap, gap after one step at the current
    /// approach speed, sender static, sender's log mass minus the receiver's, sender's share
    /// of the pair's mass, the impulse (x, y) a contact would give the receiver this step.
    public static let relationWidth = 18
    /// vx, vy, half-size (x, y), gravity (x, y), log mass, restitution, friction, spin.
    public static let objectWidth = 10
    /// Widths before material features (model-file format 1): refused with a clear message.
    static let formatOneWidths = (relation: 14, object: 6)
    /// The relation width before mass shares and impulses (model-file format 2): refused too.
    static let formatTwoRelationWidth = 15
    /// Output: Δvx, Δvy.
    public static let outputWidth = 2

    public var relational: MLP
    public var object: MLP
    public let effectWidth: Int

    /// Fresh weights: relational MLP relationWidth → hidden → hidden → effect (ReLU), object
    /// MLP (objectWidth + effect) → hidden → 2 (ReLU); `effect` defaults to `hidden`.
    public init(hidden: Int, effect: Int? = nil, random: inout RandomStream) throws {
        let e = effect ?? hidden
        relational = try MLP(sizes: [Self.relationWidth, hidden, hidden, e], activation: .relu, random: &random)
        object = try MLP(sizes: [Self.objectWidth + e, hidden, Self.outputWidth], activation: .relu, random: &random)
        effectWidth = e
    }

    /// A network from trained MLPs; throws unless their widths fit together.
    public init(relational: MLP, object: MLP) throws {
        if relational.inputSize == Self.formatOneWidths.relation {
            throw ModelError("objectnet model file: written before objectnet saw mass, restitution, friction and spin (format 1); retrain it and save it again")
        }
        if relational.inputSize == Self.formatTwoRelationWidth {
            throw ModelError("objectnet model file: written before objectnet saw collision impulses and mass shares (format 2); retrain it and save it again")
        }
        guard relational.inputSize == Self.relationWidth, object.outputSize == Self.outputWidth,
              object.inputSize == Self.objectWidth + relational.outputSize else {
            throw ModelError("interaction network: relational \(relational.inputSize)→\(relational.outputSize) and object \(object.inputSize)→\(object.outputSize) do not fit")
        }
        self.relational = relational
        self.object = object
        effectWidth = relational.outputSize
    }

    /// Trainable tensors: the relational MLP's, then the object MLP's.
    public var parameters: [Matrix] {
        get { relational.parameters + object.parameters }
        set {
            let k = relational.parameters.count
            relational.parameters = Array(newValue[..<k])
            object.parameters = Array(newValue[k...])
        }
    }

    /// Floating-point operations of one forward pass over R relations and O objects
    /// (multiply-adds of the dense layers count 2; element-wise work is not counted).
    public func forwardFlops(relations r: Int, objects o: Int) -> Double {
        let rel = relational.layers.reduce(0.0) { $0 + 2 * Double($1.inputs * $1.outputs) }
        let obj = object.layers.reduce(0.0) { $0 + 2 * Double($1.inputs * $1.outputs) }
        return Double(r) * rel + Double(o) * obj
    }

    /// Floating-point operations of one training step (forward, then backward: a weight
    /// gradient for every layer and an input gradient for every layer but the relational
    /// MLP's first, whose input is data).
    public func trainingFlops(relations r: Int, objects o: Int) -> Double {
        let first = relational.layers.first.map { 2 * Double(r * $0.inputs * $0.outputs) } ?? 0
        return 3 * forwardFlops(relations: r, objects: o) - first
    }

    // MARK: - Forward

    struct Trace {
        var relational: MLPTrace
        var object: MLPTrace
    }

    /// Normalised Δv for every object row.
    public func forward(_ batch: InteractionBatch) -> Matrix {
        trace(batch).object.output
    }

    func trace(_ batch: InteractionBatch) -> Trace {
        let rel = relational.forwardTrace(batch.relations)
        let effects = rel.output
        let o = batch.objects.rows, e = effectWidth, w = Self.objectWidth
        // Object input = [own features, Σ effects]; scatter-add effects into their receivers.
        var input = Matrix(rows: o, cols: w + e)
        input.values.withUnsafeMutableBufferPointer { dst in
            batch.objects.values.withUnsafeBufferPointer { src in
                for r in 0..<o { for c in 0..<w { dst[r * (w + e) + c] = src[r * w + c] } }
            }
            effects.values.withUnsafeBufferPointer { eff in
                for (k, r) in batch.receivers.enumerated() {
                    let base = r * (w + e) + w, from = k * e
                    for c in 0..<e { dst[base + c] += eff[from + c] }
                }
            }
        }
        return Trace(relational: rel, object: object.forwardTrace(input))
    }

    // MARK: - Loss and gradients

    /// Mean squared error of the predicted Δv against `batch.targets` (one row per moving
    /// body), and its gradient for every parameter.
    public func lossAndGradients(_ batch: InteractionBatch) -> (loss: Double, gradients: [Matrix]) {
        let t = trace(batch)
        var diff = t.object.output - batch.targets
        let count = Double(max(1, diff.count))
        let loss = diff.sumOfSquares / count
        diff = diff * (2 / count)
        return (loss, gradients(t, receivers: batch.receivers, outputGradient: diff))
    }

    /// The gradient of every parameter for a loss whose gradient with respect to the
    /// (normalised) outputs of `t` is `outputGradient`.
    func gradients(_ t: Trace, receivers: [Int], outputGradient: Matrix) -> [Matrix] {
        let objGrads = object.backward(t.object, outputGradient: outputGradient, wantInputGradient: true)
        // d loss / d effect of relation k = d loss / d (Σ effects) of its receiver.
        let e = effectWidth, w = Self.objectWidth
        var effectGrad = Matrix(rows: receivers.count, cols: e)
        if let inputGrad = objGrads.input {
            effectGrad.values.withUnsafeMutableBufferPointer { dst in
                inputGrad.values.withUnsafeBufferPointer { src in
                    for (k, r) in receivers.enumerated() {
                        let from = r * (w + e) + w, to = k * e
                        for c in 0..<e { dst[to + c] = src[from + c] }
                    }
                }
            }
        }
        let relGrads = relational.backward(t.relational, outputGradient: effectGrad)
        return relGrads.parameters + objGrads.parameters
    }
}
