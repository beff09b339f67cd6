// MARK: - Unrolled training of the object-slot model
//
// As for the learned dynamics (`UnrolledDynamicsSession`): an example is a start
// (rollout, step) from which the interaction network rolls `unroll` steps on its own
// predicted slots; at every step each moving slot's Δv is regressed onto the Δv that
// would land it on its true next position, and priors add the penalty of every
// predicted state. The gradient is stopped between steps (pushforward). Held out, the
// session reports the teacher-forced one-step loss and the rollout error over
// `RolloutScoring.trainingHorizon` steps; the trainer keeps the best rollout.

/// One world the object-slot session is unrolling.
struct ObjectUnrollTrack {
    var rollout: Int
    var step: Int
    var slots: [ObjectSlot]
    var previous: WorldState?
    var context: PriorContext?
}

final class ObjectNetUnrolledSession: TrainingSession {
    static let defaultUnroll = 4
    /// The Δv target is clipped so that it moves a slot at most this many metres per step.
    static let maximumCorrection = 0.25

    private(set) var network: InteractionNetwork
    let relation: Normalizer, object: Normalizer, target: Normalizer
    let heldOut: InteractionExamples
    let dataset: Dataset
    let statics: [[StaticCollider]]
    let starts: [UnrollStart]
    let heldStarts: [UnrollStart]
    let unroll: Int
    let noise: Double
    let priors: TrainingPriors?
    private var random: RandomStream
    private let model: ObjectNetModel

    init(model: ObjectNetModel, dataset: Dataset, setup: TrainingSetup) throws {
        let data = try ObjectNetTransitions(dataset: dataset)
        (relation, object, target) = (data.relation, data.object, data.target)
        heldOut = data.heldOut
        var random = RandomStream(seed: setup.seed)
        network = try InteractionNetwork(hidden: model.hidden, random: &random)
        self.model = model
        self.dataset = dataset
        statics = dataset.rollouts.map { StaticCollider.of($0.scene) }
        unroll = setup.unroll ?? Self.defaultUnroll
        noise = setup.noise ?? 0
        priors = setup.priors
        var starts: [UnrollStart] = []
        for r in dataset.trainingIndices {
            let n = dataset.rollouts[r].states.count
            var t = 1
            while t < n - 1 {
                starts.append(UnrollStart(rollout: r, step: t))
                t += unroll
            }
        }
        self.starts = starts
        heldStarts = dataset.heldOutIndices.compactMap { dataset.rollouts[$0].states.count > 2 ? UnrollStart(rollout: $0, step: 1) : nil }
        self.random = RandomStream(seed: setup.seed, stream: UnrolledDynamicsSession.noiseStream)
    }

    var trainingExampleCount: Int { starts.count }
    var rolloutHorizon: Int { RolloutScoring.trainingHorizon }
    var unrollSteps: Int { unroll }
    /// Teacher-forced objectnet batched whole worlds; an unrolled example is `unroll` worlds.
    func batchSize(requested: Int) -> Int { max(1, requested / unroll) }

    var parameters: [Matrix] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    // MARK: - Unrolling

    func track(_ s: UnrollStart, noise: Double) -> ObjectUnrollTrack {
        let rollout = dataset.rollouts[s.rollout]
        var slots = ObjectNetModel.slots(of: rollout.states[s.step], scene: rollout.scene)
        if noise > 0 {
            for i in 0..<slots.count where !slots[i].isStatic {
                slots[i].position += Vec2(noise * random.normal(), noise * random.normal())
            }
        }
        return ObjectUnrollTrack(rollout: s.rollout, step: s.step, slots: slots, previous: nil, context: nil)
    }

    /// One batch over every track: its normalised rows and, per object row, (track, slot).
    /// `resting[k]`: owner k is at rest and is held (`ObjectNetModel.resting`).
    func batch(_ tracks: [ObjectUnrollTrack]) -> (batch: InteractionBatch, owners: [(track: Int, slot: Int)], resting: [Bool]) {
        var rel: [Double] = [], rec: [Int] = [], obj: [Double] = [], owners: [(Int, Int)] = [], resting: [Bool] = []
        for (ti, t) in tracks.enumerated() {
            let dt = dataset.rollouts[t.rollout].scene.dt
            let gravity = dataset.rollouts[t.rollout].scene.gravity, h = dt > 0 ? dt : PhysicsDefaults.dt
            let f = ObjectNetModel.features(slots: t.slots, statics: statics[t.rollout], gravity: gravity, dt: h)
            let base = owners.count
            rel += f.relations
            rec += f.receivers.map { $0 + base }
            obj += f.objects
            for i in f.moving { owners.append((ti, i)) }
            resting += ObjectNetModel.resting(slots: t.slots, statics: statics[t.rollout], gravity: gravity, dt: h)
        }
        let b = InteractionBatch(
            relations: relation.apply(Matrix(rows: rec.count, cols: InteractionNetwork.relationWidth, unchecked: rel)),
            receivers: rec,
            objects: object.apply(Matrix(rows: owners.count, cols: InteractionNetwork.objectWidth, unchecked: obj)),
            targets: Matrix(rows: 0, cols: 0))
        return (b, owners, resting)
    }

    func dt(_ t: ObjectUnrollTrack) -> Double {
        let dt = dataset.rollouts[t.rollout].scene.dt
        return dt > 0 ? dt : PhysicsDefaults.dt
    }

    /// Row k's raw Δv, or the one that stops a resting slot.
    func dv(_ y: Matrix, _ k: Int, _ resting: [Bool], _ slot: ObjectSlot) -> Vec2 {
        resting[k] ? slot.velocity * -1 : Vec2(y[k, 0], y[k, 1])
    }

    /// Applies raw Δv to the moving slots.
    func advance(_ t: inout ObjectUnrollTrack, slot i: Int, dv: Vec2) {
        let v = ObjectNetModel.outOfGround(t.slots[i].velocity + dv, slot: t.slots[i], statics: statics[t.rollout], dt: dt(t))
        guard v.x.isFinite, v.y.isFinite else { return }
        t.slots[i].velocity = v
        t.slots[i].position += v * dt(t)
        t.slots[i].angle += t.slots[i].spin * dt(t)
    }

    func state(_ t: ObjectUnrollTrack) -> WorldState {
        let bodies = t.slots.map { b in
            BodyState(name: b.name, kind: b.kind, position: b.position, angle: b.angle, velocity: b.velocity, spin: b.spin,
                      visible: true, asleep: false, isStatic: b.isStatic, radius: b.radius, size: b.size, color: b.color, mass: b.mass)
        }
        return WorldState(step: t.step, time: Double(t.step) * dt(t), bodies: bodies)
    }

    // MARK: - Loss

    func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        var tracks = examples.map { track(starts[$0], noise: noise) }
        // priors: active after the warm-up (ObjectNetModel+UnrolledPriors.swift).
        let activePriors = priors.flatMap { $0.isActive ? $0 : nil }
        if let p = activePriors { p.ledger.markActive(true); preparePriors(&tracks, scenes: { dataset.rollouts[$0].scene }, dt: dt) }
        var records: [(trace: InteractionNetwork.Trace, receivers: [Int], diff: Matrix, prior: Matrix?)] = []
        var dataSum = 0.0, dataCount = 0, priorSum = 0.0, priorStates = 0
        for _ in 0..<unroll {
            tracks = tracks.filter { $0.step + 1 < dataset.rollouts[$0.rollout].states.count }
            if tracks.isEmpty { break }
            let (b, owners, resting) = batch(tracks)
            guard !owners.isEmpty else { break }
            let trace = network.trace(b)
            let y = target.invert(trace.object.output)
            var diff = trace.object.output
            for (k, o) in owners.enumerated() {
                let t = tracks[o.track], s = t.slots[o.slot]
                let next = dataset.rollouts[t.rollout].states[t.step + 1]
                var wanted = Vec2(y[k, 0], y[k, 1])   // no truth: no loss
                let truth = o.slot < next.bodies.count && next.bodies[o.slot].name == s.name ? next.bodies[o.slot] : next[s.name]
                if let after = truth {
                    let c = Self.maximumCorrection
                    let miss = after.position - s.position - s.velocity * dt(t)
                    wanted = Vec2(min(max(miss.x, -c), c), min(max(miss.y, -c), c)) * (1 / dt(t))
                }
                diff[k, 0] -= (wanted.x - target.mean.values[0]) / target.scale.values[0]
                diff[k, 1] -= (wanted.y - target.mean.values[1]) / target.scale.values[1]
            }
            dataSum += diff.sumOfSquares
            dataCount += diff.count
            for (k, o) in owners.enumerated() { advance(&tracks[o.track], slot: o.slot, dv: dv(y, k, resting, tracks[o.track].slots[o.slot])) }
            for ti in 0..<tracks.count { tracks[ti].step += 1 }
            var g: Matrix? = nil
            if let p = activePriors {
                let step = try priorGradient(p, tracks: &tracks, owners: owners, dt: dt)
                priorSum += step.sum
                priorStates += step.states
                g = step.gradient
            }
            records.append((trace, b.receivers, diff, g))
        }
        var loss = dataCount > 0 ? dataSum / Double(dataCount) : 0
        var total = network.parameters.map { Matrix(rows: $0.rows, cols: $0.cols) }
        // priors: the labelled unrolls' mean penalty, then the unlabelled unrolls' (priors only).
        if let p = activePriors {
            let unlabelled = try unlabelledLossAndGradients(examples: examples, priors: p)
            if let unlabelled { total = unlabelled.gradients }
            loss = p.batchLoss(dataLoss: loss, penaltySum: priorSum, states: priorStates, unlabelledLoss: unlabelled?.loss)
        }
        for r in records {
            var out = r.diff * (2 / Double(max(1, dataCount)))
            if let g = r.prior, priorStates > 0 { out = out + g * (1 / Double(priorStates)) }
            let grads = network.gradients(r.trace, receivers: r.receivers, outputGradient: out)
            for i in 0..<total.count { total[i] = total[i] + grads[i] }
        }
        return (loss, total)
    }

    func heldOutLoss() throws -> Double? {
        guard heldOut.count > 0 else { return nil }
        let batch = heldOut.all
        return RegressionSession.meanSquaredError(network.forward(batch), batch.targets)
    }

    func heldOutRolloutError() throws -> Double? {
        var tracks = heldStarts.map { track($0, noise: 0) }
        guard !tracks.isEmpty else { return nil }
        // priors: each prior's value on the held-out rollouts, into the ledger.
        if priors != nil { preparePriors(&tracks, scenes: { dataset.rollouts[$0].scene }, dt: dt) }
        var sum = 0.0, count = 0
        for _ in 0..<RolloutScoring.trainingHorizon {
            tracks = tracks.filter { $0.step + 1 < dataset.rollouts[$0.rollout].states.count }
            if tracks.isEmpty { break }
            let (b, owners, resting) = batch(tracks)
            if !owners.isEmpty {
                let y = target.invert(network.forward(b))
                for (k, o) in owners.enumerated() { advance(&tracks[o.track], slot: o.slot, dv: dv(y, k, resting, tracks[o.track].slots[o.slot])) }
            }
            for ti in 0..<tracks.count {
                tracks[ti].step += 1
                let now = dataset.rollouts[tracks[ti].rollout].states[tracks[ti].step]
                for s in tracks[ti].slots where !s.isStatic {
                    guard let truth = now[s.name] else { continue }
                    let e = (s.position - truth.position).length
                    sum += e.isFinite ? min(e, RolloutScoring.lostBodyError) : RolloutScoring.lostBodyError
                    count += 1
                }
            }
            if let p = priors { try observeHeldOut(p, tracks: &tracks) }
        }
        return count > 0 ? sum / Double(count) : nil
    }

    func finish(report: TrainingReport) throws {
        try model.install(network: network, relation: relation, object: object, target: target, report: report)
    }
}

extension ObjectNetModel {
    public func makeTrainingSession(dataset: Dataset, setup: TrainingSetup) throws -> any TrainingSession {
        try ObjectNetUnrolledSession(model: self, dataset: dataset, setup: setup)
    }
}
