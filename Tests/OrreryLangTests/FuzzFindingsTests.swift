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
