import Foundation

// MARK: - Results written as the run goes

/// The `--results` file of `orrery test`, written line by line while the tests run:
/// each line goes to the file in one `write(2)` as soon as it is known, so `tail -f`
/// follows the run and a task killed at a time limit leaves every line of the tests
/// it finished. (No fsync: the kernel keeps what was written when a process dies.)
final class ResultsWriter {
    let path: String
    private let handle: FileHandle
    /// The first write that failed; the run stops with exit 74 at the next check.
    private(set) var failure: String?

    /// Creates (or empties) `path` and its folder; says why on stderr and exits 74 when it cannot.
    init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
            handle = try FileHandle(forWritingTo: url)
        } catch {
            Terminal.err("orrery: cannot write '\(path)': \(error.localizedDescription)")
            throw ExitStatus.ioError
        }
    }

    deinit { try? handle.close() }

    /// Appends `line` and a newline. A failure is kept for `check()`: the caller may be
    /// in the middle of a file's tests.
    func append(_ line: String) {
        guard failure == nil else { return }
        do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch {
            failure = error.localizedDescription
        }
    }

    /// Exits 74 (after saying why) when a line could not be written.
    func check() throws {
        guard let failure else { return }
        Terminal.err("orrery: cannot write '\(path)': \(failure)")
        throw ExitStatus.ioError
    }
}
