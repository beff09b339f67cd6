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
    /// Installs the final parameters in the model and marks it trained.
    func finish(report: TrainingReport) throws
}

extension TrainingSession {
    public func trainingLoss() throws -> Double? { nil }
}

/// A model the trainer can train.
public protocol TrainableModel: WorldModel {
    /// Builds the training problem: examples from the dataset, normalisers, fresh weights drawn from `seed`.
    func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession
    /// The memory training on `dataset` will need, estimated before anything large is
    /// allocated; nil when the model does not estimate (its needs are small). The trainer
    /// refuses a training whose estimate exceeds `TrainingOptions.memoryLimit`.
    func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate?
    /// The report of the last training, if any (kept for `describe`, plots and model files).
    var trainingReport: TrainingReport? { get }
}

extension TrainableModel {
    public func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate? { nil }
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
                memoryLimit: Int = TrainingOptions.defaultMemoryLimit) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.patience = patience
        self.gradientClip = gradientClip
        self.seed = seed
        self.finalLearningRateFraction = finalLearningRateFraction
        self.memoryLimit = memoryLimit
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

    public init(trainLoss: [Double], heldOutLoss: [Double], epochsRun: Int, stoppedEarly: Bool, bestEpoch: Int,
                seed: UInt64, learningRate: Double, trainingExamples: Int) {
        self.trainLoss = trainLoss
        self.heldOutLoss = heldOutLoss
        self.epochsRun = epochsRun
        self.stoppedEarly = stoppedEarly
        self.bestEpoch = bestEpoch
        self.seed = seed
        self.learningRate = learningRate
        self.trainingExamples = trainingExamples
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
                             progress: (TrainingProgress) throws -> Void = { _ in }) throws -> TrainingReport {
        if let problem = options.validationMessage() { throw ModelError(problem) }
        if let estimate = try model.trainingMemoryEstimate(dataset: dataset),
           let refusal = estimate.refusal(kind: model.kind, limit: options.memoryLimit) {
            throw refusal
        }
        let session = try model.makeTrainingSession(dataset: dataset, seed: options.seed)
        let n = session.trainingExampleCount
        guard n > 0 else { throw ModelError("the dataset gives \(model.kind) no training examples (rollouts too short or no moving bodies seen)") }
        var shuffle = RandomStream(seed: options.seed, stream: shuffleStream)
        var adam = Adam(learningRate: options.learningRate)
        var order = Array(0..<n)
        var trainCurve: [Double] = [], heldCurve: [Double] = []
        var best: (loss: Double, parameters: [Matrix], epoch: Int)? = nil
        var sinceBest = 0
        var stoppedEarly = false
        let batch = min(options.batchSize, n)

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
                if let b = best, !(h < b.loss * (1 - minimumRelativeImprovement)) {
                    sinceBest += 1
                } else {
                    best = (h, session.parameters, epoch)
                    sinceBest = 0
                }
            }
            try progress(TrainingProgress(epoch: epoch, epochs: options.epochs, trainLoss: trainLoss,
                                          heldOutLoss: held, bestHeldOutLoss: best?.loss))
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
        let report = TrainingReport(trainLoss: trainCurve, heldOutLoss: heldCurve, epochsRun: trainCurve.count,
                                    stoppedEarly: stoppedEarly, bestEpoch: bestEpoch, seed: options.seed,
                                    learningRate: options.learningRate, trainingExamples: n)
        try session.finish(report: report)
        return report
    }
}

/// Trains `model` on `dataset` (the language's `train(model, data, epochs:, lr:, seed:)`).
@discardableResult
public func train(_ model: any TrainableModel, _ dataset: Dataset, epochs: Int = TrainingOptions.defaultEpochs,
                  learningRate: Double = TrainingOptions.defaultLearningRate, seed: UInt64 = 0,
                  progress: (TrainingProgress) throws -> Void = { _ in }) throws -> TrainingReport {
    try Trainer.train(model, on: dataset, options: TrainingOptions(epochs: epochs, learningRate: learningRate, seed: seed),
                      progress: progress)
}
