// MARK: - The latent model under the common trainer
//
// The latent model's fit is closed-form (PCA by eigendecomposition, dynamics and
// probes by ridge least squares), so there is nothing for gradient steps to do: the
// session fits once on the dataset's training rollouts, reports the one-step latent
// error as its loss (a flat curve; the trainer stops after its patience) and
// installs the fit when the trainer finishes. `train(latent, data)` then works
// like for every other model.

/// The trainer's view of a latent model: one closed-form fit, no trainable tensors.
final class LatentFitSession: TrainingSession {
    private let model: LatentModel
    private let fitted: LatentModel
    private let fitReport: LatentTrainingReport
    let trainingExampleCount: Int

    init(model: LatentModel, dataset: Dataset) throws {
        self.model = model
        fitted = try LatentModel(dim: model.dim, frameWidth: model.frameWidth)
        fitReport = try fitted.fit(training: dataset.trainingIndices.map { dataset.rollouts[$0] },
                                   heldOut: dataset.heldOutIndices.map { dataset.rollouts[$0] })
        trainingExampleCount = dataset.trainingIndices.reduce(0) { $0 + max(0, dataset.rollouts[$1].states.count - 2) }
    }

    var parameters: [Matrix] {
        get { [] }
        set {}
    }

    func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        (fitReport.trainingStepError, [])
    }

    func trainingLoss() throws -> Double? { fitReport.trainingStepError }

    func heldOutLoss() throws -> Double? {
        fitReport.heldOutSequences > 0 ? fitReport.heldOutStepError : nil
    }

    func finish(report: TrainingReport) throws {
        model.adopt(fitted, trainingReport: report)
    }
}

extension LatentModel: TrainableModel {
    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try LatentFitSession(model: self, dataset: dataset)
    }
}
