// MARK: - The latent model under the common trainer
//
// The encoder, the probes and the linear part of the dynamics are closed-form (PCA
// by eigendecomposition, ridge least squares), fitted once when the session is made.
// What the trainer's epochs learn is an MLP correction of the latent dynamics: from
// [z_t, z_{t−1}] to the part of z_{t+1} the linear map misses (translation of a
// blob in PCA space is not linear). `train(latent, data)` works like for every model.

/// The trainer's view of a latent model: the closed-form fit once, then Adam on the
/// correction MLP of the latent dynamics.
final class LatentFitSession: TrainingSession {
    private let model: LatentModel
    private let fitted: LatentModel
    private let regression: RegressionSession

    init(model: LatentModel, dataset: Dataset, seed: UInt64) throws {
        self.model = model
        let fitted = try LatentModel(dim: model.dim, frameWidth: model.frameWidth, hidden: model.hidden, color: model.color)
        let trainSet = dataset.trainingIndices.map { dataset.rollouts[$0] }
        let heldSet = dataset.heldOutIndices.map { dataset.rollouts[$0] }
        try fitted.fit(training: trainSet, heldOut: heldSet)
        // Examples: [z_t, z_{t-1}] → what the ridge dynamics miss of z_{t+1}.
        let k = model.dim
        func examples(_ rollouts: [Rollout]) throws -> RegressionExamples {
            var out = RegressionExamples(inputWidth: 2 * k, targetWidth: k)
            for seq in try fitted.codes(of: rollouts) where seq.count >= 3 {
                for t in 1..<(seq.count - 1) {
                    let linear = fitted.linearAdvance(seq[t], seq[t - 1])
                    out.append(input: seq[t] + seq[t - 1], target: (0..<k).map { seq[t + 1][$0] - linear[$0] })
                }
            }
            return out
        }
        var random = RandomStream(seed: seed)
        let network = try MLP(sizes: [2 * k, model.hidden, model.hidden, k], activation: .tanh, random: &random)
        regression = try RegressionSession(network: network, training: examples(trainSet), heldOut: examples(heldSet)) {
            [weak fitted] net, input, target, _ in fitted?.correction = (net, input, target)
        }
        self.fitted = fitted
    }

    var trainingExampleCount: Int { regression.trainingExampleCount }

    var parameters: [Matrix] {
        get { regression.parameters }
        set { regression.parameters = newValue }
    }

    func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        try regression.lossAndGradients(examples: examples)
    }

    func heldOutLoss() throws -> Double? { try regression.heldOutLoss() }

    func finish(report: TrainingReport) throws {
        try regression.finish(report: report)
        model.adopt(fitted, trainingReport: report)
    }
}

extension LatentModel: TrainableModel {
    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try LatentFitSession(model: self, dataset: dataset, seed: seed)
    }

    public func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate? {
        try memoryEstimate(training: dataset.trainingIndices.map { dataset.rollouts[$0] },
                           heldOut: dataset.heldOutIndices.map { dataset.rollouts[$0] })
    }

    /// What fitting on these rollouts will allocate, from their sizes alone (one frame is
    /// drawn for its height). In doubles, with n_t training and n_h held-out frames of d
    /// pixels, k = dim, m = min(d, n_t), b = probed bodies:
    /// - frames: (n_t + n_h)·d, the flat training matrix n_t·d and PCA's centred copy n_t·d;
    /// - PCA: the m×m covariance (or Gram) matrix and the eigensolver's copy, 2·m², and
    ///   the k×d components;
    /// - codes, regression and probe rows, the correction's examples:
    ///   (n_t + n_h)·4k + n_t·(5k + 2 + 4b).
    /// Fitting also keeps short-lived per-frame buffers; those are a frame or two.
    func memoryEstimate(training: [Rollout], heldOut: [Rollout]) throws -> MemoryEstimate? {
        guard let first = training.first, let state = first.states.first else { return nil }
        let height = try frame(scene: first.scene, state: state).height
        let d = frameWidth * height * channels
        let nt = training.reduce(0) { $0 + $1.states.count }
        let nh = heldOut.reduce(0) { $0 + $1.states.count }
        let k = dim, m = min(d, nt)
        let b = Set((training + heldOut).flatMap { $0.scene.bodies.map(\.name) }).count
        // In Double so that no product can overflow; the result is clamped to Int.
        let frames = Double(3 * nt + nh) * Double(d)
        let pca = 2 * Double(m) * Double(m) + Double(k) * Double(d)
        let rows = Double(nt + nh) * Double(4 * k) + Double(nt) * Double(5 * k + 2 + 4 * b)
        let bytes = (frames + pca + rows) * Double(MemoryLayout<Double>.size)
        return MemoryEstimate(bytes: bytes < Double(Int.max) ? Int(bytes) : Int.max,
                              detail: "\(nt + nh) frames of \(frameWidth)×\(height) \(color ? "RGB " : "")pixels, dim \(dim)")
    }
}
