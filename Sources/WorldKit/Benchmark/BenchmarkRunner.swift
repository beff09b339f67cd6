// MARK: - The runner
//
// Models × tasks. Every learned model is trained `copies` times (3 by default), copy c
// on its own dataset of in-distribution scenes with training seed `seed + c`; every
// copy of every contender then runs every task on the same seeded scenes, scored from
// the same step. Each cell is the mean over copies with a 95% interval over scenes and
// training seeds (`BenchmarkBootstrap`). The simulator's column is the ceiling; `still`
// is the trivial baseline.

/// What to benchmark.
public struct BenchmarkOptions: Hashable, Sendable {
    /// Contender names: a model kind (`physics`, `still`, `window`, `memory`, `objectnet`,
    /// `hybrid`, `latent`), optionally with `+priors`.
    public var models: [String]
    public var tasks: [String]
    public var seed: UInt64
    /// Small data, short training, few scenes: for tests and smoke runs.
    public var quick: Bool
    /// Trained copies of each learned model (training seeds `seed`, `seed + 1`, …).
    public var copies: Int

    /// Trained copies by default: enough for an interval over training seeds.
    public static let defaultCopies = 3
    /// Most trained copies accepted.
    public static let maximumCopies = 64

    public static let defaultModels = ["physics", "still", "velocity", "window", "memory", "objectnet", "window+priors"]
    public static let knownModels = ["physics", "still", "velocity", "window", "memory", "objectnet", "hybrid", "latent"]

    public init(models: [String] = BenchmarkOptions.defaultModels, tasks: [String] = BenchmarkTasks.names,
                seed: UInt64 = 1, quick: Bool = false, copies: Int = BenchmarkOptions.defaultCopies) {
        self.models = models
        self.tasks = tasks
        self.seed = seed
        self.quick = quick
        self.copies = copies
    }

    /// The training seeds of the copies.
    public var trainingSeeds: [UInt64] { (0..<max(0, copies)).map { seed &+ UInt64($0) } }

    /// Training sizes: the shared dataset and the optimiser's settings.
    public var training: BenchmarkTraining { quick ? .quick : .standard }
}

/// The shared training set-up.
public struct BenchmarkTraining: Hashable, Sendable {
    public var scenes: Int
    public var steps: Int
    public var epochs: Int
    public var learningRate: Double
    public var hidden: Int
    /// The window (and memory) model's k.
    public var k: Int

    public static let standard = BenchmarkTraining(scenes: 120, steps: 60, epochs: 20, learningRate: 3e-3, hidden: 32, k: 8)
    public static let quick = BenchmarkTraining(scenes: 16, steps: 60, epochs: 8, learningRate: 3e-3, hidden: 16, k: 8)
}

/// Runs the functional benchmark.
public enum Benchmark {
    /// Checks the names, trains the learned models' copies, runs every task for every copy
    /// of every contender. `progress` hears one line per finished stage (for a CLI; library
    /// code never prints).
    public static func run(_ options: BenchmarkOptions, version: String,
                           progress: (String) throws -> Void = { _ in }) throws -> BenchmarkReport {
        let tasks = try options.tasks.map { name -> any BenchmarkTask in
            guard let t = BenchmarkTasks.named(name) else {
                throw ModelError("unknown benchmark task '\(name)' (known: \(BenchmarkTasks.names.joined(separator: ", ")))")
            }
            return t
        }
        guard !tasks.isEmpty else { throw ModelError("no benchmark task given") }
        let contenders = try makeContenders(options, progress: progress)
        // Every contender is scored from the same step: after the longest context.
        let scoreFrom = contenders.flatMap { $0 }.map(\.firstPredictedStep).max() ?? BenchmarkSettings.defaultScoreFrom
        let settings = BenchmarkSettings(seed: options.seed, quick: options.quick, scoreFrom: scoreFrom)
        var samples: [[[MetricSample]]] = []
        var learned = false
        for copies in contenders {
            var perCopy: [[MetricSample]] = []
            if copies.count > 1 { learned = true }
            for (k, c) in copies.enumerated() {
                var row: [MetricSample] = []
                for t in tasks {
                    row.append(contentsOf: try t.run(c, settings: settings))
                    try progress("\(c.name)\(copies.count > 1 ? " copy \(k + 1)/\(copies.count)" : ""): \(t.name) done")
                }
                perCopy.append(row)
            }
            samples.append(perCopy)
        }
        return BenchmarkReport(options: options, version: version, contenders: contenders.compactMap { $0.first?.name },
                               trainingSeeds: learned ? options.trainingSeeds : [], scoreFrom: scoreFrom, samples: samples)
    }

    /// The contenders, each as its trained copies (one for models that are not learned).
    public static func makeContenders(_ options: BenchmarkOptions, progress: (String) throws -> Void = { _ in }) throws -> [[BenchmarkContender]] {
        guard !options.models.isEmpty else { throw ModelError("no benchmark model given") }
        guard (1...BenchmarkOptions.maximumCopies).contains(options.copies) else {
            throw ModelError("trained copies must be in 1...\(BenchmarkOptions.maximumCopies), got \(options.copies)")
        }
        var seen = Set<String>()
        for name in options.models {
            guard seen.insert(name).inserted else { throw ModelError("benchmark model '\(name)' is listed twice") }
            let base = name.hasSuffix("+priors") ? String(name.dropLast("+priors".count)) : name
            guard knownModel(base) else {
                throw ModelError("unknown benchmark model '\(name)' (known: \(BenchmarkOptions.knownModels.joined(separator: ", ")), each also with +priors)")
            }
        }
        let t = options.training
        var datasets: [UInt64: Dataset] = [:]
        var trained: [String: [any WorldModel]] = [:]
        var out: [[BenchmarkContender]] = []
        for name in options.models {
            let priors = name.hasSuffix("+priors")
            let base = priors ? String(name.dropLast("+priors".count)) : name
            let models: [any WorldModel]
            if let m = trained[base] {
                models = m
            } else {
                var copies: [any WorldModel] = []
                let first = try build(base, training: t)
                if first is any TrainableModel {
                    for (k, seed) in options.trainingSeeds.enumerated() {
                        let fresh = k == 0 ? first : try build(base, training: t)
                        guard let learnable = fresh as? any TrainableModel else { continue }
                        let data: Dataset
                        if let d = datasets[seed] {
                            data = d
                        } else {
                            data = try Dataset(scenes: BenchmarkScenes.training(t.scenes, seed: seed), steps: t.steps, seed: seed)
                            datasets[seed] = data
                        }
                        try train(learnable, data, epochs: t.epochs, learningRate: t.learningRate, seed: seed)
                        try progress("trained \(base) (seed \(seed))")
                        copies.append(fresh)
                    }
                } else {
                    copies = [first]
                }
                trained[base] = copies
                models = copies
            }
            out.append(models.map { BenchmarkContender(name: name, model: $0, priors: priors ? BenchmarkContender.defaultPriors : []) })
        }
        return out
    }

    static func knownModel(_ name: String) -> Bool { BenchmarkOptions.knownModels.contains(name) }

    /// A fresh model of this kind with the benchmark's sizes.
    static func build(_ kind: String, training t: BenchmarkTraining) throws -> any WorldModel {
        switch kind {
        case "physics": return PhysicsModel()
        case "still": return StillModel()
        case "velocity": return ConstantVelocityModel()
        case "window": return try WindowModel(k: t.k, hidden: t.hidden)
        case "memory": return try MemoryModel(k: t.k, hidden: t.hidden, mode: .retrieval)
        case "objectnet": return try ObjectNetModel(hidden: t.hidden)
        case "hybrid": return try HybridModel(hidden: t.hidden)
        case "latent": return try LatentModel(dim: 16, hidden: t.hidden)
        default: throw ModelError("unknown benchmark model '\(kind)'")
        }
    }
}
