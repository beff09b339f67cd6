// MARK: - Merging shards
//
// `orrery merge` adds up the results files of one sweep's shards, and refuses (exit 65)
// whatever would make the sum silently wrong, naming it: a missing shard, a shard given
// twice (under any path), shards of different sweeps, an unsharded run mixed with shards,
// an incomplete file, a result for a test the sweep does not have. Missing and incomplete
// shards are gaps: `--allow-partial` merges what is there and says so on every line.

/// One test's outcome over all shards.
public struct MergedTest: Sendable, Hashable {
    public var file: String
    public var test: String
    /// Failed expects, each once (a file's top-level failures come from every shard).
    public var failures: [String]
    /// The first error; nil when none.
    public var error: String?
    public var sweep: SweepResult?
    /// The seconds of all shards together.
    public var seconds: Double
    /// Plain tests: no failure and no error. Statistical tests: also the summed sweep meets its threshold.
    public var passed: Bool { ShardRecord(file: file, test: test, failures: failures, error: error, sweep: sweep).passed }
}

/// The merged tests, and what is missing when gaps were allowed.
public struct MergeReport: Sendable {
    /// By file in the sweep's order (a file's problems first), then as declared: the same
    /// whatever order the results files were given in.
    public var tests: [MergedTest]
    /// Missing and incomplete shards (only with `allowPartial`), one line each.
    public var gaps: [String]
    /// With gaps: the tests of the sweep that no shard given has a result for.
    public var unrecorded: [SweepTest]
    /// `2 of 4 shards` and what is missing, or nil when nothing is.
    public var partialNote: String?
}

/// Combines the results files of one sweep.
public enum ShardMerge {
    /// The merged report. Throws a `ShardMergeError` naming every problem, one per line,
    /// when the files are not exactly the shards of one sweep, each once and complete
    /// (gaps allowed with `allowPartial`).
    public static func merge(_ files: [ResultsFile], allowPartial: Bool = false) throws -> MergeReport {
        var refusals: [String] = []
        var gaps = files.filter { $0.start == nil }.map { "\($0.path) is empty: its task wrote nothing (killed before it started?)" }
        let started = files.compactMap { file in file.start.map { Member(file: file, start: $0) } }
        guard let reference = started.first else {
            throw ShardMergeError((gaps + ["no results to merge"]).joined(separator: "\n"))
        }

        // One sweep: the same identity, all sharded the same way or one unsharded run.
        let unsharded = started.filter { $0.start.shard == nil }
        let mixed = !unsharded.isEmpty && unsharded.count < started.count
        if mixed, let whole = unsharded.first, let part = started.first(where: { $0.start.shard != nil }) {
            refusals.append("\(whole.file.path) is an unsharded run and \(part.file.path) is \(part.start.shardName): merge either one unsharded results file or the shards of one sweep")
        }
        var members: [Member] = []
        for member in started {
            let differences = differences(member.start, from: reference.start, mixed: mixed)
            if differences.isEmpty {
                members.append(member)
            } else {
                refusals.append("\(member.file.path) is from a different sweep than \(reference.file.path): \(differences.joined(separator: "; "))")
            }
        }

        // Each shard once, each there, each complete.
        let byShard = Dictionary(grouping: members) { $0.start.shard }
        for (_, copies) in byShard.sorted(by: { ($0.key?.index ?? -1) < ($1.key?.index ?? -1) }) where copies.count > 1 {
            refusals.append("\(copies[0].start.shardName) appears \(copies.count) times: \(copies.map(\.file.path).joined(separator: ", "))")
        }
        let count = reference.start.shard?.count ?? 1
        let given = Set(byShard.keys.compactMap { $0?.index })
        // Counted, not listed: a file may claim a shard count in the billions.
        let missingCount = unsharded.isEmpty ? count - given.count : 0
        let missing = missingCount > 0 ? Self.missingNames(count: count, given: given, missing: missingCount) : ""
        if missingCount > 0 {
            let present = given.sorted().map { "\($0)/\(count)" }.joined(separator: ", ")
            gaps.append("missing shard\(missingCount == 1 ? "" : "s") \(missing) of \(count) (given: \(present))")
        }
        for member in members {
            let file = member.file
            if let lines = file.completedLines {
                if lines != file.records.count {
                    refusals.append("\(file.path): its complete line counts \(lines) results, but it holds \(file.records.count)")
                }
                continue
            }
            let cut = file.endsInCutLine ? "; its last line was cut off" : ""
            let results = "\(file.records.count) result\(file.records.count == 1 ? "" : "s")"
            gaps.append("\(file.path): \(member.start.shardName) is incomplete: \(results) and no complete line (its task was killed or is still running\(cut))")
        }
        refusals += unknownOrRepeatedResults(members.map(\.file), tests: reference.start.sweep.tests)

        guard refusals.isEmpty, gaps.isEmpty || allowPartial else {
            throw ShardMergeError((refusals + gaps).joined(separator: "\n"))
        }
        let ordered = members.sorted { ($0.start.shard?.index ?? 0) < ($1.start.shard?.index ?? 0) }
        let tests = sum(ordered.flatMap(\.file.records), in: reference.start.sweep)
        guard !gaps.isEmpty else { return MergeReport(tests: tests, gaps: [], unrecorded: [], partialNote: nil) }

        // What a partial merge lacks.
        let recorded = Set(tests.map { Key(file: $0.file, test: $0.test) })
        let unrecorded = reference.start.sweep.tests.filter { !recorded.contains(Key(file: $0.file, test: $0.name)) }
        let complete = ordered.filter { $0.file.completedLines != nil }.count
        var note = "\(complete) of \(count) shard\(count == 1 ? "" : "s") complete"
        if missingCount > 0 { note += "; missing " + missing }
        let incomplete = ordered.filter { $0.file.completedLines == nil }.map { $0.start.shard?.description ?? $0.file.path }
        if !incomplete.isEmpty { note += "; incomplete " + incomplete.joined(separator: ", ") }
        if !unrecorded.isEmpty { note += "; \(unrecorded.count) test\(unrecorded.count == 1 ? "" : "s") without results" }
        return MergeReport(tests: tests, gaps: gaps, unrecorded: unrecorded, partialNote: note)
    }

    /// A results file that has a start line.
    private struct Member {
        var file: ResultsFile
        var start: ResultsStart
    }

    /// Shards named in a gap before the rest are only counted.
    static let maximumMissingNamed = 20

    /// `1/4, 3/4`: the shards of `count` not in `given` (`missing` of them), the first
    /// `maximumMissingNamed` by name and the rest counted (`… and 999 more`).
    private static func missingNames(count: Int, given: Set<Int>, missing: Int) -> String {
        var names: [String] = []
        var index = 0
        while index < count, names.count < maximumMissingNamed {
            if !given.contains(index) { names.append("\(index)/\(count)") }
            index += 1
        }
        let rest = missing - names.count
        return names.joined(separator: ", ") + (rest > 0 ? " and \(rest) more" : "")
    }

    /// What makes `start` another sweep than `reference`, one phrase each; empty when none.
    static func differences(_ start: ResultsStart, from reference: ResultsStart, mixed: Bool) -> [String] {
        var out: [String] = []
        let (a, b) = (start.sweep, reference.sweep)
        let theirs = Dictionary(a.scripts.map { ($0.path, $0.sha256) }, uniquingKeysWith: { x, _ in x })
        let ours = Dictionary(b.scripts.map { ($0.path, $0.sha256) }, uniquingKeysWith: { x, _ in x })
        for script in a.scripts where ours[script.path] == nil { out.append("it ran \(script.path), which the other did not") }
        for script in b.scripts where theirs[script.path] == nil { out.append("it did not run \(script.path)") }
        for script in a.scripts {
            if let other = ours[script.path], other != script.sha256 {
                out.append("\(script.path) differs (SHA-256 \(script.sha256.prefix(12))…, not \(other.prefix(12))…)")
            }
        }
        if a.seed != b.seed { out.append("seed \(a.seed), not \(b.seed)") }
        if !mixed, let n = start.shard?.count, let m = reference.shard?.count, n != m {
            out.append("\(n) shards, not \(m)")
        }
        if out.isEmpty, a.tests != b.tests {
            let extra = a.tests.first { !b.tests.contains($0) }
            let lacking = b.tests.first { !a.tests.contains($0) }
            if let extra { out.append("it has test '\(extra.name)' (\(extra.file)), which the other has not (another --filter?)") }
            else if let lacking { out.append("it lacks test '\(lacking.name)' (\(lacking.file)) (another --filter?)") }
            else { out.append("its tests are in another order") }
        }
        return out
    }

    /// Results for tests the sweep does not list, and tests recorded twice in one file.
    static func unknownOrRepeatedResults(_ files: [ResultsFile], tests: [SweepTest]) -> [String] {
        let listed = Set(tests.map { Key(file: $0.file, test: $0.name) })
        var out: [String] = []
        for file in files {
            var seen: Set<Key> = []
            for r in file.records {
                let key = Key(file: r.file, test: r.test)
                if r.record == "test", !listed.contains(key) {
                    out.append("\(file.path): a result for '\(r.test)' (\(r.file)), which is not in the sweep's test list")
                }
                if !seen.insert(key).inserted { out.append("\(file.path): '\(r.test)' (\(r.file)) is recorded twice") }
            }
        }
        return out
    }

    private struct Key: Hashable {
        var file: String
        var test: String
    }

    /// Adds up records (in shard order) into tests in the sweep's order: per file, its
    /// problems first, then its tests as declared.
    static func sum(_ records: [ShardRecord], in sweep: SweepIdentity) -> [MergedTest] {
        var merged: [Key: MergedTest] = [:]
        for r in records {
            let key = Key(file: r.file, test: r.test)
            guard var m = merged[key] else {
                var first = MergedTest(file: r.file, test: r.test, failures: [], error: r.error, sweep: r.sweep, seconds: r.seconds)
                first.sweep?.partial = false
                first.failures = unique(r.failures)
                merged[key] = first
                continue
            }
            m.failures = unique(m.failures + r.failures)
            m.error = m.error ?? r.error
            m.seconds += r.seconds
            if let s = r.sweep {
                var total = m.sweep.map { $0.merged(with: s) } ?? s
                total.partial = false
                m.sweep = total
            }
            merged[key] = m
        }
        var out: [MergedTest] = []
        for script in sweep.scripts {
            let problems = records.filter { $0.record == "file" && $0.file == script.path }.map(\.test)
            for name in unique(problems) { if let m = merged[Key(file: script.path, test: name)] { out.append(m) } }
            for test in sweep.tests where test.file == script.path {
                if let m = merged[Key(file: test.file, test: test.name)] { out.append(m) }
            }
        }
        return out
    }

    private static func unique(_ lines: [String]) -> [String] {
        var seen: Set<String> = []
        return lines.filter { seen.insert($0).inserted }
    }
}
