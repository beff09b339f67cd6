#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - What the priors contributed to a training
//
// Training with priors must never be a silent no-op. While a training runs, its session
// records into the `PriorLedger` of its `TrainingPriors`: the data and prior parts of
// every minibatch's loss, each prior's value on every predicted state (training unrolls,
// unlabelled unrolls and held-out rollouts apart), how much penalty gradient fell on the
// predicted states, and how much of it reached the network's outputs (a body the network
// does not move, such as a hybrid body in free flight, drops its share). The trainer
// closes an epoch after each pass and turns the ledger into a `PriorContribution` for
// the report. When no gradient ever reached the outputs, the weights are bit-identical
// to a training without priors; the trainer then refuses with the measured reason.

/// The running record of one training's penalties (a reference: the session writes, the trainer reads).
public final class PriorLedger {
    /// One epoch's sums.
    struct Epoch {
        var dataLoss = 0.0, priorLoss = 0.0, batches = 0
        var train: [Double] = [], trainStates = 0, trainWithoutPrevious = 0
        var unlabelled: [Double] = [], unlabelledStates = 0
        var heldOut: [Double] = [], heldOutStates = 0
        var gradientOnStates = 0.0, gradientOnOutputs = 0.0
        var active = false

        static func add(_ values: [Double], to sums: inout [Double]) {
            if sums.count < values.count { sums += Array(repeating: 0, count: values.count - sums.count) }
            for (i, v) in values.enumerated() { sums[i] += v }
        }
    }

    /// Epochs finished so far (the one running is `epochsClosed + 1`).
    public private(set) var epochsClosed = 0
    private(set) var epochs: [Epoch] = []
    private var current = Epoch()
    /// Where the next recorded state belongs: `train` (the default), `unlabelled` or `heldOut`.
    enum Phase { case train, unlabelled, heldOut }
    var phase = Phase.train

    public init() {}

    /// One minibatch: the mean data loss and the weighted mean prior loss that joined it.
    func recordBatch(dataLoss: Double, priorLoss: Double) {
        current.dataLoss += dataLoss.isFinite ? dataLoss : 0
        current.priorLoss += priorLoss.isFinite ? priorLoss : 0
        current.batches += 1
    }

    /// One predicted state: each prior's unweighted value and the weighted gradient on the state.
    func recordState(values: [Double], previousKnown: Bool, penalty: PriorPenalty) {
        switch phase {
        case .heldOut:
            Epoch.add(values, to: &current.heldOut)
            current.heldOutStates += 1
        case .unlabelled:
            Epoch.add(values, to: &current.unlabelled)
            current.unlabelledStates += 1
            current.gradientOnStates += PriorLedger.magnitude(penalty)
        case .train:
            Epoch.add(values, to: &current.train)
            current.trainStates += 1
            if !previousKnown { current.trainWithoutPrevious += 1 }
            current.gradientOnStates += PriorLedger.magnitude(penalty)
        }
    }

    /// The penalty gradient (normalised output units) that reached the network's outputs in one step.
    func recordReached(_ g: Matrix) {
        var s = 0.0
        for v in g.values where v.isFinite { s += abs(v) }
        current.gradientOnOutputs += s
    }

    /// Marks whether the penalties were in this epoch's loss.
    func markActive(_ active: Bool) { current.active = current.active || active }

    /// Ends the running epoch (the trainer calls this after each pass and its held-out measures).
    public func closeEpoch() {
        epochs.append(current)
        current = Epoch()
        epochsClosed += 1
        phase = .train
    }

    static func magnitude(_ p: PriorPenalty) -> Double {
        var s = 0.0
        for g in p.positionGradient + p.velocityGradient where g.x.isFinite && g.y.isFinite { s += abs(g.x) + abs(g.y) }
        return s
    }

    /// The prior share of the last closed epoch's loss (nil before any epoch or when no batch ran).
    public var lastShare: Double? {
        guard let e = epochs.last, e.batches > 0 else { return nil }
        let total = e.dataLoss + e.priorLoss
        return total > 0 ? e.priorLoss / total : 0
    }
}

/// What the priors contributed to a training, for the report, `describe` and the progress line.
public struct PriorContribution: Hashable, Sendable, Codable {
    /// Per prior: its mean value per predicted state (the prior's unit), at the first epoch
    /// the priors were active and with the kept weights; nil where nothing was measured.
    public struct PriorFigures: Hashable, Sendable, Codable {
        public var name: String
        /// This prior's weight in the loss (the training's weight times its scale); nil when not recorded.
        public var weight: Double? = nil
        public var trainingFirst: Double?
        public var trainingKept: Double?
        public var unlabelledFirst: Double?
        public var unlabelledKept: Double?
        public var heldOutFirst: Double?
        public var heldOutKept: Double?
    }

    public var weight: Double
    public var warmup: Int
    /// Unlabelled scenes whose unrolls the priors alone trained on (0: none).
    public var unlabelledScenes: Int
    /// The first epoch the penalties were in the loss (nil: never).
    public var firstActiveEpoch: Int?
    /// The epoch whose weights were kept.
    public var keptEpoch: Int
    /// The priors' share of the loss, prior / (data + prior), at the first active epoch and the kept one.
    public var shareFirst: Double?
    public var shareKept: Double?
    public var priors: [PriorFigures]
    /// Summed penalty gradient on the predicted states and on the network's outputs, over the training.
    public var gradientOnStates: Double
    public var gradientOnOutputs: Double
    /// Predicted training states, and how many of them had no previous predicted state
    /// (priors comparing two states, such as gravity, are 0 there).
    public var trainingStates: Int
    public var statesWithoutPrevious: Int

    /// The priors changed nothing: no gradient of theirs reached the network before the kept
    /// weights (the weights are those of a training without priors). A weight of 0 is not a no-op
    /// (it asks to measure, not to train).
    public var isNoOp: Bool { weight > 0 && (gradientOnOutputs == 0 || (firstActiveEpoch ?? Int.max) > keptEpoch) }

    /// Why, in measured terms, when `isNoOp`.
    public var noOpReason: String? {
        guard isNoOp else { return nil }
        guard let first = firstActiveEpoch else {
            return "the warm-up of \(warmup) epochs outlasted the training, so the priors never joined the loss"
        }
        if first > keptEpoch {
            return "the kept weights (epoch \(keptEpoch)) come from before the priors joined the loss at epoch \(first)"
        }
        if gradientOnStates == 0 {
            var why = "the priors held on every one of the \(trainingStates) states it predicted in training (every penalty was 0)"
            if statesWithoutPrevious == trainingStates && trainingStates > 0 {
                why += "; none of them had a previous predicted state (unroll 1), so gravity, energy and momentum could not be checked — train with unroll: 4 or more"
            }
            return why
        }
        return "every penalty gradient (total \(PriorContribution.fmt(gradientOnStates))) fell on bodies its network does not move, so none reached its learned part"
    }

    /// One line per fact, for `describe` and reports.
    public var lines: [String] {
        var out: [String] = []
        let names = priors.map { p in
            guard let w = p.weight, w != weight else { return p.name }
            return "\(p.name) (weight \(PriorContribution.fmt(w)))"
        }.joined(separator: ", ")
        var head = "priors in training: \(names), weight \(PriorContribution.fmt(weight))"
        if warmup > 0 { head += ", after a warm-up of \(warmup) epoch\(warmup == 1 ? "" : "s")" }
        if unlabelledScenes > 0 { head += ", on \(unlabelledScenes) unlabelled scene\(unlabelledScenes == 1 ? "" : "s") too" }
        out.append(head)
        if let a = shareFirst, let b = shareKept, let f = firstActiveEpoch {
            out.append("  share of the loss: \(PriorContribution.percent(a)) at epoch \(f), \(PriorContribution.percent(b)) at the kept epoch \(keptEpoch)")
        }
        for p in priors {
            var parts: [String] = []
            func pair(_ label: String, _ a: Double?, _ b: Double?) {
                if let a, let b { parts.append("\(label) \(PriorContribution.fmt(a)) → \(PriorContribution.fmt(b))") }
            }
            pair("training", p.trainingFirst, p.trainingKept)
            pair("unlabelled", p.unlabelledFirst, p.unlabelledKept)
            pair("held-out rollouts", p.heldOutFirst, p.heldOutKept)
            if !parts.isEmpty { out.append("  \(p.name) per predicted state: " + parts.joined(separator: ", ")) }
        }
        if let why = noOpReason { out.append("  no effect: \(why)") }
        return out
    }

    /// Four significant digits (values here span 1e-6 to 1e4).
    static func fmt(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "\(x == 0 ? "0" : "\(x)")" }
        let digits = 3 - Int((log10(abs(x))).rounded(.down))
        let scale = pow(10.0, Double(digits))
        return "\((x * scale).rounded() / scale)"
    }

    static func percent(_ x: Double) -> String { "\((x * 1000).rounded() / 10) %" }
}

extension TrainingPriors {
    /// The ledger's record as a contribution, with the kept epoch (1-based).
    public func contribution(keptEpoch: Int) -> PriorContribution {
        let epochs = ledger.epochs
        let firstIndex = epochs.firstIndex { $0.active }
        let keptIndex = min(max(keptEpoch - 1, 0), max(epochs.count - 1, 0))
        func share(_ e: PriorLedger.Epoch) -> Double? {
            guard e.batches > 0 else { return nil }
            let total = e.dataLoss + e.priorLoss
            return total > 0 ? e.priorLoss / total : 0
        }
        func mean(_ sums: [Double], _ n: Int, _ i: Int) -> Double? {
            n > 0 ? (i < sums.count ? sums[i] : 0) / Double(n) : nil
        }
        var figures: [PriorContribution.PriorFigures] = []
        for (i, p) in priors.enumerated() {
            var f = PriorContribution.PriorFigures(name: p.name)
            f.weight = weight * (scales[p.name] ?? 1)
            if let first = firstIndex, keptIndex < epochs.count {
                let a = epochs[first], b = epochs[keptIndex]
                f.trainingFirst = mean(a.train, a.trainStates, i)
                f.trainingKept = mean(b.train, b.trainStates, i)
                f.unlabelledFirst = mean(a.unlabelled, a.unlabelledStates, i)
                f.unlabelledKept = mean(b.unlabelled, b.unlabelledStates, i)
                f.heldOutFirst = mean(a.heldOut, a.heldOutStates, i)
                f.heldOutKept = mean(b.heldOut, b.heldOutStates, i)
            }
            figures.append(f)
        }
        // Gradients up to the kept epoch: later ones did not shape the kept weights.
        let shaping = epochs.prefix(keptIndex + 1)
        return PriorContribution(
            weight: weight, warmup: warmup, unlabelledScenes: unlabelled?.count ?? 0,
            firstActiveEpoch: firstIndex.map { $0 + 1 }, keptEpoch: keptEpoch,
            shareFirst: firstIndex.flatMap { share(epochs[$0]) }, shareKept: keptIndex < epochs.count ? share(epochs[keptIndex]) : nil,
            priors: figures,
            gradientOnStates: shaping.reduce(0) { $0 + $1.gradientOnStates },
            gradientOnOutputs: shaping.reduce(0) { $0 + $1.gradientOnOutputs },
            trainingStates: shaping.reduce(0) { $0 + $1.trainStates },
            statesWithoutPrevious: shaping.reduce(0) { $0 + $1.trainWithoutPrevious })
    }
}

extension TrainingPriors {
    /// A minibatch's loss with the priors joined: the labelled unrolls' mean penalty
    /// (`penaltySum` over `states` predicted states) plus the unlabelled unrolls' loss,
    /// recorded in the ledger. The unrolled sessions of every model family share it.
    func batchLoss(dataLoss: Double, penaltySum: Double, states: Int, unlabelledLoss: Double?) -> Double {
        let priorLoss = (states > 0 ? penaltySum / Double(states) : 0) + (unlabelledLoss ?? 0)
        ledger.recordBatch(dataLoss: dataLoss, priorLoss: priorLoss)
        return dataLoss + priorLoss
    }
}
