// MARK: - Regression training session
//
// The common case of a training problem: one MLP maps feature rows to target
// rows under a mean-squared error, with inputs and targets standardised by
// normalisers fitted on the training rows. The window, memory and hybrid models
// all learn this way; they differ in the features they build.

/// Feature rows and target rows for one split.
public struct RegressionExamples: Sendable {
    public var inputs: [Double] = []
    public var targets: [Double] = []
    public let inputWidth: Int
    public let targetWidth: Int

    public init(inputWidth: Int, targetWidth: Int) {
        self.inputWidth = inputWidth
        self.targetWidth = targetWidth
    }

    public var count: Int { inputWidth > 0 ? inputs.count / inputWidth : 0 }

    /// Adds one example; both rows must have the declared widths.
    public mutating func append(input: [Double], target: [Double]) {
        precondition(input.count == inputWidth && target.count == targetWidth, "example width mismatch")
        inputs.append(contentsOf: input)
        targets.append(contentsOf: target)
    }

    public var inputMatrix: Matrix { Matrix(rows: count, cols: inputWidth, unchecked: inputs) }
    public var targetMatrix: Matrix { Matrix(rows: count, cols: targetWidth, unchecked: targets) }
}

/// Trains one MLP on standardised (input, target) rows with a mean-squared error.
public final class RegressionSession: TrainingSession {
    public private(set) var network: MLP
    public let inputNormalizer: Normalizer
    public let targetNormalizer: Normalizer
    private let x: Matrix, y: Matrix
    private let heldX: Matrix, heldY: Matrix
    private let onFinish: (MLP, Normalizer, Normalizer, TrainingReport) throws -> Void

    /// Fits the normalisers on `training`; `onFinish` receives the trained network and normalisers.
    public init(network: MLP, training: RegressionExamples, heldOut: RegressionExamples,
                onFinish: @escaping (MLP, Normalizer, Normalizer, TrainingReport) throws -> Void) throws {
        guard training.inputWidth == network.inputSize, training.targetWidth == network.outputSize,
              heldOut.inputWidth == network.inputSize, heldOut.targetWidth == network.outputSize else {
            throw ModelError("examples do not fit the network (\(training.inputWidth) → \(training.targetWidth) vs \(network.inputSize) → \(network.outputSize))")
        }
        let rawX = training.inputMatrix, rawY = training.targetMatrix
        guard rawX.values.allSatisfy(\.isFinite), rawY.values.allSatisfy(\.isFinite) else {
            throw ModelError("training examples contain non-finite values")
        }
        self.network = network
        inputNormalizer = Normalizer(fitting: rawX)
        targetNormalizer = Normalizer(fitting: rawY)
        x = inputNormalizer.apply(rawX)
        y = targetNormalizer.apply(rawY)
        heldX = inputNormalizer.apply(heldOut.inputMatrix)
        heldY = targetNormalizer.apply(heldOut.targetMatrix)
        self.onFinish = onFinish
    }

    public var trainingExampleCount: Int { x.rows }

    public var parameters: [Matrix] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    public func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        let bx = x.gatherRows(examples), by = y.gatherRows(examples)
        let trace = network.forwardTrace(bx)
        var diff = trace.output - by
        let loss = diff.sumOfSquares / Double(max(1, diff.count))
        // d/dŷ of mean((ŷ - y)²) is 2(ŷ - y) / count.
        let scale = 2 / Double(max(1, diff.count))
        diff = diff * scale
        let grads = network.backward(trace, outputGradient: diff)
        return (loss, grads.parameters)
    }

    /// Rows per forward pass when evaluating, so memory stays bounded on large held-out sets.
    static let evaluationChunk = 4096

    public func heldOutLoss() throws -> Double? {
        guard heldX.rows > 0 else { return nil }
        var sum = 0.0
        var start = 0
        while start < heldX.rows {
            let rows = Array(start..<min(heldX.rows, start + RegressionSession.evaluationChunk))
            sum += (network.forward(heldX.gatherRows(rows)) - heldY.gatherRows(rows)).sumOfSquares
            start += rows.count
        }
        return sum / Double(max(1, heldY.count))
    }

    public func finish(report: TrainingReport) throws {
        try onFinish(network, inputNormalizer, targetNormalizer, report)
    }

    /// Mean of squared differences over all elements.
    public static func meanSquaredError(_ a: Matrix, _ b: Matrix) -> Double {
        (a - b).sumOfSquares / Double(max(1, a.count))
    }
}
