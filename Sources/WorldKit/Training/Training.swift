#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Training
//
// One training loop for every learned model. A model turns a dataset into a
// `TrainingSession` (its examples, its trainable tensors, its loss); the `Trainer`
// runs minibatch Adam over it with gradient clipping, measures the held-out loss
// after every epoch, stops early when that stops improving and keeps the best
// weights. Shuffling comes from a stream seeded by the caller: the same data,
// seed and options give bit-identical weights.

/// A model's training problem, built once from a dataset.
public protocol TrainingSession: AnyObject {
    /// Number of training examples (the trainer batches over `0..<trainingExampleCount`).
    var trainingExampleCount: Int { get }
    /// The trainable tensors, in a fixed order.
    var parameters: [Matrix] { get set }
    /// Mean loss over the given training examples and its gradient for each parameter.
    func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix])
    /// Mean loss over the whole training set (nil to use the epoch's running mean).
    func trainingLoss() throws -> Double?
    /// Mean loss over the held-out examples, or nil when there are none.
    func heldOutLoss() throws -> Double?
    /// Mean position error (metres) of the model's own rollouts over the held-out rollouts,
    /// over `rolloutHorizon` steps after the context, or nil when the session does not roll
    /// out. When present, early stopping and the kept weights follow it, not `heldOutLoss`.
    func heldOutRolloutError() throws -> Double?
    /// The horizon of `heldOutRolloutError` in steps (0 when the session does not roll out).
    var rolloutHorizon: Int { get }
    /// Steps one training example unrolls (1: teacher forcing).
    var unrollSteps: Int { get }
    /// Examples per minibatch for a requested batch size (an unrolled example holds many steps).
    func batchSize(requested: Int) -> Int
    /// Installs the final parameters in the model and marks it trained.
    func finish(report: TrainingReport) throws
}

extension TrainingSession {
    public func trainingLoss() throws -> Double? { nil }
    public func heldOutRolloutError() throws -> Double? { nil }
    public var rolloutHorizon: Int { 0 }
    public var unrollSteps: Int { 1 }
    public func batchSize(requested: Int) -> Int { requested }
}

/// What a training session is built with besides the data: the seed, the unroll and the priors.
public struct TrainingSetup {
    /// Seeds the weights (and any noise the session draws).
    public var seed: UInt64
    /// Steps a training example unrolls through the model's own predictions (1 is
    /// teacher-forced one-step regression); nil lets the model choose its default.
    public var unroll: Int?
    /// Standard deviation (metres) of the noise added to the history an unroll starts
    /// from; nil lets the model choose.
    public var noise: Double?
    /// Priors added to the multi-step loss, or nil.
    public var priors: TrainingPriors?

    public init(seed: UInt64, unroll: Int? = nil, noise: Double? = nil, priors: TrainingPriors? = nil) {
        self.seed = seed
        self.unroll = unroll
        self.noise = noise
        self.priors = priors
    }
}

/// A model the trainer can train.
public protocol TrainableModel: WorldModel {
    /// Builds the training problem: examples from the dataset, normalisers, fresh weights drawn from `seed`.
    func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession
    /// Builds the training problem with an unroll length, input noise and priors. Models
    /// that do not unroll keep the default, which refuses priors and ignores the rest.
    func makeTrainingSession(dataset: Dataset, setup: TrainingSetup) throws -> any TrainingSession
    /// The memory training on `dataset` will need, estimated before anything large is
    /// allocated; nil when the model does not estimate (its needs are small). The trainer
    /// refuses a training whose estimate exceeds `TrainingOptions.memoryLimit`.
    func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate?
    /// The report of the last training, if any (kept for `describe`, plots and model files).
    var trainingReport: TrainingReport? { get }
}

extension TrainableModel {
    public func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate? { nil }

    public func makeTrainingSession(dataset: Dataset, setup: TrainingSetup) throws -> any TrainingSession {
        if setup.priors != nil {
            throw ModelError("\(kind) cannot train with priors: its training does not unroll its own predictions into states")
        }
        return try makeTrainingSession(dataset: dataset, seed: setup.seed)
    }
}

/// Bytes a computation will need, with what they are for (the message of a refusal).
public struct MemoryEstimate: Hashable, Sendable {
    public var bytes: Int
    /// What dominates, e.g. "9,600 frames of 32×24 pixels".
    public var detail: String

    public init(bytes: Int, detail: String) {
        self.bytes = bytes
        self.detail = detail
    }

    /// `bytes` for people: "512 MiB", "37.5 GiB".
    public static func formatted(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) \(units[unit])" : "\(rounded) \(units[unit])"
    }

    /// The refusal when this estimate exceeds `limit`, else nil.
    public func refusal(kind: String, limit: Int) -> ModelError? {
        guard bytes > limit else { return nil }
        return ModelError("\(kind): training would need about \(MemoryEstimate.formatted(bytes)) (\(detail)), more than the memory limit of \(MemoryEstimate.formatted(limit)); use fewer or shorter rollouts or smaller frames")
    }
}

/// How to train.
public struct TrainingOptions: Hashable, Sendable {
    public var epochs: Int
    public var learningRate: Double
    public var batchSize: Int
    /// Epochs without a held-out improvement before stopping.
    public var patience: Int
    /// Largest global gradient norm; nil disables clipping.
    public var gradientClip: Double?
    /// Seeds the weights and the shuffling.
    public var seed: UInt64
    /// The learning rate follows a cosine from `learningRate` down to this fraction of it
    /// at the last planned epoch: large steps early, fine ones late (1 keeps it constant).
    public var finalLearningRateFraction: Double
    /// Bytes a training may need (its estimate, before allocating); more is refused with
    /// the estimate in the error.
    public var memoryLimit: Int
    /// Steps each training example unrolls through the model's own predictions (1 is
    /// teacher forcing); nil uses the model's default.
    public var unroll: Int?
    /// Noise (metres, standard deviation) on the history an unroll starts from; nil uses the model's default.
    public var noise: Double?

    public static let maximumUnroll = 256
    public static let defaultEpochs = 20
    public static let defaultLearningRate = 1e-3
    public static let defaultBatchSize = 64
    public static let defaultPatience = 5
    public static let defaultGradientClip = 5.0
    public static let maximumEpochs = 100_000
    public static let defaultFinalLearningRateFraction = 0.05
    /// 4 GiB. Hosts pass their own (`orrery`'s run options) where they have one.
    public static let defaultMemoryLimit = 4 << 30

    public init(epochs: Int = TrainingOptions.defaultEpochs, learningRate: Double = TrainingOptions.defaultLearningRate,
                batchSize: Int = TrainingOptions.defaultBatchSize, patience: Int = TrainingOptions.defaultPatience,
                gradientClip: Double? = TrainingOptions.defaultGradientClip, seed: UInt64 = 0,
                finalLearningRateFraction: Double = TrainingOptions.defaultFinalLearningRateFraction,
                memoryLimit: Int = TrainingOptions.defaultMemoryLimit, unroll: Int? = nil, noise: Double? = nil) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.patience = patience
        self.gradientClip = gradientClip
        self.seed = seed
        self.finalLearningRateFraction = finalLearningRateFraction
        self.memoryLimit = memoryLimit
        self.unroll = unroll
        self.noise = noise
    }

    /// The learning rate of a 1-based epoch under the cosine schedule.
    public func learningRate(epoch: Int) -> Double {
        guard epochs > 1 else { return learningRate }
        let u = Double(min(max(epoch, 1), epochs) - 1) / Double(epochs - 1)
        let f = finalLearningRateFraction + (1 - finalLearningRateFraction) * 0.5 * (1 + cos(Double.pi * u))
        return learningRate * f
    }

    /// Every problem with these options, as one message, or nil.
    public func validationMessage() -> String? {
        if epochs < 1 || epochs > TrainingOptions.maximumEpochs { return "epochs must be in 1...\(TrainingOptions.maximumEpochs), got \(epochs)" }
        if !(learningRate > 0) || !learningRate.isFinite { return "learning rate must be a positive number, got \(learningRate)" }
        if batchSize < 1 { return "batch size must be at least 1, got \(batchSize)" }
        if patience < 1 { return "patience must be at least 1, got \(patience)" }
        if let u = unroll, u < 1 || u > TrainingOptions.maximumUnroll { return "unroll must be in 1...\(TrainingOptions.maximumUnroll), got \(u)" }
        if let n = noise, !(n >= 0) || !n.isFinite || n > 1 { return "noise must be a number of metres in [0, 1], got \(n)" }
        if memoryLimit < 1 { return "memory limit must be at least 1 byte, got \(memoryLimit)" }
        if let c = gradientClip, !(c > 0) || !c.isFinite { return "gradient clip must be a positive number, got \(c)" }
        if !(finalLearningRateFraction > 0 && finalLearningRateFraction <= 1) {
            return "final learning-rate fraction must be in (0, 1], got \(finalLearningRateFraction)"
        }
        return nil
    }
}

/// Where training is, after each epoch (for a progress bar; the library never prints).
public struct TrainingProgress: Hashable, Sendable {
    /// 1-based.
    public var epoch: Int
    public var epochs: Int
    public var trainLoss: Double
    public var heldOutLoss: Double?
    public var bestHeldOutLoss: Double?
    /// Held-out rollout error (metres) after this epoch, when the session rolls out.
    public var heldOutRolloutError: Double? = nil
    /// The best held-out rollout error so far (the kept weights').
    public var bestHeldOutRolloutError: Double? = nil
    /// The priors' share of this epoch's loss, when training with priors (0 during a warm-up).
    public var priorShare: Double? = nil
    /// Fraction of the planned epochs done, in [0, 1].
    public var fraction: Double { epochs > 0 ? Double(epoch) / Double(epochs) : 1 }
}

/// What a training run did: the loss curves and why it stopped.
public struct TrainingReport: Hashable, Sendable, Codable {
    /// Mean training loss per epoch.
    public var trainLoss: [Double]
    /// Held-out loss per epoch (empty when the dataset has no held-out rollouts).
    public var heldOutLoss: [Double]
    public var epochsRun: Int
    public var stoppedEarly: Bool
    /// 1-based epoch whose weights were kept (the best held-out loss), or the last epoch.
    public var bestEpoch: Int
    public var seed: UInt64
    public var learningRate: Double
    public var trainingExamples: Int
    /// Held-out rollout error (metres, mean over bodies and steps) per epoch; empty when the
    /// session does not roll out (then the kept weights follow `heldOutLoss`).
    public var heldOutRolloutError: [Double]
    /// Steps after the context over which `heldOutRolloutError` is measured.
    public var rolloutHorizon: Int
    /// Steps each training example unrolled (1: teacher forcing).
    public var unroll: Int
    /// What the priors contributed, when trained with priors (kept in model files from format 4).
    public var priors: PriorContribution? = nil
    /// False for a report read from a model file older than format 4, which did not record
    /// whether the model was trained with priors.
    public var priorsRecorded: Bool = true

    public init(trainLoss: [Double], heldOutLoss: [Double], epochsRun: Int, stoppedEarly: Bool, bestEpoch: Int,
                seed: UInt64, learningRate: Double, trainingExamples: Int, heldOutRolloutError: [Double] = [],
                rolloutHorizon: Int = 0, unroll: Int = 1) {
        self.trainLoss = trainLoss
        self.heldOutLoss = heldOutLoss
        self.epochsRun = epochsRun
        self.stoppedEarly = stoppedEarly
        self.bestEpoch = bestEpoch
        self.seed = seed
        self.learningRate = learningRate
        self.trainingExamples = trainingExamples
        self.heldOutRolloutError = heldOutRolloutError
        self.rolloutHorizon = rolloutHorizon
        self.unroll = unroll
    }

    /// The held-out one-step loss of the kept weights, if measured.
    public var keptOneStepLoss: Double? {
        bestEpoch >= 1 && bestEpoch <= heldOutLoss.count ? heldOutLoss[bestEpoch - 1] : nil
    }

    /// The held-out rollout error of the kept weights, if measured.
    public var keptRolloutError: Double? {
        bestEpoch >= 1 && bestEpoch <= heldOutRolloutError.count ? heldOutRolloutError[bestEpoch - 1] : nil
    }
}

// MARK: - Trainer

public enum Trainer {
    /// Relative improvement of the held-out loss that resets the patience counter.
    public static let minimumRelativeImprovement = 1e-4
    /// Stream label of the shuffling stream (the weights use the seed itself).
    static let shuffleStream: UInt64 = 0x5348_5546_464C_45

    /// Trains `model` on `dataset`; calls `progress` after every epoch, which may stop
    /// the training by throwing (its error is rethrown).
    /// Throws `ModelError` for bad options, a dataset the model cannot learn from, or divergence.
    @discardableResult
    public static func train(_ model: any TrainableModel, on dataset: Dataset, options: TrainingOptions,
                             priors given: TrainingPriors? = nil,
                             progress: (TrainingProgress) throws -> Void = { _ in }) throws -> TrainingReport {
        if let problem = options.validationMessage() { throw ModelError(problem) }
        // Each training records its priors' contribution in a ledger of its own.
        var priors = given
        priors?.ledger = PriorLedger()
        if let estimate = try model.trainingMemoryEstimate(dataset: dataset),
           let refusal = estimate.refusal(kind: model.kind, limit: options.memoryLimit) {
            throw refusal
        }
        if let p = priors, !(p.weight >= 0) || !p.weight.isFinite {
            throw ModelError("prior weight must be a non-negative number, got \(p.weight)")
        }
        let session = try model.makeTrainingSession(
            dataset: dataset, setup: TrainingSetup(seed: options.seed, unroll: options.unroll, noise: options.noise, priors: priors))
        let n = session.trainingExampleCount
        guard n > 0 else { throw ModelError("the dataset gives \(model.kind) no training examples (rollouts too short or no moving bodies seen)") }
        var shuffle = RandomStream(seed: options.seed, stream: shuffleStream)
        var adam = Adam(learningRate: options.learningRate)
        var order = Array(0..<n)
        var trainCurve: [Double] = [], heldCurve: [Double] = [], rolloutCurve: [Double] = []
        var best: (loss: Double, parameters: [Matrix], epoch: Int)? = nil
        var sinceBest = 0
        var stoppedEarly = false
        let batch = max(1, min(session.batchSize(requested: options.batchSize), n))

        for epoch in 1...options.epochs {
            // Fisher–Yates from the seeded stream.
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, shuffle.index(below: i + 1)) }
            adam.learningRate = options.learningRate(epoch: epoch)
            var lossSum = 0.0
            var start = 0
            while start < n {
                let end = min(n, start + batch)
                let examples = Array(order[start..<end])
                var (loss, gradients) = try session.lossAndGradients(examples: examples)
                guard loss.isFinite else {
                    throw ModelError("training diverged in epoch \(epoch) (loss is \(loss)); try a smaller learning rate")
                }
                if let clip = options.gradientClip { GradientClipping.clip(&gradients, maxNorm: clip) }
                var parameters = session.parameters
                adam.update(&parameters, gradients: gradients)
                session.parameters = parameters
                lossSum += loss * Double(end - start)
                start = end
            }
            let trainLoss = try session.trainingLoss() ?? lossSum / Double(n)
            trainCurve.append(trainLoss)
            let held = try session.heldOutLoss()
            if let h = held {
                guard h.isFinite else {
                    throw ModelError("training diverged in epoch \(epoch) (held-out loss is \(h)); try a smaller learning rate")
                }
                heldCurve.append(h)
            }
            let rolled = held == nil ? nil : try session.heldOutRolloutError()
            if let e = rolled {
                guard e.isFinite else {
                    throw ModelError("training diverged in epoch \(epoch) (held-out rollout error is \(e)); try a smaller learning rate")
                }
                rolloutCurve.append(e)
            }
            // Priors: the epoch's record ends here; the kept weights are chosen among epochs trained with them.
            let priorsShaped = priors.map { $0.isActive } ?? true
            priors?.ledger.closeEpoch()
            // The kept weights: the best held-out rollout error when the session rolls out
            // (what a user runs the model for), else the best held-out one-step loss.
            if let h = rolled ?? held, priorsShaped {
                if let b = best, !(h < b.loss * (1 - minimumRelativeImprovement)) {
                    sinceBest += 1
                } else {
                    best = (h, session.parameters, epoch)
                    sinceBest = 0
                }
            }
            let bestHeld = rolled == nil ? best?.loss : best.map { heldCurve[$0.epoch - 1] }
            try progress(TrainingProgress(epoch: epoch, epochs: options.epochs, trainLoss: trainLoss,
                                          heldOutLoss: held, bestHeldOutLoss: bestHeld,
                                          heldOutRolloutError: rolled, bestHeldOutRolloutError: rolled == nil ? nil : best?.loss,
                                          priorShare: priors == nil ? nil : priors?.ledger.lastShare ?? 0))
            if held != nil, sinceBest >= options.patience, epoch < options.epochs {
                stoppedEarly = true
                break
            }
        }
        var bestEpoch = trainCurve.count
        if let b = best {
            session.parameters = b.parameters
            bestEpoch = b.epoch
        }
        var report = TrainingReport(trainLoss: trainCurve, heldOutLoss: heldCurve, epochsRun: trainCurve.count,
                                    stoppedEarly: stoppedEarly, bestEpoch: bestEpoch, seed: options.seed,
                                    learningRate: options.learningRate, trainingExamples: n,
                                    heldOutRolloutError: rolloutCurve, rolloutHorizon: rolloutCurve.isEmpty ? 0 : session.rolloutHorizon,
                                    unroll: session.unrollSteps)
        if let p = priors {
            // Never a silent no-op: priors whose gradient never reached the kept weights are refused.
            let c = p.contribution(keptEpoch: bestEpoch)
            if let why = c.noOpReason { throw ModelError("\(model.kind) cannot train with priors: \(why)") }
            report.priors = c
        }
        try session.finish(report: report)
        return report
    }
}

/// Trains `model` on `dataset` (the language's `train(model, data, epochs:, lr:, seed:)`).
@discardableResult
public func train(_ model: any TrainableModel, _ dataset: Dataset, epochs: Int = TrainingOptions.defaultEpochs,
                  learningRate: Double = TrainingOptions.defaultLearningRate, seed: UInt64 = 0,
                  priors: TrainingPriors? = nil,
                  progress: (TrainingProgress) throws -> Void = { _ in }) throws -> TrainingReport {
    try Trainer.train(model, on: dataset, options: TrainingOptions(epochs: epochs, learningRate: learningRate, seed: seed),
                      priors: priors, progress: progress)
}
