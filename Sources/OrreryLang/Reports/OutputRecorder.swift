// MARK: - Recording output

/// An `OutputSink` that records every output with the line of the script's top-level
/// statement that produced it (for notebooks and manifests), and optionally passes
/// everything on to another sink (the console).
public final class OutputRecorder: OutputSink {
    /// One recorded output and the script line it came from.
    public struct Record: Sendable {
        public var line: Int
        public var output: NotebookOutput
    }

    /// The script's file name as the engine sees it; statements of imports do not move
    /// the current line.
    public let scriptFile: String
    /// The domains whose values may be shown (they draw them).
    public let extensions: [any LanguageExtension]
    private let forward: OutputSink?
    /// The line of the script statement running now (or last run).
    public private(set) var currentLine = 1
    public private(set) var records: [Record] = []
    /// Files the script read besides its source (model files), with their SHA-256.
    public private(set) var inputs: [ManifestFile] = []
    /// Files the script saved (relative to the output folder), last write of each path.
    public private(set) var files: [ManifestFile] = []

    public init(scriptFile: String, extensions: [any LanguageExtension] = [], forwardingTo forward: OutputSink? = nil) {
        self.scriptFile = scriptFile
        self.extensions = extensions
        self.forward = forward
    }

    public func print(_ line: String) {
        records.append(Record(line: currentLine, output: .text(line)))
        forward?.print(line)
    }

    public func show(_ value: Value) {
        records.append(Record(line: currentLine, output: ValueDisplay.notebookOutput(of: value, extensions: extensions)))
        forward?.show(value)
    }

    public func topLevelStatementWillRun(_ range: SourceRange) {
        if range.file == scriptFile { currentLine = range.start.line }
        forward?.topLevelStatementWillRun(range)
    }

    public func inputFileRead(path: String, bytes: [UInt8]) {
        if !inputs.contains(where: { $0.path == path }) {
            inputs.append(ManifestFile(path: path, sha256: SHA256.hex(bytes), bytes: bytes.count))
        }
        forward?.inputFileRead(path: path, bytes: bytes)
    }

    public func outputFileWritten(path: String, bytes: [UInt8]) {
        files.removeAll { $0.path == path }
        files.append(ManifestFile(path: path, sha256: SHA256.hex(bytes), bytes: bytes.count))
        forward?.outputFileWritten(path: path, bytes: bytes)
    }

    /// Adds an output the engine reported as a value (a runtime error, a failed expect).
    public func record(_ output: NotebookOutput, line: Int) {
        records.append(Record(line: line, output: output))
    }

    /// Adds an output found after the run (a failed top-level `expect`) where it most
    /// likely happened: after the last output of its line or an earlier one.
    public func insert(_ output: NotebookOutput, line: Int) {
        let index = records.lastIndex(where: { $0.line <= line }).map { $0 + 1 } ?? 0
        records.insert(Record(line: line, output: output), at: index)
    }
}
