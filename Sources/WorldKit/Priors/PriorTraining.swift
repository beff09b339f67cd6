// MARK: - Training with priors
//
// The one place the priors' side calls the trainer with `TrainingPriors`, so the study,
// the language and the tests share it.

public enum PriorTraining {
    /// Trains `model` on `dataset` with `priors` added to its multi-step loss.
    @discardableResult
    public static func train(_ model: any TrainableModel, on dataset: Dataset, options: TrainingOptions, priors: TrainingPriors,
                             progress: (TrainingProgress) throws -> Void = { _ in }) throws -> TrainingReport {
        throw ModelError("\(model.kind) cannot train with priors in this build: the trainer does not take priors yet")
    }
}
