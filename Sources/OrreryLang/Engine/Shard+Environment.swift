// MARK: - Choosing the shard
//
// Cluster schedulers already number array jobs; reading their numbering lets one
// command line serve every task: SLURM sets SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_TASK_COUNT; a Kubernetes indexed Job sets JOB_COMPLETION_INDEX only,
// so its count comes from the command line.
//
// Reading them is opt-in: a per-file array (`orrery test "${FILES[$SLURM_ARRAY_TASK_ID]}"`)
// runs inside the same variables and must run each file whole.

extension Shard {
    /// The shard to run. `flag` is `--shard`: `i/N`, or `auto` for the scheduler's index.
    /// Without it the scheduler's index is read only when `fromScheduler` is true (the
    /// caller writes results for `orrery merge`) or `count` (`--shard-count`) is given, and
    /// the run is whole (nil) when no index is set. Throws a message for a malformed or
    /// inconsistent choice.
    public static func select(flag: String?, count: Int?, fromScheduler: Bool,
                              environment: [String: String]) throws -> Shard? {
        if let flag, flag != "auto" {
            guard let shard = Shard(parsing: flag) else {
                throw ShardMergeError("--shard expects i/N with 0 <= i < N, or auto, got '\(flag)'")
            }
            if let count, count != shard.count {
                throw ShardMergeError("--shard \(flag) disagrees with --shard-count \(count)")
            }
            return shard
        }
        guard flag == "auto" || fromScheduler || count != nil else { return nil }
        if let shard = try scheduled(count: count, environment: environment) { return shard }
        if flag == "auto" {
            throw ShardMergeError("--shard auto found no scheduler index: neither SLURM_ARRAY_TASK_ID (sbatch --array) nor JOB_COMPLETION_INDEX (a Kubernetes indexed Job) is set")
        }
        if count != nil { throw ShardMergeError("--shard-count needs --shard or a scheduler's index variable (JOB_COMPLETION_INDEX)") }
        return nil
    }

    /// The shard named by SLURM's or Kubernetes' variables; nil when neither is set.
    static func scheduled(count: Int?, environment: [String: String]) throws -> Shard? {
        if let id = environment["SLURM_ARRAY_TASK_ID"] {
            return try slurm(id: id, count: count, environment: environment)
        }
        if let id = environment["JOB_COMPLETION_INDEX"] {
            guard let i = Int(id) else { throw ShardMergeError("JOB_COMPLETION_INDEX is not a number: '\(id)'") }
            guard let n = count else { throw ShardMergeError("JOB_COMPLETION_INDEX is set; give the job's completions as --shard-count") }
            guard let shard = Shard(index: i, count: n) else {
                throw ShardMergeError("JOB_COMPLETION_INDEX \(i) is not below --shard-count \(n)")
            }
            return shard
        }
        return nil
    }

    /// A SLURM array task as a shard. Shards need the indices 0…N-1, each once: an
    /// array that starts elsewhere, steps, or skips (`--array=1-4`, `0-6:2`, `0,2,5`) is
    /// refused with what is wrong and the `--array` that works.
    static func slurm(id: String, count: Int?, environment: [String: String]) throws -> Shard {
        guard let i = Int(id) else { throw ShardMergeError("SLURM_ARRAY_TASK_ID is not a number: '\(id)'") }
        let tasks = environment["SLURM_ARRAY_TASK_COUNT"].flatMap { Int($0) }
        guard let n = count ?? tasks else {
            throw ShardMergeError("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shard-count")
        }
        if let count, let tasks, count != tasks {
            throw ShardMergeError("--shard-count \(count) disagrees with SLURM_ARRAY_TASK_COUNT \(tasks)")
        }
        let min = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) }
        let max = environment["SLURM_ARRAY_TASK_MAX"].flatMap { Int($0) }
        let step = environment["SLURM_ARRAY_TASK_STEP"].flatMap { Int($0) }
        let submitted = "sbatch --array=\(min.map(String.init) ?? "?")-\(max.map(String.init) ?? "?")"
        let fix = "shards need the array indices 0 to \(n - 1), each once: submit with --array=0-\(n - 1)"
        if let step, step != 1 {
            throw ShardMergeError("this SLURM array steps by \(step) (\(submitted):\(step)); \(fix)")
        }
        if let min, min != 0 {
            throw ShardMergeError("this SLURM array starts at \(min), not 0 (\(submitted)); \(fix)")
        }
        if let max, max != n - 1 {
            throw ShardMergeError("this SLURM array has \(n) tasks but indices up to \(max) (a list with gaps, such as --array=0,2,5?); \(fix)")
        }
        guard let shard = Shard(index: i, count: n) else {
            throw ShardMergeError("SLURM_ARRAY_TASK_ID \(i) is not below the task count \(n); \(fix)")
        }
        return shard
    }
}
