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

/// A runtime error: message, where it was raised, and the script frames it passed through.
public struct RuntimeError: Error, Sendable {
    public var message: String
    public var range: SourceRange
    /// Innermost first: each frame names a function and the call site that entered it.
    public var trace: [StackFrame]
    public init(message: String, range: SourceRange, trace: [StackFrame] = []) {
        self.message = message
        self.range = range
        self.trace = trace
    }
}

/// One script frame of a runtime error's trace: the function and where it was called.
public struct StackFrame: Sendable {
    public var function: String
    public var range: SourceRange
    public init(function: String, range: SourceRange) {
        self.function = function
        self.range = range
    }
}

/// A failed `expect`.
public struct ExpectFailure: Sendable {
    /// "expectation failed" or the user's message.
    public var message: String
    public var range: SourceRange
    /// For a comparison, the operator and both sides rendered.
    public var comparison: (op: String, lhs: String, rhs: String)?
    public init(message: String, range: SourceRange, comparison: (op: String, lhs: String, rhs: String)? = nil) {
        self.message = message
        self.range = range
        self.comparison = comparison
    }
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
}
