import Foundation

// MARK: - Statistical test results
//
// A statistical test (`test "n" for w in samples expect rate >= p { … }`) runs its
// body once per sample; a sample passes when none of its expects fail and it
// raises no error. The verdict compares the observed pass rate with the
// threshold (every sample must pass without one); the Wilson 95% interval is
// reported alongside so a reader can judge how much the rate could move.

/// One sample of a statistical test that failed, with what reproduces it.
public struct FailedSample: Sendable, Hashable, Codable {
    /// The sample's position in the test's sample list.
    public var index: Int
    /// The seed that `sample(…)` drew it with, when it is a sampled scene (with `index`, it
    /// reproduces the sample alone); otherwise the run's `--seed`.
    public var seed: UInt64
    /// The first failed expect or the error.
    public var message: String

    public init(index: Int, seed: UInt64, message: String) {
        self.index = index
        self.seed = seed
        self.message = message
    }
}

/// The tally of a statistical test (or of one shard of it).
public struct SweepResult: Sendable, Hashable, Codable {
    public var passes: Int
    public var trials: Int
    /// The `expect rate` threshold; nil when every sample must pass.
    public var threshold: Double?
    /// True for `expect rate > p`.
    public var strict: Bool
    /// Failed samples in index order (at most `SweepResult.keptFailures` kept).
    public var failedSamples: [FailedSample]
    /// Samples a failed `assume` skipped: not trials, so not in the rate.
    public var skipped = 0

    /// Failed samples kept per test: enough to reproduce, not a copy of a huge sweep.
    public static let keptFailures = 20

    public init(passes: Int, trials: Int, threshold: Double?, strict: Bool, failedSamples: [FailedSample]) {
        self.passes = passes
        self.trials = trials
        self.threshold = threshold
        self.strict = strict
        self.failedSamples = failedSamples
    }

    public var rate: Double { trials > 0 ? Double(passes) / Double(trials) : 0 }
    /// The Wilson 95% interval of the pass rate; nil without trials.
    public var interval: WilsonInterval? { WilsonInterval(successes: passes, trials: trials) }

    /// True when this is one shard's part of the sweep: its verdict is provisional, and a
    /// shard that received no samples does not fail (`orrery merge` decides).
    public var partial = false

    /// True when the observed rate meets the threshold (all samples pass without one).
    /// A whole sweep with no trials meets nothing: there is no evidence.
    public var meetsThreshold: Bool {
        guard trials > 0 else { return partial }
        guard let threshold else { return passes == trials }
        return strict ? rate > threshold : rate >= threshold
    }

    /// `183/200 = 0.915 [0.868, 0.946] ≥ 0.9` (the threshold part only when there is one),
    /// then `, 12 skipped` when an `assume` skipped samples.
    public var summary: String {
        var s = "\(passes)/\(trials)"
        if let i = interval { s += " = \(Self.format(i.rate)) [\(Self.format(i.lower)), \(Self.format(i.upper))]" }
        if let threshold { s += " \(strict ? ">" : "≥") \(Value.format(number: threshold))" }
        if skipped > 0 { s += ", \(skipped) skipped" }
        return s
    }

    /// Why the sweep fails, with its rate, interval and threshold:
    /// `rate 0.750 (3/4 samples passed), 95% interval [0.301, 0.954]; needs ≥ 0.9`.
    public var shortfall: String {
        guard let i = interval else { return "no samples: a statistical test over no samples fails" }
        let needs = threshold.map { "\(strict ? ">" : "≥") \(Value.format(number: $0))" } ?? "every sample to pass"
        return "rate \(Self.format(i.rate)) (\(passes)/\(trials) samples passed), "
            + "95% interval [\(Self.format(i.lower)), \(Self.format(i.upper))]; needs \(needs)"
    }

    static func format(_ x: Double) -> String { String(format: "%.3f", x) }

    /// Sums two tallies of the same test (shards); failures stay in index order.
    public func merged(with other: SweepResult) -> SweepResult {
        let failures = (failedSamples + other.failedSamples).sorted { $0.index < $1.index }
        var out = SweepResult(passes: passes + other.passes, trials: trials + other.trials,
                              threshold: threshold ?? other.threshold, strict: strict,
                              failedSamples: Array(failures.prefix(Self.keptFailures)))
        out.partial = partial && other.partial
        out.skipped = skipped + other.skipped
        return out
    }
}

// MARK: - Shards

/// The part of a test run one machine does: shard `index` (from 0) of `count`.
///
/// Statistical tests are split by sample index (sample k belongs to shard k mod count);
/// plain tests by their position among the file's plain tests, the same way.
public struct Shard: Sendable, Hashable, Codable {
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `i/N`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// Whether item `k` (a sample index, or a plain test's position) belongs to this shard.
    public func owns(_ k: Int) -> Bool { k % count == index }

    public var description: String { "\(index)/\(count)" }

    /// Written as `"i/N"`; reading checks `0 <= i < N`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let shard = Shard(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a shard i/N with 0 <= i < N: '\(text)'")
        }
        self = shard
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
