// MARK: - Training with priors
//
// The one place the priors' side calls the trainer with `TrainingPriors`, so the study,
// the language and the tests share it. Models whose training unrolls their own
// predictions add the penalties to their multi-step loss; others refuse with an error.

public enum PriorTraining {
    /// Trains `model` on `dataset` with `priors` added to its multi-step loss.
    @discardableResult
    public static func train(_ model: any TrainableModel, on dataset: Dataset, options: TrainingOptions, priors: TrainingPriors,
                             progress: (TrainingProgress) throws -> Void = { _ in }) throws -> TrainingReport {
        try Trainer.train(model, on: dataset, options: options, priors: priors, progress: progress)
    }
}
