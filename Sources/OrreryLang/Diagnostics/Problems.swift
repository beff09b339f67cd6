// MARK: - Problems found while running
//
// Besides `Diagnostic`s (found before anything runs), a run reports runtime errors and
// failed expectations. All three are data; `DiagnosticFormatter` draws each of them.

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
    /// The user's message, or "expectation failed".
    public var message: String
    /// True when `message` is the user's (`expect cond, "message"`).
    public var hasOwnMessage: Bool
    /// The whole `expect` statement.
    public var range: SourceRange
    /// The condition alone, as the compiler recorded it (its text is the default headline).
    public var condition: SourceRange?
    /// For a comparison, the operator and both sides rendered.
    public var comparison: (op: String, lhs: String, rhs: String)?
    public init(message: String? = nil, range: SourceRange, condition: SourceRange? = nil,
                comparison: (op: String, lhs: String, rhs: String)? = nil) {
        self.message = message ?? ExpectFailure.defaultMessage
        self.hasOwnMessage = message != nil
        self.range = range
        self.condition = condition
        self.comparison = comparison
    }

    /// The message of an `expect` without one of its own.
    public static let defaultMessage = "expectation failed"
}
