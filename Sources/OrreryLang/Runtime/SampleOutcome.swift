/// How one sample of a statistical test went.
public enum SampleOutcome: Sendable, Equatable {
    case passed
    /// A failed `expect` or an error, as the test's failure line says it.
    case failed(String)
    /// An `assume` did not hold: not a trial.
    case skipped
}

/// A candidate a sample search ran, with what reproduces it.
public struct SearchedSample {
    public var outcome: SampleOutcome
    /// The seed to report beside a failure.
    public var seed: UInt64
    public init(outcome: SampleOutcome, seed: UInt64) {
        self.outcome = outcome
        self.seed = seed
    }
}
