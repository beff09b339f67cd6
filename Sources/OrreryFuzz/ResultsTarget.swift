import OrreryLang

// MARK: - Results files

/// The results-file reader of `orrery merge`: the input is one or more results files
/// separated by NUL bytes; each is read with `ResultsFile(parsing:)`, and those that read
/// are merged (strictly, then with `--allow-partial`).
final class ResultsTarget: FuzzTarget {
    let name = "results"
    let summary = "merge's reader: ResultsFile(parsing:) on NUL-separated files, then ShardMerge.merge of those that read"
    let maxLength = 1 << 16
    let dictionary = [
        "{\"record\":\"start\"", "{\"record\":\"test\"", "{\"record\":\"file\"", "{\"record\":\"complete\",\"lines\":",
        "\"format\":\"orrery-results/1\"", "\"shard\":", "\"index\":", "\"count\":", "\"sweep\":", "\"scripts\":",
        "\"tests\":", "\"seed\":", "\"path\":", "\"sha256\":", "\"file\":", "\"name\":", "\"test\":", "\"statistical\":",
        "\"failures\":", "\"error\":", "\"samples\":", "\"passes\":", "\"seconds\":", "null", "true", "false", "[]", "{}",
        "18446744073709551615", "-1", "1e400", "\n", "\0", "\\u0000", "\"",
    ]

    func run(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).prefix(8)
        var files: [ResultsFile] = []
        for (i, part) in parts.enumerated() {
            if let file = try? ResultsFile(parsing: String(decoding: part, as: UTF8.self), path: "part\(i).jsonl") {
                files.append(file)
            }
        }
        guard !files.isEmpty else { return }
        _ = try? ShardMerge.merge(files)
        _ = try? ShardMerge.merge(files, allowPartial: true)
    }

    /// Files written by `orrery test --results` (Tests/fuzz/results/), alone and sharded
    /// pairs joined as one input.
    func seeds(root: String) -> [[UInt8]] {
        let files = SeedFiles.read(under: root + "/Tests/fuzz/results", suffix: ".jsonl")
        var seeds = files
        for i in stride(from: 0, to: files.count - 1, by: 2) { seeds.append(files[i] + [0] + files[i + 1]) }
        return seeds
    }
}
