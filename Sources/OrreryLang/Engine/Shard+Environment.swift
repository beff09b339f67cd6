// MARK: - Choosing the shard
//
// Cluster schedulers already number array jobs; reading their numbering lets one
// command line serve every task: SLURM sets SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_TASK_COUNT; a Kubernetes indexed Job sets JOB_COMPLETION_INDEX only,
// so its count comes from the command line.

extension Shard {
    /// The shard to run: `--shard i/N` first, then SLURM's variables, then
    /// `JOB_COMPLETION_INDEX` with `--shard-count N`; nil (everything) when none is set.
    /// Throws a message for a malformed or inconsistent choice.
    public static func select(flag: String?, count: Int?, environment: [String: String]) throws -> Shard? {
        if let flag {
            guard let shard = Shard(parsing: flag) else {
                throw ShardMergeError("--shard expects i/N with 0 <= i < N, got '\(flag)'")
            }
            if let count, count != shard.count {
                throw ShardMergeError("--shard \(flag) disagrees with --shard-count \(count)")
            }
            return shard
        }
        if let id = environment["SLURM_ARRAY_TASK_ID"] {
            guard let i = Int(id) else { throw ShardMergeError("SLURM_ARRAY_TASK_ID is not a number: '\(id)'") }
            guard let n = count ?? environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }) else {
                throw ShardMergeError("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shard-count")
            }
            guard let shard = Shard(index: i, count: n) else {
                throw ShardMergeError("SLURM_ARRAY_TASK_ID \(i) is not below the task count \(n) (array indices must start at 0)")
            }
            return shard
        }
        if let id = environment["JOB_COMPLETION_INDEX"] {
            guard let i = Int(id) else { throw ShardMergeError("JOB_COMPLETION_INDEX is not a number: '\(id)'") }
            guard let n = count else { throw ShardMergeError("JOB_COMPLETION_INDEX is set; give the job's completions as --shard-count") }
            guard let shard = Shard(index: i, count: n) else {
                throw ShardMergeError("JOB_COMPLETION_INDEX \(i) is not below --shard-count \(n)")
            }
            return shard
        }
        if count != nil { throw ShardMergeError("--shard-count needs --shard or a scheduler's index variable") }
        return nil
    }
}
