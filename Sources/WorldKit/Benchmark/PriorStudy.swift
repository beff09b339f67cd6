// MARK: - Which priors make which models better: the measurement
//
// The experiment behind docs/priors.md (`Scripts/bench priors`). Learned models are
// trained on the benchmark's PhyWorld family (speeds in [1, 4] m/s) under several
// training seeds, then rolled out on three kinds of held-out scenes:
//  - id: the same family;
//  - ood: the same family with unseen speeds ([0, 0.8] ∪ [4.5, 6] m/s);
//  - push: the same family, body a pushed up in mid-run (a dynamic do: the model's
//    state is edited through its factors, the truth is the simulator's twin world).
// Each is scored by the mean position error after the context (after the push for
// `push`). Variants: the plain model; rollout priors in project mode (each feedback);
// the model trained with priors (when the training supports it); the model guided by
// the simulator at a coarse step. Trivial rows (nothing moves, constant velocity) are
// measured on the same scenes. Every figure is computed here; nothing is typed in.

/// The prior study's settings.
public struct PriorStudyOptions: Hashable, Sendable {
    public var models: [String]
    public var seeds: [UInt64]
    public var trainingScenes: Int
    public var trainingSteps: Int
    public var epochs: Int
    public var learningRate: Double
    public var hidden: Int
    public var k: Int
    /// Held-out scenes per condition, and their length in steps.
    public var scenes: Int
    public var horizon: Int
    /// The guided variant: key states every `every` steps from the simulator at `coarse`× its step.
    public var every: Int
    public var coarse: Int
    /// Weight of the penalties when training with priors.
    public var priorWeight: Double
    /// Epochs on the data alone before the penalties join the loss.
    public var priorWarmup: Int = 0
    /// Unlabelled out-of-distribution scenes (only their context observed) on which the priors
    /// alone train the model's own rollouts, and how many steps those rollouts run (0 scenes: none).
    public var unlabelledScenes: Int = 0
    public var unlabelledHorizon: Int = UnlabelledScenes.defaultHorizon
    /// The priors the training with priors adds to its loss, a factor on the weight for some of
    /// them, and unlabelled worlds per labelled example.
    public var trainingPriors: [String] = PriorStudy.trainingPriors
    /// nil: each family's defaults (`TrainingPriorDefaults.scales(forKind:)`).
    public var priorScales: [String: Double]? = nil
    public var unlabelledPerExample: Double = UnlabelledScenes.defaultPerExample
    /// Seeds the held-out scenes of every condition (another seed: fresh scenes, to confirm
    /// settings chosen on the standard ones), and the stream of unlabelled scenes.
    public var heldOutSeed: UInt64 = PriorStudy.standardHeldOutSeed
    /// Only the variant trained with priors (for sweeping its settings; the other variants do not depend on them).
    public var onlyTrained: Bool = false
    /// Whether to run the sweep of prior sets × feedbacks (the main table needs only the defaults).
    public var sweep: Bool = true

    public static let standard = PriorStudyOptions(models: ["window", "hybrid", "objectnet"], seeds: [1, 2, 3],
                                                   trainingScenes: 120, trainingSteps: 60, epochs: 20, learningRate: 3e-3,
                                                   hidden: 32, k: 8, scenes: 12, horizon: 120, every: 10, coarse: 5,
                                                   priorWeight: PriorStudy.trainingWeight, priorWarmup: 10,
                                                   unlabelledScenes: 180, unlabelledHorizon: UnlabelledScenes.defaultHorizon)
    /// Tiny sizes for tests.
    public static let tiny = PriorStudyOptions(models: ["window"], seeds: [1], trainingScenes: 3, trainingSteps: 20, epochs: 1,
                                               learningRate: 3e-3, hidden: 8, k: 4, scenes: 1, horizon: 30, every: 10, coarse: 5,
                                               priorWeight: TrainingPriorDefaults.weight)
}

/// One measured cell: a model, a variant and a condition, one mean error per training seed.
public struct PriorStudyCell: Hashable, Sendable {
    public var model: String
    public var variant: String
    public var condition: String
    public var perSeed: [Double]

    public var mean: Double { perSeed.isEmpty ? .nan : perSeed.reduce(0, +) / Double(perSeed.count) }
    /// Sample standard deviation over the seeds (0 for one seed).
    public var spread: Double {
        guard perSeed.count > 1 else { return 0 }
        let m = mean
        return (perSeed.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(perSeed.count - 1)).squareRoot()
    }
}

/// What the study measured.
public struct PriorStudyReport: Sendable {
    public var options: PriorStudyOptions
    public var cells: [PriorStudyCell]
    /// Why a variant has no figures (e.g. training with priors unsupported by a model), by "model/variant".
    public var unavailable: [String: String]
    /// What the priors contributed to each training with priors, by model, one per seed.
    public var contributions: [String: [PriorContribution]] = [:]

    public func cell(_ model: String, _ variant: String, _ condition: String) -> PriorStudyCell? {
        cells.first { $0.model == model && $0.variant == variant && $0.condition == condition }
    }
}

public enum PriorStudy {
    public static let conditions = ["id", "ood", "push"]
    /// The rollout priors of the main table, and the sets the sweep compares.
    public static let rolloutPriors = ["no_overlap", "above_ground", "gravity"]
    public static let priorSets: [(name: String, priors: [String])] = [
        ("geometric", ["no_overlap", "above_ground"]), ("gravity", ["gravity"]), ("energy", ["energy"]),
        ("momentum", ["momentum"]), ("all", BuiltinPriors.names),
    ]
    /// The priors a training with priors adds to its loss, and their weight in the study.
    public static let trainingPriors = ["no_overlap", "above_ground", "gravity"]
    /// The language's default weight (docs/priors.md: `Scripts/bench priors-sweep`), with a warm-up of half the epochs.
    public static let trainingWeight = TrainingPriorDefaults.weight

    /// Unlabelled scenes for training with priors: the family at out-of-distribution speeds,
    /// from a stream of their own (not the held-out scenes), only `contextFrames` observed.
    static func unlabelled(_ options: PriorStudyOptions, contextFrames: Int) throws -> UnlabelledScenes? {
        guard options.unlabelledScenes > 0 else { return nil }
        var rng = RandomStream(seed: 0x554E_4C41_4245_4C)
        let scenes = (0..<options.unlabelledScenes).map {
            BenchmarkScenes.family(&rng, index: $0, speeds: [BenchmarkScenes.slowSpeeds, BenchmarkScenes.fastSpeeds])
        }
        return try UnlabelledScenes(scenes: scenes, contextFrames: contextFrames, horizon: options.unlabelledHorizon,
                                    perExample: options.unlabelledPerExample, seed: 1)
    }

    static func priors(_ names: [String]) -> [any Prior] { names.compactMap(BuiltinPriors.named) }

    /// The seed of the held-out scenes the study's settings were chosen on.
    public static let standardHeldOutSeed: UInt64 = 0x5052_494F_5253

    /// The held-out scenes of each condition (the same for every model and seed).
    static func scenes(_ options: PriorStudyOptions) -> [String: [Scene]] {
        var rng = RandomStream(seed: options.heldOutSeed)
        let id = (0..<options.scenes).map { BenchmarkScenes.family(&rng, index: $0, speeds: [BenchmarkScenes.trainingSpeeds]) }
        let ood = (0..<options.scenes).map {
            BenchmarkScenes.family(&rng, index: $0, speeds: [BenchmarkScenes.slowSpeeds, BenchmarkScenes.fastSpeeds])
        }
        let push = (0..<options.scenes).map { BenchmarkScenes.family(&rng, index: $0, speeds: [BenchmarkScenes.trainingSpeeds]) }
        return ["id": id, "ood": ood, "push": push]
    }

    /// The push of the `push` condition: a's velocity gains 4 m/s upward at step `split`.
    static let pushSpeed = Vec2(0, 4)
    static func pushStep(_ model: any WorldModel) -> Int { max(1, model.contextLength) + 10 }

    /// Runs the study; `progress` hears what finished (it may throw to stop).
    public static func run(_ options: PriorStudyOptions, progress: (String) throws -> Void = { _ in }) throws -> PriorStudyReport {
        let byCondition = scenes(options)
        var truths: [String: [Rollout]] = [:]
        for c in ["id", "ood"] { truths[c] = try byCondition[c, default: []].map { try Simulator.rollout($0, steps: options.horizon) } }
        var values: [String: [Double]] = [:]
        var unavailable: [String: String] = [:]
        var contributions: [String: [PriorContribution]] = [:]
        func record(_ model: String, _ variant: String, _ condition: String, _ v: Double) {
            values["\(model)\t\(variant)\t\(condition)", default: []].append(v)
        }
        let training = BenchmarkTraining(scenes: options.trainingScenes, steps: options.trainingSteps, epochs: options.epochs,
                                         learningRate: options.learningRate, hidden: options.hidden, k: options.k)
        // Trivial rows: the same on every seed, measured once.
        for (name, model) in [("still", StillModel() as any WorldModel), ("constant velocity", ConstantVelocityModel())] {
            for c in conditions {
                record(name, "plain", c, try error(model, c, byCondition, truths, options: options))
            }
        }
        for seed in options.seeds {
            let data = try Dataset(scenes: BenchmarkScenes.training(options.trainingScenes, seed: 1), steps: options.trainingSteps, seed: 1)
            for kind in options.models where !options.onlyTrained {
                let model = try Benchmark.build(kind, training: training)
                guard let learnable = model as? any TrainableModel else { throw ModelError("\(kind) is not trainable") }
                try Trainer.train(learnable, on: data, options: TrainingOptions(epochs: options.epochs, learningRate: options.learningRate, seed: seed))
                try progress("\(kind) seed \(seed) trained")
                for c in conditions {
                    record(kind, "plain", c, try error(model, c, byCondition, truths, options: options))
                    for feedback in options.sweep ? FeedbackPolicy.allCases : [] {
                        for set in priorSets {
                            record(kind, "\(set.name), \(feedback.languageName)", c,
                                   try error(model, c, byCondition, truths, options: options, priors: priors(set.priors), feedback: feedback))
                        }
                        record(kind, "rollout priors, \(feedback.languageName)", c,
                               try error(model, c, byCondition, truths, options: options, priors: priors(rolloutPriors), feedback: feedback))
                    }
                    record(kind, "rollout priors", c,
                           try error(model, c, byCondition, truths, options: options, priors: priors(rolloutPriors)))
                    let guided = try GuidedModel(model, planner: SimulatorPlanner(coarseness: options.coarse), every: options.every)
                    record(kind, "guided", c, try error(guided, c, byCondition, truths, options: options))
                }
                try progress("\(kind) seed \(seed) measured")
            }
            for kind in options.models {
                // Trained with priors, where the model's training takes them.
                do {
                    let withPriors = try Benchmark.build(kind, training: training)
                    guard let l = withPriors as? any TrainableModel else { continue }
                    var tp = try TrainingPriors.make(from: priors(options.trainingPriors), weight: options.priorWeight)
                    tp.scales = options.priorScales ?? TrainingPriorDefaults.scales(forKind: kind)
                    tp.warmup = options.priorWarmup
                    tp.unlabelled = try unlabelled(options, contextFrames: max(1, withPriors.contextLength))
                    let report = try PriorTraining.train(l, on: data, options: TrainingOptions(epochs: options.epochs, learningRate: options.learningRate, seed: seed),
                                                         priors: tp)
                    if let c = report.priors { contributions[kind, default: []].append(c) }
                    for c in conditions {
                        record(kind, "trained with priors", c, try error(withPriors, c, byCondition, truths, options: options))
                    }
                    try progress("\(kind) seed \(seed) trained with priors")
                } catch let e as ModelError {
                    unavailable["\(kind)/trained with priors"] = e.message
                }
            }
        }
        var cells: [PriorStudyCell] = []
        for key in values.keys.sorted() {
            let parts = key.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let v = values[key] else { continue }
            cells.append(PriorStudyCell(model: parts[0], variant: parts[1], condition: parts[2], perSeed: v))
        }
        var out = PriorStudyReport(options: options, cells: cells, unavailable: unavailable)
        out.contributions = contributions
        return out
    }

    /// Mean error of `model` over the condition's scenes (with `priors` in project mode when given).
    static func error(_ model: any WorldModel, _ condition: String, _ scenes: [String: [Scene]], _ truths: [String: [Rollout]],
                      options: PriorStudyOptions, priors: [any Prior] = [], feedback: FeedbackPolicy? = nil) throws -> Double {
        let list = scenes[condition, default: []]
        guard !list.isEmpty else { return .nan }
        var total = 0.0
        for (i, scene) in list.enumerated() {
            let from = max(1, model.contextLength)
            if condition == "push" {
                let split = pushStep(model)
                let factual = try Simulator.rollout(scene, steps: options.horizon)
                let mass = scene.body(named: "a")?.resolvedMass ?? 1
                let twin = try Counterfactual.twin(of: factual, at: split, interventions: [.push("a", pushSpeed * mass)])
                let edit = ScheduledEdit(step: split) { m, state in
                    guard let a = try m.decode(state)["a"] else { return state }
                    let v = a.velocity + pushSpeed
                    // A model that cannot be edited (the still row) does not see the push.
                    guard let once = try? m.edit(state, body: "a", factor: "vx", to: v.x) else { return state }
                    return (try? m.edit(once, body: "a", factor: "vy", to: v.y)) ?? once
                }
                let r = try ConstrainedRollout.run(model, scene: scene, steps: options.horizon, priors: priors,
                                                   mode: priors.isEmpty ? .check : .project, feedback: feedback, edit: edit).rollout
                total += Metrics.positionError(r, twin.counterfactual, fromStep: split + 1).mean
            } else {
                let truth: Rollout
                if let known = truths[condition], i < known.count { truth = known[i] } else { truth = try Simulator.rollout(scene, steps: options.horizon) }
                let r = priors.isEmpty
                    ? try ModelRollout.run(model, scene: scene, steps: options.horizon)
                    : try ConstrainedRollout.run(model, scene: scene, steps: options.horizon, priors: priors, mode: .project,
                                                 feedback: feedback).rollout
                total += Metrics.positionError(r, truth, fromStep: from).mean
            }
        }
        return total / Double(list.count)
    }
}
