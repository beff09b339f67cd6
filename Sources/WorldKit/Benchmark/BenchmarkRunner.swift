// MARK: - The runner
//
// Models × tasks. The learned models are trained once, each on the same small dataset
// of in-distribution scenes with the same training seed, then every contender runs
// every task on the same seeded scenes. Each cell is a mean with a 95% interval:
// Wilson for rates, Student's t for means. The simulator's row is the ceiling.

/// What to benchmark.
public struct BenchmarkOptions: Hashable, Sendable {
    /// Contender names: a model kind (`physics`, `still`, `window`, `memory`, `objectnet`,
    /// `hybrid`, `latent`), optionally with `+priors`.
    public var models: [String]
    public var tasks: [String]
    public var seed: UInt64
    /// Small data, short training, few scenes: for tests and smoke runs.
    public var quick: Bool

    public static let defaultModels = ["physics", "still", "window", "memory", "objectnet", "window+priors"]
    public static let knownModels = ["physics", "still", "window", "memory", "objectnet", "hybrid", "latent"]

    public init(models: [String] = BenchmarkOptions.defaultModels, tasks: [String] = BenchmarkTasks.names,
                seed: UInt64 = 1, quick: Bool = false) {
        self.models = models
        self.tasks = tasks
        self.seed = seed
        self.quick = quick
    }

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
    /// Checks the names, trains the learned models, runs every task for every contender.
    /// `progress` hears one line per finished stage (for a CLI; library code never prints).
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
        let settings = BenchmarkSettings(seed: options.seed, quick: options.quick)
        var samples: [[MetricSample]] = []
        for c in contenders {
            var row: [MetricSample] = []
            for t in tasks {
                row.append(contentsOf: try t.run(c, settings: settings))
                try progress("\(c.name): \(t.name) done")
            }
            samples.append(row)
        }
        return BenchmarkReport(options: options, version: version, contenders: contenders.map(\.name), samples: samples)
    }

    /// The contenders, with every learned model trained once on the shared dataset.
    public static func makeContenders(_ options: BenchmarkOptions, progress: (String) throws -> Void = { _ in }) throws -> [BenchmarkContender] {
        guard !options.models.isEmpty else { throw ModelError("no benchmark model given") }
        var seen = Set<String>()
        for name in options.models {
            guard seen.insert(name).inserted else { throw ModelError("benchmark model '\(name)' is listed twice") }
            let base = name.hasSuffix("+priors") ? String(name.dropLast("+priors".count)) : name
            guard knownModel(base) else {
                throw ModelError("unknown benchmark model '\(name)' (known: \(BenchmarkOptions.knownModels.joined(separator: ", ")), each also with +priors)")
            }
        }
        let t = options.training
        var dataset: Dataset?
        var trained: [String: any WorldModel] = [:]
        var out: [BenchmarkContender] = []
        for name in options.models {
            let priors = name.hasSuffix("+priors")
            let base = priors ? String(name.dropLast("+priors".count)) : name
            let model: any WorldModel
            if let m = trained[base] {
                model = m
            } else {
                let fresh = try build(base, training: t)
                if let learnable = fresh as? any TrainableModel {
                    if dataset == nil {
                        dataset = try Dataset(scenes: BenchmarkScenes.training(t.scenes, seed: options.seed), steps: t.steps, seed: options.seed)
                    }
                    if let d = dataset {
                        try train(learnable, d, epochs: t.epochs, learningRate: t.learningRate, seed: options.seed)
                        try progress("trained \(base)")
                    }
                }
                trained[base] = fresh
                model = fresh
            }
            out.append(BenchmarkContender(name: name, model: model, priors: priors ? BenchmarkContender.defaultPriors : []))
        }
        return out
    }

    static func knownModel(_ name: String) -> Bool { BenchmarkOptions.knownModels.contains(name) }

    /// A fresh model of this kind with the benchmark's sizes.
    static func build(_ kind: String, training t: BenchmarkTraining) throws -> any WorldModel {
        switch kind {
        case "physics": return PhysicsModel()
        case "still": return StillModel()
        case "window": return try WindowModel(k: t.k, hidden: t.hidden)
        case "memory": return try MemoryModel(k: t.k, hidden: t.hidden, mode: .retrieval)
        case "objectnet": return try ObjectNetModel(hidden: t.hidden)
        case "hybrid": return try HybridModel(hidden: t.hidden)
        case "latent": return try LatentModel(dim: 16, hidden: t.hidden)
        default: throw ModelError("unknown benchmark model '\(kind)'")
        }
    }
}
