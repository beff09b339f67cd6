// MARK: - Priors in the object-slot model's unrolled training
//
// The prior side of `ObjectNetUnrolledSession`: the penalty gradient of one unrolled step
// (position = … + (v + Δv) dt, velocity = v + Δv, so d/dΔv = ∂/∂position · dt + ∂/∂velocity),
// the priors-only unrolls of unlabelled scenes, and each prior's value on the held-out
// rollouts, all recorded in the priors' ledger.

extension ObjectNetUnrolledSession {
    /// The output gradient (normalised units, one row per `owners` entry) of the priors on
    /// the states `tracks` are now in; updates each track's previous state and context.
    func priorGradient(_ p: TrainingPriors, tracks: inout [ObjectUnrollTrack], owners: [(track: Int, slot: Int)],
                       dt: (ObjectUnrollTrack) -> Double) throws -> (gradient: Matrix, sum: Double, states: Int) {
        var m = Matrix(rows: owners.count, cols: InteractionNetwork.outputWidth)
        var rowOf: [[Int: Int]] = Array(repeating: [:], count: tracks.count)
        for (k, o) in owners.enumerated() where o.track < tracks.count { rowOf[o.track][o.slot] = k }
        var sum = 0.0, states = 0
        for ti in 0..<tracks.count {
            guard let context = tracks[ti].context else { continue }
            let st = Self.state(tracks[ti], dt: dt(tracks[ti]))
            let penalty = try p.penalty(previous: tracks[ti].previous, state: st, context: context)
            sum += penalty.value
            states += 1
            let h = dt(tracks[ti])
            for (i, k) in rowOf[ti] {
                let d = penalty.positionGradient[i] * h + penalty.velocityGradient[i]
                m[k, 0] = d.x * target.scale.values[0]
                m[k, 1] = d.y * target.scale.values[1]
            }
            tracks[ti].previous = st
            tracks[ti].context?.remember(st)
        }
        p.ledger.recordReached(m)
        return (m, sum, states)
    }

    /// Gives each track its scene's context and its start as the previous state.
    func preparePriors(_ tracks: inout [ObjectUnrollTrack], scenes: (Int) -> Scene, dt: (ObjectUnrollTrack) -> Double) {
        for i in 0..<tracks.count {
            let start = Self.state(tracks[i], dt: dt(tracks[i]))
            var context = PriorContext(scene: scenes(tracks[i].rollout))
            context.remember(start)
            tracks[i].context = context
            tracks[i].previous = start
        }
    }

    static func state(_ t: ObjectUnrollTrack, dt: Double) -> WorldState {
        let bodies = t.slots.map { b in
            BodyState(name: b.name, kind: b.kind, position: b.position, angle: b.angle, velocity: b.velocity, spin: b.spin,
                      visible: true, asleep: false, isStatic: b.isStatic, radius: b.radius, size: b.size, color: b.color, mass: b.mass)
        }
        return WorldState(step: t.step, time: Double(t.step) * dt, bodies: bodies)
    }

    /// The priors-only loss of unlabelled unrolls for one minibatch and its gradients.
    func unlabelledLossAndGradients(examples: [Int], priors p: TrainingPriors) throws -> (loss: Double, gradients: [Matrix])? {
        guard let u = p.unlabelled else { return nil }
        let rollouts = u.context.rollouts
        let statics = rollouts.map { StaticCollider.of($0.scene) }
        func dt(_ t: ObjectUnrollTrack) -> Double {
            let h = rollouts[t.rollout].scene.dt
            return h > 0 ? h : PhysicsDefaults.dt
        }
        var tracks = u.chosen(for: examples).map { r -> ObjectUnrollTrack in
            let last = rollouts[r].states.count - 1
            return ObjectUnrollTrack(rollout: r, step: last, slots: ObjectNetModel.slots(of: rollouts[r].states[last], scene: rollouts[r].scene),
                                     previous: nil, context: nil)
        }
        guard !tracks.isEmpty else { return nil }
        preparePriors(&tracks, scenes: { rollouts[$0].scene }, dt: dt)
        p.ledger.phase = .unlabelled
        defer { p.ledger.phase = .train }
        var records: [(InteractionNetwork.Trace, [Int], Matrix)] = []
        var sum = 0.0, states = 0
        for _ in 0..<u.horizon {
            // The batch of `batch(_:)`, over the unlabelled scenes.
            var rel: [Double] = [], rec: [Int] = [], obj: [Double] = [], owners: [(track: Int, slot: Int)] = []
            for (ti, t) in tracks.enumerated() {
                let f = ObjectNetModel.features(slots: t.slots, statics: statics[t.rollout], gravity: rollouts[t.rollout].scene.gravity, dt: dt(t))
                let base = owners.count
                rel += f.relations
                rec += f.receivers.map { $0 + base }
                obj += f.objects
                for i in f.moving { owners.append((ti, i)) }
            }
            guard !owners.isEmpty else { break }
            let b = InteractionBatch(
                relations: relation.apply(Matrix(rows: rec.count, cols: InteractionNetwork.relationWidth, unchecked: rel)),
                receivers: rec,
                objects: object.apply(Matrix(rows: owners.count, cols: InteractionNetwork.objectWidth, unchecked: obj)),
                targets: Matrix(rows: 0, cols: 0))
            let trace = network.trace(b)
            let y = target.invert(trace.object.output)
            for (k, o) in owners.enumerated() {
                let h = dt(tracks[o.track])
                let v = tracks[o.track].slots[o.slot].velocity + Vec2(y[k, 0], y[k, 1])
                guard v.x.isFinite, v.y.isFinite else { continue }
                tracks[o.track].slots[o.slot].velocity = v
                tracks[o.track].slots[o.slot].position += v * h
                tracks[o.track].slots[o.slot].angle += tracks[o.track].slots[o.slot].spin * h
            }
            for ti in 0..<tracks.count { tracks[ti].step += 1 }
            let step = try priorGradient(p, tracks: &tracks, owners: owners, dt: dt)
            sum += step.sum
            states += step.states
            records.append((trace, b.receivers, step.gradient))
        }
        guard states > 0 else { return nil }
        var total = network.parameters.map { Matrix(rows: $0.rows, cols: $0.cols) }
        for (trace, receivers, g) in records {
            let grads = network.gradients(trace, receivers: receivers, outputGradient: g * (1 / Double(states)))
            for i in 0..<total.count { total[i] = total[i] + grads[i] }
        }
        return (sum / Double(states), total)
    }

    /// Each prior's value on the held-out rollouts' predicted states, into the ledger.
    func observeHeldOut(_ p: TrainingPriors, tracks: inout [ObjectUnrollTrack]) throws {
        p.ledger.phase = .heldOut
        defer { p.ledger.phase = .train }
        for ti in 0..<tracks.count {
            guard let context = tracks[ti].context else { continue }
            let st = Self.state(tracks[ti], dt: dt(tracks[ti]))
            _ = try p.penalty(previous: tracks[ti].previous, state: st, context: context)
            tracks[ti].previous = st
            tracks[ti].context?.remember(st)
        }
    }
}
