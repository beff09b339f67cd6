import Foundation
import OrreryLang

// MARK: - Results written as the run goes

/// The `--results` file of `orrery test` (format in ShardResults.swift), written while
/// the tests run: the start line first, then each result in one `write(2)` as soon as
/// its test has run, the complete line last. `tail -f` follows the run, and a task
/// killed at a time limit leaves the results it finished, without the complete line
/// that would claim it ended: `orrery merge` reports it as incomplete. (No fsync: the
/// kernel keeps what was written when a process dies.)
final class ResultsWriter {
    let path: String
    private let handle: FileHandle
    private var results = 0
    /// The first write that failed; the run stops with exit 74 at the next check.
    private(set) var failure: String?

    /// Creates (or empties) `path`, whose folder must exist, and writes `start`; says why
    /// on stderr and exits 74 when it cannot.
    init(path: String, start: ResultsStart) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        try ScriptFiles.requireFolders(of: path)
        do {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            handle = try FileHandle(forWritingTo: url)
        } catch {
            Terminal.err("orrery: cannot write '\(path)': \(error.localizedDescription)")
            throw ExitStatus.ioError
        }
        write(ResultsFormat.line(start))
        try check()
    }

    deinit { try? handle.close() }

    /// Appends a test's (or a file's) result. A failure is kept for `check()`: the caller
    /// may be in the middle of a file's tests.
    func append(_ record: ShardRecord) {
        results += 1
        write(ResultsFormat.line(record))
    }

    /// Writes the complete line: the run ended and every result is in the file.
    func complete() throws {
        write(ResultsFormat.line(ResultsComplete(lines: results)))
        try check()
    }

    /// Exits 74 (after saying why) when a line could not be written.
    func check() throws {
        guard let failure else { return }
        Terminal.err("orrery: cannot write '\(path)': \(failure)")
        throw ExitStatus.ioError
    }

    private func write(_ line: String) {
        guard failure == nil else { return }
        do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch {
            failure = error.localizedDescription
        }
    }
}
