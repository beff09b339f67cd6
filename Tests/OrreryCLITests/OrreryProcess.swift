import Foundation
import Testing

// MARK: - Running the built binary

/// What one run of the `orrery` binary did.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// stdout split into lines, without the empty string after the final newline.
    var stdoutLines: [String] {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Finds and runs the `orrery` executable built alongside the tests.
enum OrreryProcess {
    /// The package root, found from this file's own path.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$ORRERY_BIN`, else `orrery` next to the test bundle, else `.build/debug/orrery`.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["ORRERY_BIN"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("orrery"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("orrery"))
        candidates.append(root.appendingPathComponent(".build/debug/orrery"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "the orrery binary was not built; run `swift build` first (looked in \(candidates.map(\.path)))")
    }

    /// Runs `orrery ARGS` in `directory` with `input` on stdin (empty when nil), and
    /// colour off so output is plain; `environment` adds to (or overrides) the variables.
    static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil,
                    environment extra: [String: String] = [:]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let scratch = try Scratch()
        process.environment = environment(home: scratch.url, adding: extra)

        // Files, not pipes: no deadlock however much either stream writes.
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        let inURL = scratch.url.appendingPathComponent("stdin")
        try Data((input ?? "").utf8).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        try stdin.close()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Starts `orrery ARGS` with stdout and stderr going to the files `stdout` and
    /// `stderr` (not a terminal) and returns at once, for tests that watch or stop a run.
    static func start(_ arguments: [String], stdout: URL, stderr: URL) throws -> Process {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = environment(home: stdout.deletingLastPathComponent(), adding: [:])
        try Data().write(to: stdout)
        try Data().write(to: stderr)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// This process's variables, without a scheduler's array index (the tests may run
    /// inside a SLURM job), colour off, `HOME` in `home` (REPL history stays out of the
    /// real home folder), and `extra` on top.
    static func environment(home: URL, adding extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SLURM_ARRAY_") && $0.key != "JOB_COMPLETION_INDEX"
        }
        environment["NO_COLOR"] = "1"
        environment["HOME"] = home.path
        environment.merge(extra) { $1 }
        return environment
    }
}

// MARK: - Scratch folders

/// A temporary folder for one test's scripts, removed when the value goes away.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes a script (creating sub-folders) and returns its absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}
