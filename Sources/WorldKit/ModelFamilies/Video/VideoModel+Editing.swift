// MARK: - Video model: probe factors, edits and frame error
//
// Factors are the raw latent coordinates z0… and each probed body's x, y, vx, vy (with
// the probe's held-out R²). An edit of a body factor moves [z_t, z_{t−1}] by the
// smallest change that shifts that probe by the asked amount and every other probe by
// nothing; an edit of zI moves z_t and z_{t−1} together (no velocity appears).

extension VideoFrameError {
    /// Simulates `scene` for `context + steps` steps (noise seed `seed`), starts a pixel model
    /// from the first `context` states and compares its next `steps` frames (`size` pixels a
    /// side) with the truth's, and the last context frame repeated with the truth's.
    init<State>(scene: Scene, context: Int, steps: Int, seed: UInt64, size: Int,
                start: ([Observation]) throws -> State, step: (State) throws -> State,
                frame: (State) throws -> [UInt8]) throws {
        guard context >= 1, steps >= 1, context + steps <= ModelRollout.maximumSteps else {
            throw ModelError("video frame error: context and steps must be positive (at most \(ModelRollout.maximumSteps) together)")
        }
        let truth = try Simulator.rollout(scene, steps: context + steps - 1, seed: seed)
        var state = try start(truth.states.prefix(context).map(Observation.init))
        let still = try VideoModel.frame(scene: scene, state: truth.states[context - 1], size: size)
        var model: [Double] = [], repeated: [Double] = []
        for t in context..<(context + steps) where t < truth.states.count {
            state = try step(state)
            let actual = try VideoModel.frame(scene: scene, state: truth.states[t], size: size)
            model.append(try Metrics.pixelMSE(try frame(state), actual))
            repeated.append(try Metrics.pixelMSE(still, actual))
        }
        self.init(modelMSE: model, repeatMSE: repeated)
    }
}

extension VideoModel {
    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = try? own(state) else { return [] }
        var out = s.z.enumerated().map { LatentFactor(body: nil, name: "z\($0.offset)", value: $0.element) }
        for b in s.template {
            guard let values = probeValues(s, body: b.name), let p = probes.first(where: { $0.body == b.name }) else { continue }
            for (f, name) in Self.probedFactors.enumerated() {
                out.append(LatentFactor(body: b.name, name: name, value: values[f], probeR2: p.r2[f].isFinite ? p.r2[f] : nil))
            }
        }
        return out
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try own(state)
        guard value.isFinite else { throw ModelError("video: edit value for \(factor) is not finite") }
        let dim = architecture.dim, last = s.history.count - 1
        guard let body else {
            guard factor.hasPrefix("z"), let i = Int(factor.dropFirst()), i >= 0, i < dim else {
                throw ModelError("video has no factor '\(factor)' (z0...z\(dim - 1), or body.x, .y, .vx, .vy)")
            }
            let delta = value - s.z[i]
            for h in 0..<s.history.count { s.history[h][i] += delta }
            return s
        }
        guard s.template.contains(where: { $0.name == body }), probes.contains(where: { $0.body == body }) else {
            throw ModelError("video has no probe for body '\(body)'")
        }
        guard let f = Self.probedFactors.firstIndex(of: factor) else {
            throw ModelError("video has no factor '\(body).\(factor)' (x, y, vx, vy)")
        }
        // Constraint rows: every factor of every body in the scene that has a probe.
        let present = probes.filter { p in s.template.contains { $0.name == p.body } }
        let width = 2 * dim
        var matrix: [Double] = [], rhs: [Double] = []
        for p in present {
            let values = probeValues(s, body: p.body) ?? []
            for g in 0..<4 {
                for c in 0..<width { matrix.append(p.weights[c, g]) }
                rhs.append(p.body == body && g == f ? value - values[g] : 0)
            }
        }
        let delta = try RidgeRegression.minimumNorm(matrix, rows: rhs.count, columns: width, target: rhs)
        for i in 0..<dim {
            s.history[last][i] += delta[i]
            s.history[max(0, last - 1)][i] += delta[dim + i]
        }
        return s
    }
}

/// Pixel quality of a video rollout's frames against the true frames, per horizon.
public struct VideoFrameError: Hashable, Sendable {
    /// Mean squared error (0–255 scale) of the model's frame at each predicted step, first step first.
    public var modelMSE: [Double]
    /// The same for repeating the last true context frame.
    public var repeatMSE: [Double]
}

extension VideoModel {
    /// Simulates `scene` for `context + steps` steps (noise seed `seed`), starts the model
    /// from the first `context` states and compares its next `steps` frames with the truth.
    public func frameError(scene: Scene, context: Int, steps: Int, seed: UInt64 = 0) throws -> VideoFrameError {
        try VideoFrameError(scene: scene, context: context, steps: steps, seed: seed, size: architecture.size,
                            start: { try self.start(scene: scene, context: $0) }, step: step,
                            frame: { try self.decodeFrame($0).pixels })
    }

}
