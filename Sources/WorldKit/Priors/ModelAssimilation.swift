// MARK: - Feeding a corrected state back into a model
//
// Project mode repairs the model's decoded state; for the repair to change what the
// model does next, the model's own state must take it in. Models that expose named
// factors (`a.x`, `a.vy`, …) take it through `edit`, exactly as a latent edit would:
// physics (simulator interventions), window and memory (their frame histories are
// shifted and re-aimed), hybrid and objectnet (explicit positions and velocities;
// objectnet also radius and colour), latent (through its linear probes: exact for the
// probed decode, approximate for its frames). A model without factors keeps its state:
// the corrected state is the rollout's output at that step only, and the model goes on
// from its own belief.
// Bodies a model has lost cannot be put back through factors either: a restored body
// is in the output only.

/// How much of a corrected state project mode feeds back into the model.
public enum FeedbackPolicy: String, Hashable, Sendable, CaseIterable {
    /// Positions, velocities, sizes and colours: the model continues from the corrected state.
    case full
    /// Positions (and sizes and colours) only; the model keeps its own velocities. Kinder to
    /// window models, whose velocity edits replace the frame history by a straight line.
    case positions
    /// Nothing: the corrected state is the rollout's output only.
    case outputOnly
}

/// A model that takes in a corrected state its own way instead of through its factors.
public protocol CorrectionAssimilating: WorldModel {
    /// The model's state changed so that it decodes as `corrected` as far as it can.
    func assimilateCorrection(_ state: any ModelState, corrected: WorldState) throws -> any ModelState
}

extension WorldModel {
    /// The model's state moved towards `corrected` (a prior's repair of its decode).
    ///
    /// Uses `CorrectionAssimilating` when the model has it, else edits the factors the model
    /// names (x, y, vx, vy, radius, color of each body) whose values differ; an edit the model
    /// refuses is skipped. Without factors the state is returned unchanged.
    public func assimilate(_ state: any ModelState, corrected: WorldState) throws -> any ModelState {
        try assimilate(state, corrected: corrected, policy: .full)
    }

    /// `assimilate(_:corrected:)` feeding back only what `policy` allows.
    public func assimilate(_ state: any ModelState, corrected: WorldState, policy: FeedbackPolicy) throws -> any ModelState {
        if policy == .outputOnly { return state }
        if let own = self as? CorrectionAssimilating { return try own.assimilateCorrection(state, corrected: corrected) }
        let factors = self.factors(state)
        guard !factors.isEmpty else { return state }
        var current: [String: Double] = [:]
        for f in factors { if let body = f.body { current[body + "." + f.name] = f.value } }
        var out = state
        for b in corrected.bodies where !b.isStatic && PriorGeometry.isFinite(b) {
            let color = Double(Int(b.color.r) << 16 | Int(b.color.g) << 8 | Int(b.color.b))
            let radius = b.kind == .ball ? b.radius : 0.5 * b.size.x
            let wanted: [(String, Double)] = [("x", b.position.x), ("y", b.position.y), ("vx", b.velocity.x),
                                              ("vy", b.velocity.y), ("radius", radius), ("color", color)]
            for (factor, value) in wanted where policy == .full || !factor.hasPrefix("v") {
                guard let now = current[b.name + "." + factor], abs(now - value) > Self.assimilationResolution else { continue }
                if let edited = try? edit(out, body: b.name, factor: factor, to: value) { out = edited }
            }
        }
        return out
    }

    /// Factor differences below this are not worth an edit.
    static var assimilationResolution: Double { 1e-12 }
}
