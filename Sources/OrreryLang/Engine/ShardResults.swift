import Foundation

// MARK: - Results files
//
// `orrery test --results F.jsonl` writes JSON lines, keys sorted, as the run goes:
//
//   1. a `start` line: the format and the sweep's identity (the scripts given with the
//      SHA-256 of their text, the seed, the tests the filter selects) and the shard;
//   2. a `test` line per test the shard ran, written when it has run (`file` lines carry a
//      file's problems outside its tests: syntax errors, a top-level error or failed expect);
//   3. a `complete` line with the number of lines between, written last.
//
// The start line is the "incomplete" marker: until the `complete` line is there, the file
// is incomplete, whether its task is still running or was killed (SIGTERM at a time
// limit, SIGKILL, a lost node), and `orrery merge` says so. Lines hold counts, not
// verdicts, so a statistical test's verdict and interval are computed once over all
// samples.

/// The format `orrery test --results` writes and `orrery merge` reads.
public enum ResultsFormat {
    public static let current = "orrery-results/1"

    /// `value` (a start, test or complete line) as one line of JSON through the one JSON
    /// writer, keys sorted so the same run writes the same bytes.
    public static func line(_ value: some Encodable) -> String {
        guard let json = try? JSONValue(encoding: value) else { return "{}" }
        return json.sortingKeys().text(.compact)
    }
}

/// A script of a sweep: its path as given and the SHA-256 of its text (hex).
public struct SweepScript: Sendable, Hashable, Codable {
    public var path: String
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

/// A test a sweep runs: in which file, its name, and whether it is statistical.
public struct SweepTest: Sendable, Hashable, Codable {
    public var file: String
    public var name: String
    public var statistical: Bool
}

/// What makes results parts of one sweep: the same scripts byte for byte, the same seed
/// and the same tests. (The shard count is in each file's `shard`.)
public struct SweepIdentity: Sendable, Hashable, Codable {
    /// The scripts, sorted by path: the order they were given in does not matter.
    public var scripts: [SweepScript]
    public var seed: UInt64
    /// Every test the filter selects, by script in `scripts` order, then as declared.
    public var tests: [SweepTest]

    public init(scripts: [SweepScript], seed: UInt64, tests: [SweepTest]) {
        let order = scripts.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let position = Dictionary(order.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        self.scripts = order
        self.seed = seed
        // A stable sort: each file's tests keep their declared order.
        self.tests = tests.enumerated().sorted {
            (position[$0.element.file] ?? 0, $0.offset) < (position[$1.element.file] ?? 0, $1.offset)
        }.map(\.element)
    }
}

// MARK: - Lines

/// The first line of a results file.
public struct ResultsStart: Sendable, Hashable, Codable {
    public var record = "start"
    public var format = ResultsFormat.current
    public var sweep: SweepIdentity
    /// nil for an unsharded run.
    public var shard: Shard?

    public init(sweep: SweepIdentity, shard: Shard?) {
        self.sweep = sweep
        self.shard = shard
    }

    /// `shard 2/4`, or `the unsharded run`.
    public var shardName: String { shard.map { "shard \($0.description)" } ?? "the unsharded run" }
}

/// One test's outcome in one shard (`record` "test"), or a file's problems outside its
/// tests (`record` "file", named like the failure `orrery test` prints: `s.orr (syntax)`).
public struct ShardRecord: Sendable, Hashable, Codable {
    public var record: String
    public var file: String
    public var test: String
    /// Failed expects, one line each (for a statistical test, outside its samples).
    public var failures: [String]
    /// The runtime error that stopped the test (for a statistical test, in its header), or
    /// a file's syntax errors.
    public var error: String?
    /// Wall-clock seconds the test took in this shard.
    public var seconds: Double
    public var sweep: SweepResult?

    public init(record: String = "test", file: String, test: String, failures: [String], error: String? = nil,
                seconds: Double = 0, sweep: SweepResult? = nil) {
        self.record = record
        self.file = file
        self.test = test
        self.failures = failures
        self.error = error
        self.seconds = seconds
        self.sweep = sweep
    }

    /// The record of a test's result.
    public init(_ result: TestResult) {
        self.init(file: result.file, test: result.name, failures: result.failures.map(DiagnosticFormatter.formatOneLine),
                  error: result.error.map(DiagnosticFormatter.formatOneLine),
                  seconds: result.seconds, sweep: result.sweep)
    }

    /// The record of a file's problems outside its tests; nil when it had none.
    public init?(problemsOf report: FileRunReport, file: String) {
        let failures = report.expectFailures.map(DiagnosticFormatter.formatOneLine)
        switch report.outcome {
        case .scriptErrors(let diagnostics):
            self.init(record: "file", file: file, test: "\(file) (syntax)", failures: [],
                      error: diagnostics.map(DiagnosticFormatter.formatOneLine).joined(separator: "\n"))
        case .runtimeError(let e):
            self.init(record: "file", file: file, test: "\(file) (top level)", failures: failures,
                      error: DiagnosticFormatter.formatOneLine(e))
        case .success:
            guard !failures.isEmpty else { return nil }
            self.init(record: "file", file: file, test: "\(file) (top level)", failures: failures)
        }
    }

    /// A plain test (or a file) passes without failures and errors; a statistical test
    /// must also meet its threshold.
    public var passed: Bool {
        guard failures.isEmpty, error == nil else { return false }
        return sweep?.meetsThreshold ?? true
    }
}

/// The last line of a complete results file.
public struct ResultsComplete: Sendable, Hashable, Codable {
    public var record = "complete"
    /// The `test` and `file` lines written before it.
    public var lines: Int

    public init(lines: Int) { self.lines = lines }
}

// MARK: - Reading

/// A results file as read back: its start, its results, and whether it was completed.
public struct ResultsFile: Sendable {
    public var path: String
    /// nil for an empty file: its task wrote nothing.
    public var start: ResultsStart?
    public var records: [ShardRecord]
    /// The `complete` line's count; nil when the file is incomplete.
    public var completedLines: Int?
    /// True when the last line was cut off (the task was killed while writing it).
    public var endsInCutLine = false

    /// Reads the lines of a results file. Throws, naming the line, for what no run of
    /// `orrery test --results` writes (a cut-off last line is not an error: it marks a
    /// killed task).
    public init(parsing text: String, path: String) throws {
        self.path = path
        records = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty }
        let decoder = JSONDecoder()
        struct Kind: Decodable { var record: String?; var format: String? }
        for (position, (i, line)) in lines.enumerated() {
            let bytes = Data(line.utf8)
            let isLast = position == lines.count - 1
            guard let kind = try? decoder.decode(Kind.self, from: bytes) else {
                if isLast, start != nil, completedLines == nil {
                    endsInCutLine = true
                    break
                }
                throw ShardMergeError("\(path):\(i + 1): not a line of a results file")
            }
            if position == 0 {
                guard kind.record == "start" else {
                    throw ShardMergeError("\(path): not an orrery results file (its first line is not a start line; written by an older orrery?)")
                }
                guard kind.format == ResultsFormat.current else {
                    throw ShardMergeError("\(path): a \(kind.format ?? "unknown") results file; this orrery reads \(ResultsFormat.current)")
                }
            }
            if completedLines != nil { throw ShardMergeError("\(path):\(i + 1): a line after the complete line") }
            do {
                switch kind.record {
                case "start" where position == 0: start = try decoder.decode(ResultsStart.self, from: bytes)
                case "test", "file":
                    let record = try decoder.decode(ShardRecord.self, from: bytes)
                    if let sweep = record.sweep, !Self.countsFit(sweep) {
                        throw ShardMergeError("\(path):\(i + 1): a \(kind.record ?? "") line whose counts no run writes (passes \(sweep.passes), trials \(sweep.trials), skipped \(sweep.skipped))")
                    }
                    records.append(record)
                case "complete": completedLines = try decoder.decode(ResultsComplete.self, from: bytes).lines
                default: throw ShardMergeError("\(path):\(i + 1): not a line of a results file")
                }
            } catch let error as ShardMergeError {
                throw error
            } catch {
                throw ShardMergeError("\(path):\(i + 1): a \(kind.record ?? "") line with missing or malformed fields")
            }
        }
    }
}

extension ResultsFile {
    /// Most samples one line may count: sums over millions of shards still fit in an Int.
    public static let maximumTrials = 1 << 40

    /// Whether a line's tally is one a run writes: no negative counts, no more passes than
    /// trials, and small enough that merging cannot overflow.
    static func countsFit(_ s: SweepResult) -> Bool {
        (0...maximumTrials).contains(s.trials) && (0...s.trials).contains(s.passes) && (0...maximumTrials).contains(s.skipped)
    }
}

/// Why shards cannot be chosen or their results merged.
public struct ShardMergeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
