// MARK: - Unrolled training of the learned dynamics
//
// Teacher-forced one-step regression trains a model only on true histories; its own
// rollouts soon feed it histories it never saw (exposure bias): a resting box 1e-5 m
// off after one step sinks or levitates within 40. This session trains on the model's
// own unrolls. An example is a start (rollout, step): from the true history there,
// optionally with noise added, the dynamics roll `unroll` steps on their own
// predictions; at every step each body's predicted change is regressed onto the
// change that would land it on the true next position, so the model learns to undo
// the drift its rollouts produce. Priors add their penalty of every predicted state.
// The gradient is stopped between steps (the pushforward trick): each step's loss
// trains that step's prediction from the state the model put itself in, which keeps
// the cost of an unrolled step that of a one-step example and avoids the exploding
// gradients of back-propagating through the features' gaps and clips.
//
// Held out, the session measures both the teacher-forced one-step loss and the mean
// position error of the model's own rollouts from the end of the context; the trainer
// keeps the weights with the best rollout error.

/// Where an unrolled example starts: a rollout and the step of the history's last frame.
struct UnrollStart: Hashable, Sendable {
    var rollout: Int
    var step: Int
}

/// One body as an unroll carries it.
struct UnrollBody {
    var name: String
    var shape: BodyShapeInfo
    /// The last `window` positions and angles, oldest first.
    var history: [Vec2]
    var angles: [Double]

    var position: Vec2 { history[history.count - 1] }
    var displacement: Vec2 { history[history.count - 1] - history[history.count - 2] }
    var turn: Double { DynamicsFeatures.angleStep(angles[angles.count - 2], angles[angles.count - 1]) }

    mutating func push(_ p: Vec2, angle: Double) {
        history.removeFirst()
        angles.removeFirst()
        history.append(p)
        angles.append(angle)
        shape.angle = angle
    }
}

/// One world being unrolled: its bodies at `step` (the index into its rollout's states).
struct UnrollTrack {
    var rollout: Int
    var step: Int
    var bodies: [UnrollBody]
    var previous: WorldState?
    var context: PriorContext?
}

/// The rollout logic shared by training and by the held-out evaluation.
struct DynamicsUnroller {
    let dataset: Dataset
    let window: Int
    let gravityPrior: Bool
    let geometries: [SceneGeometry]

    init(dataset: Dataset, window: Int, gravityPrior: Bool) {
        self.dataset = dataset
        self.window = window
        self.gravityPrior = gravityPrior
        geometries = dataset.rollouts.map { SceneGeometry($0.scene) }
    }

    /// The free-flight step the model adds itself (the hybrid's gravity prior).
    func priorStep(_ r: Int) -> Vec2 {
        let g = geometries[r]
        return gravityPrior ? g.gravity * (g.dt * g.dt) : .zero
    }

    /// The true history ending at `start`, or nil when a body is missing from it.
    func track(_ start: UnrollStart, noise: Double, random: inout RandomStream) -> UnrollTrack? {
        let states = dataset.rollouts[start.rollout].states
        let scene = dataset.rollouts[start.rollout].scene
        let first = start.step - window + 1
        guard first >= 0, start.step < states.count else { return nil }
        var bodies: [UnrollBody] = []
        for b in states[start.step].bodies {
            var history: [Vec2] = [], angles: [Double] = []
            for s in first...start.step {
                guard let past = states[s][b.name] else { return nil }
                history.append(past.position)
                angles.append(past.angle)
            }
            if noise > 0 && !b.isStatic {
                // A random walk on the displacements: the velocity is off too, as in a rollout.
                var offset = Vec2.zero
                for j in 0..<history.count {
                    offset = offset + Vec2(noise * random.normal(), noise * random.normal()) * (1 / Double(history.count))
                    history[j] = history[j] + offset
                }
            }
            bodies.append(UnrollBody(name: b.name, shape: BodyShapeInfo(b, spec: scene.body(named: b.name)),
                                     history: history, angles: angles))
        }
        return UnrollTrack(rollout: start.rollout, step: start.step, bodies: bodies, previous: nil, context: nil)
    }

    /// Feature rows of the bodies the network moves (for the hybrid, only those near a contact).
    func rows(_ t: UnrollTrack) -> [(body: Int, row: [Double])] {
        let geometry = geometries[t.rollout]
        let positions = t.bodies.map(\.position), shapes = t.bodies.map(\.shape)
        var out: [(Int, [Double])] = []
        for (i, b) in t.bodies.enumerated() where !b.shape.isStatic {
            let nb = DynamicsFeatures.nearest(to: i, positions: positions, shapes: shapes).map { j in
                NeighbourView(position: positions[j], previous: t.bodies[j].history[t.bodies[j].history.count - 2], shape: shapes[j])
            }
            let row = DynamicsFeatures.row(history: b.history, angles: b.angles, shape: b.shape, neighbour: nb, geometry: geometry)
            if gravityPrior && !DynamicsFeatures.nearContact(row, displacements: window - 1) { continue }
            out.append((i, row))
        }
        return out
    }

    /// A predicted change as the trained model applies it (`DynamicsFeatures.applied`).
    func applied(_ change: StepChange, row: [Double]) -> StepChange {
        DynamicsFeatures.applied(change, row: row, displacements: window - 1, gravityPrior: gravityPrior)
    }

    /// The change that would take body `i` of `t` to its true next position and angle
    /// (nil when the truth has no such body), each position component clipped to ±`maximumCorrection`.
    func target(_ t: UnrollTrack, body i: Int) -> [Double]? {
        let states = dataset.rollouts[t.rollout].states
        guard t.step + 1 < states.count else { return nil }
        let b = t.bodies[i]
        let next = states[t.step + 1]
        let truth = i < next.bodies.count && next.bodies[i].name == b.name ? next.bodies[i] : next[b.name]
        guard let after = truth else { return nil }
        let c = UnrolledDynamicsSession.maximumCorrection
        let d = after.position - b.position - b.displacement - priorStep(t.rollout)
        let turn = DynamicsFeatures.angleStep(b.angles[b.angles.count - 1], after.angle) - b.turn
        return [min(max(d.x, -c), c), min(max(d.y, -c), c), turn]
    }

    /// The world one step on: every moving body advances by its displacement, the prior and
    /// the predicted change (`changes[i]`, zero when absent).
    func advance(_ t: UnrollTrack, changes: [Int: StepChange]) -> UnrollTrack {
        var out = t
        out.step += 1
        let prior = priorStep(t.rollout)
        for (i, b) in t.bodies.enumerated() {
            if b.shape.isStatic {
                out.bodies[i].push(b.position, angle: b.shape.angle)
                continue
            }
            let c = changes[i] ?? StepChange()
            let p = b.position + b.displacement + prior + c.displacement
            let a = b.angles[b.angles.count - 1] + b.turn + c.rotation
            if p.x.isFinite && p.y.isFinite && a.isFinite {
                out.bodies[i].push(p, angle: a)
            } else {
                out.bodies[i].push(b.position, angle: b.shape.angle)
            }
        }
        return out
    }

    /// The predicted world state of `t` (velocities from the last displacement).
    func state(_ t: UnrollTrack) -> WorldState {
        let dt = geometries[t.rollout].dt
        let bodies = t.bodies.map { b -> BodyState in
            var s = b.shape.state(name: b.name, position: b.position, velocity: b.displacement / dt, visible: true)
            s.spin = b.turn / dt
            return s
        }
        return WorldState(step: t.step, time: Double(t.step) * dt, bodies: bodies)
    }

    /// Position error (metres) of each moving body of `t` against the truth at its step,
    /// a lost or far-off body counted at `RolloutScoring.lostBodyError`.
    func errors(_ t: UnrollTrack) -> [Double] {
        let states = dataset.rollouts[t.rollout].states
        guard t.step < states.count else { return [] }
        let now = states[t.step]
        return t.bodies.compactMap { b in
            guard !b.shape.isStatic, let truth = now[b.name] else { return nil }
            let e = (b.position - truth.position).length
            return e.isFinite ? min(e, RolloutScoring.lostBodyError) : RolloutScoring.lostBodyError
        }
    }
}

/// How rollout errors are scored (here and in the models benchmark).
public enum RolloutScoring {
    /// A body lost, or further off than this, costs this many metres.
    public static let lostBodyError = 5.0
    /// Steps after the context over which held-out rollouts are scored during training.
    public static let trainingHorizon = 120
}

/// Trains `LearnedDynamics` on its own unrolls (see the top of this file).
final class UnrolledDynamicsSession: TrainingSession {
    /// A step's target correction is clipped to this many metres per component: a rollout
    /// far off is pulled back, not teleported.
    static let maximumCorrection = 0.25

    private(set) var network: MLP
    let inputNormalizer: Normalizer
    let targetNormalizer: Normalizer
    let unroller: DynamicsUnroller
    let unroll: Int
    let noise: Double
    let priors: TrainingPriors?
    let starts: [UnrollStart]
    let heldStarts: [UnrollStart]
    let heldX: Matrix, heldY: Matrix
    let horizon: Int
    private var random: RandomStream
    private let onFinish: (MLP, Normalizer, Normalizer, TrainingReport) throws -> Void

    init(dynamics: LearnedDynamics, dataset: Dataset, setup: TrainingSetup, gravityPrior: Bool, defaultUnroll: Int,
         defaultNoise: Double, onFinish: @escaping (MLP, Normalizer, Normalizer, TrainingReport) throws -> Void) throws {
        let k = dynamics.window
        let train = try DynamicsFeatures.examples(dataset: dataset, indices: dataset.trainingIndices, window: k, gravityPrior: gravityPrior)
        let held = try DynamicsFeatures.examples(dataset: dataset, indices: dataset.heldOutIndices, window: k, gravityPrior: gravityPrior)
        let rawX = train.inputMatrix, rawY = train.targetMatrix
        guard rawX.values.allSatisfy(\.isFinite), rawY.values.allSatisfy(\.isFinite) else {
            throw ModelError("training examples contain non-finite values")
        }
        var random = RandomStream(seed: setup.seed)
        network = try MLP(sizes: dynamics.sizes, activation: .tanh, random: &random)
        inputNormalizer = Normalizer(fitting: rawX)
        // The displacement change (x, y) is one vector: a component constant in training (y
        // of a ball rolling on the ground) takes the other's scale, not 1, or the loss would
        // all but ignore it and the rollout would take its untrained output.
        targetNormalizer = Normalizer(fitting: rawY, siblings: 0..<2)
        heldX = inputNormalizer.apply(held.inputMatrix)
        heldY = targetNormalizer.apply(held.targetMatrix)
        unroller = DynamicsUnroller(dataset: dataset, window: k, gravityPrior: gravityPrior)
        unroll = setup.unroll ?? defaultUnroll
        noise = setup.noise ?? defaultNoise
        priors = setup.priors
        // Starts every `unroll` steps: each transition is visited about once per epoch.
        var starts: [UnrollStart] = []
        if train.count > 0 {
            for r in dataset.trainingIndices {
                let n = dataset.rollouts[r].states.count
                var t = k - 1
                while t < n - 1 {
                    starts.append(UnrollStart(rollout: r, step: t))
                    t += unroll
                }
            }
        }
        self.starts = starts
        heldStarts = dataset.heldOutIndices.compactMap { r in
            dataset.rollouts[r].states.count > k ? UnrollStart(rollout: r, step: k - 1) : nil
        }
        horizon = RolloutScoring.trainingHorizon
        self.random = RandomStream(seed: setup.seed, stream: UnrolledDynamicsSession.noiseStream)
        self.onFinish = onFinish
    }

    static let noiseStream: UInt64 = 0x4E4F_4953_45

    var trainingExampleCount: Int { starts.count }
    var rolloutHorizon: Int { horizon }
    var unrollSteps: Int { unroll }

    var parameters: [Matrix] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    /// Starts per minibatch: an unrolled example holds `unroll` steps of every moving body.
    func batchSize(requested: Int) -> Int { max(1, requested / unroll) }

    /// Normalised input rows.
    func inputs(_ rows: [[Double]]) -> Matrix {
        var x = Matrix(rows: rows.count, cols: inputNormalizer.width)
        for (r, row) in rows.enumerated() {
            let z = inputNormalizer.apply(row)
            for c in 0..<z.count { x[r, c] = z[c] }
        }
        return x
    }

    /// Each owner's predicted change, as the trained model applies it (a body at rest is held).
    private func changes(_ output: Matrix, rows: [(track: Int, body: Int)], features: [[Double]]) -> [[Int: StepChange]] {
        let y = targetNormalizer.invert(output)
        var out: [[Int: StepChange]] = []
        for (k, owner) in rows.enumerated() {
            while out.count <= owner.track { out.append([:]) }
            out[owner.track][owner.body] = unroller.applied(StepChange(displacement: Vec2(y[k, 0], y[k, 1]), rotation: y[k, 2]),
                                                            row: features[k])
        }
        return out
    }

    func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        var tracks: [UnrollTrack] = examples.compactMap { unroller.track(starts[$0], noise: noise, random: &random) }
        // priors: active after the warm-up (UnrolledDynamicsSession+Priors.swift).
        let activePriors = priors.flatMap { $0.isActive ? $0 : nil }
        if let p = activePriors { p.ledger.markActive(true); preparePriors(&tracks, unroller: unroller) }
        struct StepRecord { var trace: MLPTrace; var diff: Matrix; var priorGradient: Matrix? }
        var records: [StepRecord] = []
        var dataSum = 0.0, dataCount = 0, priorSum = 0.0, priorStates = 0
        let states = unroller.dataset.rollouts.map(\.states.count)
        for _ in 0..<unroll {
            tracks = tracks.filter { $0.step + 1 < states[$0.rollout] }
            if tracks.isEmpty { break }
            var rows: [[Double]] = [], owners: [(track: Int, body: Int)] = [], targets: [[Double]] = []
            for (ti, t) in tracks.enumerated() {
                for (i, row) in unroller.rows(t) {
                    guard let target = unroller.target(t, body: i) else { continue }
                    rows.append(row)
                    owners.append((ti, i))
                    targets.append(targetNormalizer.apply(target))
                }
            }
            var perTrack: [[Int: StepChange]] = []
            var record: StepRecord? = nil
            if !rows.isEmpty {
                let trace = network.forwardTrace(inputs(rows))
                var diff = trace.output
                for r in 0..<diff.rows { for c in 0..<diff.cols { diff[r, c] -= targets[r][c] } }
                dataSum += diff.sumOfSquares
                dataCount += diff.count
                perTrack = changes(trace.output, rows: owners, features: rows)
                record = StepRecord(trace: trace, diff: diff, priorGradient: nil)
            }
            for ti in 0..<tracks.count {
                tracks[ti] = unroller.advance(tracks[ti], changes: ti < perTrack.count ? perTrack[ti] : [:])
            }
            if let p = activePriors {
                let step = try priorGradient(p, tracks: &tracks, owners: owners, unroller: unroller)
                priorSum += step.sum
                priorStates += step.states
                record?.priorGradient = step.gradient
            }
            if let r = record { records.append(r) }
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
            // d/dŷ of mean((ŷ − y)²) is 2(ŷ − y) / count; the priors' mean over predicted states.
            var out = r.diff * (2 / Double(max(1, dataCount)))
            if let g = r.priorGradient, priorStates > 0 { out = out + g * (1 / Double(priorStates)) }
            let grads = network.backward(r.trace, outputGradient: out).parameters
            for i in 0..<total.count { total[i] = total[i] + grads[i] }
        }
        return (loss, total)
    }

    func heldOutLoss() throws -> Double? {
        guard heldX.rows > 0 else { return nil }
        var sum = 0.0
        var start = 0
        while start < heldX.rows {
            let rows = Array(start..<min(heldX.rows, start + RegressionSession.evaluationChunk))
            sum += (network.forward(heldX.gatherRows(rows)) - heldY.gatherRows(rows)).sumOfSquares
            start += rows.count
        }
        return sum / Double(max(1, heldY.count))
    }

    func heldOutRolloutError() throws -> Double? {
        var unusedRandom = RandomStream(seed: 0)
        var tracks = heldStarts.compactMap { unroller.track($0, noise: 0, random: &unusedRandom) }
        guard !tracks.isEmpty else { return nil }
        // priors: each prior's value on the held-out rollouts, into the ledger.
        let observe: ((inout [UnrollTrack]) throws -> Void)? = priors.map { p in { try self.observeHeldOut(p, tracks: &$0) } }
        if priors != nil { preparePriors(&tracks, unroller: unroller) }
        return try DynamicsRolloutError.mean(tracks: &tracks, horizon: horizon, unroller: unroller, observe: observe) { rows in
            targetNormalizer.invert(network.forward(inputs(rows)))
        }
    }

    func finish(report: TrainingReport) throws {
        try onFinish(network, inputNormalizer, targetNormalizer, report)
    }
}

/// The mean position error of unrolled tracks against the truth.
enum DynamicsRolloutError {
    /// Rolls every track up to `horizon` steps (or its rollout's end) with `predict` (raw
    /// feature rows → raw changes) and returns the mean error over bodies and steps.
    static func mean(tracks: inout [UnrollTrack], horizon: Int, unroller: DynamicsUnroller,
                     observe: ((inout [UnrollTrack]) throws -> Void)? = nil,
                     predict: ([[Double]]) -> Matrix) throws -> Double? {
        var sum = 0.0, count = 0
        let lengths = unroller.dataset.rollouts.map(\.states.count)
        for _ in 0..<horizon {
            tracks = tracks.filter { $0.step + 1 < lengths[$0.rollout] }
            if tracks.isEmpty { break }
            var rows: [[Double]] = [], owners: [(Int, Int)] = []
            for (ti, t) in tracks.enumerated() {
                for (i, row) in unroller.rows(t) {
                    rows.append(row)
                    owners.append((ti, i))
                }
            }
            var changes: [[Int: StepChange]] = Array(repeating: [:], count: tracks.count)
            if !rows.isEmpty {
                let y = predict(rows)
                for (k, (ti, i)) in owners.enumerated() {
                    changes[ti][i] = unroller.applied(StepChange(displacement: Vec2(y[k, 0], y[k, 1]), rotation: y[k, 2]), row: rows[k])
                }
            }
            for ti in 0..<tracks.count {
                tracks[ti] = unroller.advance(tracks[ti], changes: changes[ti])
                for e in unroller.errors(tracks[ti]) {
                    sum += e
                    count += 1
                }
            }
            try observe?(&tracks)
        }
        return count > 0 ? sum / Double(count) : nil
    }
}
