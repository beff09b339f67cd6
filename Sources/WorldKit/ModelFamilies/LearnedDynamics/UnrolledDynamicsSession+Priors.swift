// MARK: - Priors in the learned dynamics' unrolled training
//
// The prior side of `UnrolledDynamicsSession` (window, memory-free window and hybrid):
// the penalty gradient of one unrolled step, and the priors-only unrolls of unlabelled
// scenes. The gradient of a penalty with respect to a body's predicted position and
// velocity reaches the network through the body's predicted change: position = … + change,
// velocity = (… + change) / dt. A body the network does not move (the hybrid in free
// flight) has no row, and its share of the gradient is dropped — the ledger records how
// much reached the outputs, so a training whose priors changed nothing is told.

extension UnrolledDynamicsSession {
    /// The output gradient (normalised units, one row per `owners` entry) of the priors on
    /// the states `tracks` are now in; updates each track's previous state and context.
    func priorGradient(_ p: TrainingPriors, tracks: inout [UnrollTrack], owners: [(track: Int, body: Int)],
                       unroller: DynamicsUnroller) throws -> (gradient: Matrix, sum: Double, states: Int) {
        var g = Matrix(rows: owners.count, cols: DynamicsFeatures.targetWidth)
        var rowOf: [[Int: Int]] = Array(repeating: [:], count: tracks.count)
        for (k, o) in owners.enumerated() where o.track < tracks.count { rowOf[o.track][o.body] = k }
        var sum = 0.0, states = 0
        for ti in 0..<tracks.count {
            let state = unroller.state(tracks[ti])
            guard let context = tracks[ti].context else { continue }
            let penalty = try p.penalty(previous: tracks[ti].previous, state: state, context: context)
            sum += penalty.value
            states += 1
            let dt = unroller.geometries[tracks[ti].rollout].dt
            for (i, k) in rowOf[ti] {
                let d = penalty.positionGradient[i] + penalty.velocityGradient[i] * (1 / dt)
                g[k, 0] = d.x * targetNormalizer.scale.values[0]
                g[k, 1] = d.y * targetNormalizer.scale.values[1]
            }
            tracks[ti].previous = state
            tracks[ti].context?.remember(state)
        }
        p.ledger.recordReached(g)
        return (g, sum, states)
    }

    /// Readies tracks for priors: each gets its scene's context and, as its previous state,
    /// the (possibly noisy) observed state it starts from, so two-state priors (gravity,
    /// energy, momentum) see the first predicted step too.
    func preparePriors(_ tracks: inout [UnrollTrack], unroller: DynamicsUnroller) {
        for i in 0..<tracks.count {
            let start = unroller.state(tracks[i])
            var context = PriorContext(scene: unroller.dataset.rollouts[tracks[i].rollout].scene)
            context.remember(start)
            tracks[i].context = context
            tracks[i].previous = start
        }
    }

    /// The priors-only loss of unlabelled unrolls for one minibatch, and its gradients
    /// (nil when the priors have no unlabelled scenes).
    func unlabelledLossAndGradients(examples: [Int], priors p: TrainingPriors) throws -> (loss: Double, gradients: [Matrix])? {
        guard let u = p.unlabelled else { return nil }
        let unroller = DynamicsUnroller(dataset: u.context, window: self.unroller.window, gravityPrior: self.unroller.gravityPrior)
        var unused = RandomStream(seed: 0)
        var tracks = u.chosen(for: examples).compactMap { r -> UnrollTrack? in
            let last = u.context.rollouts[r].states.count - 1
            return unroller.track(UnrollStart(rollout: r, step: last), noise: 0, random: &unused)
        }
        guard !tracks.isEmpty else { return nil }
        preparePriors(&tracks, unroller: unroller)
        p.ledger.phase = .unlabelled
        defer { p.ledger.phase = .train }
        var records: [(MLPTrace, Matrix)] = []
        var sum = 0.0, states = 0
        for _ in 0..<u.horizon {
            var rows: [[Double]] = [], owners: [(track: Int, body: Int)] = []
            for (ti, t) in tracks.enumerated() {
                for (i, row) in unroller.rows(t) {
                    rows.append(row)
                    owners.append((ti, i))
                }
            }
            var perTrack: [[Int: StepChange]] = Array(repeating: [:], count: tracks.count)
            var trace: MLPTrace? = nil
            if !rows.isEmpty {
                let t = network.forwardTrace(inputs(rows))
                let y = targetNormalizer.invert(t.output)
                for (k, o) in owners.enumerated() {
                    perTrack[o.track][o.body] = StepChange(displacement: Vec2(y[k, 0], y[k, 1]), rotation: y[k, 2])
                }
                trace = t
            }
            for ti in 0..<tracks.count { tracks[ti] = unroller.advance(tracks[ti], changes: perTrack[ti]) }
            let step = try priorGradient(p, tracks: &tracks, owners: owners, unroller: unroller)
            sum += step.sum
            states += step.states
            if let t = trace { records.append((t, step.gradient)) }
        }
        guard states > 0 else { return nil }
        var total = network.parameters.map { Matrix(rows: $0.rows, cols: $0.cols) }
        for (trace, g) in records {
            let grads = network.backward(trace, outputGradient: g * (1 / Double(states))).parameters
            for i in 0..<total.count { total[i] = total[i] + grads[i] }
        }
        return (sum / Double(states), total)
    }

    /// Each prior's value on the held-out rollouts' predicted states, into the ledger.
    func observeHeldOut(_ p: TrainingPriors, tracks: inout [UnrollTrack]) throws {
        p.ledger.phase = .heldOut
        defer { p.ledger.phase = .train }
        for ti in 0..<tracks.count {
            let state = unroller.state(tracks[ti])
            if tracks[ti].context == nil {
                tracks[ti].context = PriorContext(scene: unroller.dataset.rollouts[tracks[ti].rollout].scene)
            }
            guard let context = tracks[ti].context else { continue }
            if tracks[ti].previous != nil { _ = try p.penalty(previous: tracks[ti].previous, state: state, context: context) }
            tracks[ti].previous = state
            tracks[ti].context?.remember(state)
        }
    }
}
