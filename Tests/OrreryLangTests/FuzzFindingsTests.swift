import Foundation
import Testing
@testable import OrreryLang

// What orrery-fuzz found in the readers that take files rather than scripts (script
// findings are golden scripts). Each test is the shrunk input of a finding.

/// `orrery-fuzz results`: a results file claiming a shard count in the billions made
/// `merge` list every missing shard (a hang, then memory exhaustion). Missing shards are
/// counted, and the first few named.
@Test func mergeCountsMissingShardsInsteadOfListingBillions() throws {
    let start = #"{"format":"orrery-results/1","record":"start","shard":"1/4294967295","sweep":{"scripts":[],"seed":3,"tests":[]}}"#
    let complete = #"{"lines":0,"record":"complete"}"#
    let file = try ResultsFile(parsing: start + "\n" + complete + "\n", path: "huge.jsonl")
    do {
        _ = try ShardMerge.merge([file])
        Issue.record("a merge missing shards succeeded")
    } catch {
        let message = "\(error)"
        #expect(message.contains("missing shards 0/4294967295, 2/4294967295, 3/4294967295"), "\(message)")
        #expect(message.contains("20/4294967295 and 4294967274 more of 4294967295"), "\(message)")
    }
    let partial = try ShardMerge.merge([file], allowPartial: true)
    #expect(partial.partialNote?.contains("and 4294967274 more") == true)
}

/// `orrery-fuzz results`: two lines of one statistical test whose passes add past
/// Int.max trapped `merge` (an overflow in the tally). Reading refuses counts no run
/// writes: negative, more passes than trials, or more than `ResultsFile.maximumTrials`.
@Test func resultsLinesWithImpossibleCountsAreRefusedBeforeTheyOverflowAMerge() throws {
    let start = #"{"format":"orrery-results/1","record":"start","sweep":{"scripts":[{"path":"a.orr","sha256":"00"}],"seed":3,"tests":[{"file":"a.orr","name":"t","statistical":true}]}}"#
    func line(passes: Int, trials: Int, skipped: Int = 0) -> String {
        #"{"failures":[],"file":"a.orr","record":"test","seconds":0,"sweep":{"failedSamples":[],"partial":true,"passes":\#(passes),"skipped":\#(skipped),"strict":false,"trials":\#(trials)},"test":"t"}"#
    }
    for bad in [line(passes: Int.max, trials: Int.max), line(passes: 3, trials: 2), line(passes: -1, trials: 2),
                line(passes: 0, trials: 1, skipped: -5), line(passes: 0, trials: 0, skipped: Int.max)] {
        #expect(throws: ShardMergeError.self) { try ResultsFile(parsing: start + "\n" + bad + "\n", path: "r.jsonl") }
    }
    // The largest counts allowed, in each of two shards, add up.
    let big = line(passes: ResultsFile.maximumTrials, trials: ResultsFile.maximumTrials)
    let shards = try (0..<2).map { k in
        let sharded = start.replacingOccurrences(of: #""record":"start","#, with: #""record":"start","shard":"\#(k)/2","#)
        return try ResultsFile(parsing: [sharded, big, #"{"lines":1,"record":"complete"}"#].joined(separator: "\n"), path: "r\(k).jsonl")
    }
    #expect(try ShardMerge.merge(shards).tests.first?.sweep?.trials == 2 * ResultsFile.maximumTrials)
}
