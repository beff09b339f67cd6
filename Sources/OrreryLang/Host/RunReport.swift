// MARK: - Results of running scripts

/// How running a whole file ended.
public enum RunOutcome: Sendable {
    /// Ran to the end; `expectFailures` may still be non-empty.
    case success
    /// Syntax or resolve errors; nothing ran (exit 65).
    case scriptErrors([Diagnostic])
    /// A runtime error stopped the script (exit 70).
    case runtimeError(RuntimeError)
}

/// The outcome of one `test` block.
public struct TestResult: Sendable {
    public var name: String
    public var file: String
    public var range: SourceRange
    public var failures: [ExpectFailure]
    public var error: RuntimeError?
    /// For a statistical test: its tally. Its samples' failures are in `sweep.failedSamples`.
    public var sweep: SweepResult? = nil
    /// Wall-clock seconds the test took (all its samples in this run).
    public var seconds: Double = 0
    public var passed: Bool {
        guard error == nil else { return false }
        if let sweep { return sweep.meetsThreshold }
        return failures.isEmpty
    }
}

/// Everything `Engine.run` / `Engine.test` found out about one file.
public struct FileRunReport: Sendable {
    public var outcome: RunOutcome
    /// Failed top-level `expect`s.
    public var expectFailures: [ExpectFailure]
    /// Test results; empty for `run`.
    public var tests: [TestResult]

    public init(outcome: RunOutcome, expectFailures: [ExpectFailure] = [], tests: [TestResult] = []) {
        self.outcome = outcome
        self.expectFailures = expectFailures
        self.tests = tests
    }
}
