import Foundation

// MARK: - Shard results as JSON lines
//
// `orrery test --shard i/N --results F.jsonl` writes one line per test that the shard
// ran; `orrery merge F…` reads every shard's lines and adds them up. The line holds
// counts, not verdicts, so the merged verdict and interval are computed once over
// all samples. Keys are sorted so the same run writes the same bytes.

/// One test's outcome in one shard: a line of a results file.
public struct ShardRecord: Sendable, Hashable, Codable {
    public var file: String
    public var test: String
    /// `i/N`, or nil for an unsharded run.
    public var shard: String?
    /// A plain test's outcome (for statistical tests, see `sweep`).
    public var passed: Bool
    /// Failed expects and errors, as one line each.
    public var failures: [String]
    public var sweep: SweepResult?

    public init(file: String, test: String, shard: String?, passed: Bool, failures: [String], sweep: SweepResult?) {
        self.file = file
        self.test = test
        self.shard = shard
        self.passed = passed
        self.failures = failures
        self.sweep = sweep
    }

    /// The record of a test result (the caller names the shard).
    public init(_ result: TestResult, shard: Shard?) {
        var failures = result.failures.map(DiagnosticFormatter.formatOneLine)
        if let e = result.error { failures.append("line \(e.range.start.line): \(e.message)") }
        self.init(file: result.file, test: result.name, shard: shard?.description,
                  passed: result.passed, failures: failures, sweep: result.sweep)
    }

    /// The record as one line of JSON (no newline).
    public func jsonLine() -> String {
        guard let value = try? JSONValue(encoding: self) else { return "{}" }
        return value.sortingKeys().text(.compact)
    }

    /// Parses the lines of a results file; blank lines are skipped. Throws with the line number.
    public static func parse(_ text: String, file: String) throws -> [ShardRecord] {
        var out: [ShardRecord] = []
        let decoder = JSONDecoder()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                out.append(try decoder.decode(ShardRecord.self, from: Data(trimmed.utf8)))
            } catch {
                throw ShardMergeError("\(file):\(i + 1): not a test result line")
            }
        }
        return out
    }
}

/// Why shard results cannot be merged.
public struct ShardMergeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One test's outcome over all shards.
public struct MergedTest: Sendable, Hashable {
    public var file: String
    public var test: String
    public var failures: [String]
    public var sweep: SweepResult?
    /// Plain tests: every record passed. Statistical tests: the summed sweep meets its threshold.
    public var passed: Bool
}

/// Combines shard records into one report.
public enum ShardMerge {
    /// Tests in the order first seen (files and shards in the order given); statistical
    /// tests summed over shards; plain tests pass when every shard that ran them passed.
    /// Throws when the records mix shard counts or repeat a shard of a test.
    public static func merge(_ records: [ShardRecord]) throws -> [MergedTest] {
        var order: [String] = []
        var byKey: [String: MergedTest] = [:]
        var seenShards: [String: Set<String>] = [:]
        var counts: Set<Int> = []
        for r in records {
            if let s = r.shard {
                guard let shard = Shard(parsing: s) else { throw ShardMergeError("bad shard '\(s)' in a result of '\(r.test)'") }
                counts.insert(shard.count)
                let key = r.file + "\u{0}" + r.test
                if seenShards[key, default: []].contains(s) {
                    throw ShardMergeError("shard \(s) of test '\(r.test)' in \(r.file) appears twice")
                }
                seenShards[key, default: []].insert(s)
            }
            let key = r.file + "\u{0}" + r.test
            guard var m = byKey[key] else {
                order.append(key)
                var first = MergedTest(file: r.file, test: r.test, failures: r.failures, sweep: r.sweep, passed: r.passed)
                first.sweep?.partial = false
                byKey[key] = first
                continue
            }
            m.failures += r.failures
            if let s = r.sweep {
                var sum = m.sweep.map { $0.merged(with: s) } ?? s
                sum.partial = false
                m.sweep = sum
            }
            m.passed = m.passed && r.passed
            byKey[key] = m
        }
        if counts.count > 1 {
            throw ShardMergeError("results come from different shard counts: \(counts.sorted().map(String.init).joined(separator: ", "))")
        }
        return order.compactMap { key in
            guard var m = byKey[key] else { return nil }
            // Failures of a statistical test are errors in its header (sample failures are counted).
            if let s = m.sweep { m.passed = s.meetsThreshold && m.failures.isEmpty }
            return m
        }
    }
}
