/// How a script runs: its seed, where it may write, and its resource limits.
public struct RunOptions: Sendable {
    /// `--seed`: the root of all of a script's randomness.
    public var seed: UInt64 = 0
    /// Scripts write files only below this folder.
    public var outputDirectory: String = "out"
    /// `--max-steps`: loop iterations plus calls before "step limit exceeded".
    public var maxSteps: Int? = nil
    /// `--max-memory`: the budget in bytes of lists, strings, records and the world's
    /// values (`MemoryBudget`); going over it is a runtime error.
    public var maxMemory: Int = MemoryBudget.defaultLimit
    /// `--allow-exec`: scripts may start processes.
    public var allowExec: Bool = false
    /// `--allow-read`: folders scripts may read (import, load models) beyond their own (ReadAccess).
    public var allowRead: [String] = []
    /// `--max-output`: bytes a script may write across all its files (OutputFolder).
    public var maxOutputBytes: Int = OutputFolder.defaultMaxBytes
    /// Raised from outside (Ctrl-C in the REPL) to stop what runs with the runtime error
    /// "interrupted"; nil when nothing can interrupt the run.
    public var interrupt: InterruptFlag? = nil
    /// `orrery test --falsify N`: a statistical test over a family's samples runs N candidates
    /// that a search looks for (the domain's `Interpreter.sampleSearch`) instead of its list.
    public var falsify: Int? = nil
    public init() {}
}

/// Where script output goes; the library never prints.
public protocol OutputSink: AnyObject {
    /// One line from `print(…)`.
    func print(_ line: String)
    /// `show x`: the executable decides how to draw it.
    func show(_ value: Value)
    /// The range of the top-level statement about to run; ignored by default.
    func topLevelStatementWillRun(_ range: SourceRange)
    /// A file the script read (a model file), for reproducibility manifests; ignored by default.
    func inputFileRead(path: String, bytes: [UInt8])
    /// A file the script wrote with `save` (path relative to the output folder); ignored by default.
    func outputFileWritten(path: String, bytes: [UInt8])
}

extension OutputSink {
    /// Called before each top-level statement of every compiled file runs (imports
    /// included), so a host can attribute the output that follows to its source.
    public func topLevelStatementWillRun(_ range: SourceRange) {}
    public func inputFileRead(path: String, bytes: [UInt8]) {}
    public func outputFileWritten(path: String, bytes: [UInt8]) {}
}
