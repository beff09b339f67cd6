// MARK: - Differentiable built-in priors
//
// For training with priors (physics-informed training) a prior says how much a predicted
// state breaks it as a smooth function of the bodies' positions and velocities. The value
// is the violation beyond the prior's tolerance (a hinge: 0 while the prior holds, then
// growing with the magnitude `check` reports, so it is continuous where `check` starts to
// fire), and the gradients are exact derivatives of that value where it is smooth.
//
// Differentiable: no_overlap, above_ground, inside_bounds (positions), gravity (velocities),
// energy and momentum (both). Not differentiable: rigid (a change of shape does not depend
// on positions or velocities), permanence (a body is there or it is not) and user priors
// (their bodies are scripts); `TrainingPriors.make` refuses them by name.

extension NoOverlapPrior: DifferentiablePrior {
    /// Σ (depth − tolerance) over overlapping pairs and body–wall pairs; d/dposition moves
    /// each body out along the contact normal (a static body gets no gradient).
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) -> PriorPenalty {
        var out = PriorPenalty.zero(bodies: state.bodies.count)
        for c in contacts(state, scene: context.scene) {
            let excess = c.penetration.depth - tolerance
            guard excess > 0 else { continue }
            out.value += excess
            let n = c.penetration.normal
            if let j = c.b {
                // The normal points from a to b: moving b along it, or a against it, separates them.
                if !state.bodies[c.a].isStatic { out.positionGradient[c.a] += n }
                if !state.bodies[j].isStatic { out.positionGradient[j] -= n }
            } else {
                // The normal points from the wall to the body.
                out.positionGradient[c.a] -= n
            }
        }
        return out
    }
}

extension AboveGroundPrior: DifferentiablePrior {
    /// Σ (depth below the ground − tolerance); raising a body lowers it by as much.
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) -> PriorPenalty {
        var out = PriorPenalty.zero(bodies: state.bodies.count)
        guard let ground = context.scene.ground else { return out }
        for (i, b) in state.bodies.enumerated() where !b.isStatic && PriorGeometry.isFinite(b) {
            let excess = depth(b, ground: ground) - tolerance
            guard excess > 0 else { continue }
            out.value += excess
            out.positionGradient[i] = Vec2(0, -1)
        }
        return out
    }
}

extension InsideBoundsPrior: DifferentiablePrior {
    /// Σ (distance outside the bounds − tolerance), the distance on the worse axis.
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) -> PriorPenalty {
        var out = PriorPenalty.zero(bodies: state.bodies.count)
        guard let bounds = context.scene.bounds else { return out }
        for (i, b) in state.bodies.enumerated() where !b.isStatic && PriorGeometry.isFinite(b) {
            let e = excess(b, bounds)
            let onX = abs(e.x) >= abs(e.y)
            let excess = (onX ? abs(e.x) : abs(e.y)) - tolerance
            guard excess > 0 else { continue }
            out.value += excess
            // The signed excess moves one for one with the position on its axis.
            out.positionGradient[i] = onX ? Vec2(e.x > 0 ? 1 : -1, 0) : Vec2(0, e.y > 0 ? 1 : -1)
        }
        return out
    }
}

extension GravityPrior: DifferentiablePrior {
    /// Σ (|a − g| − tolerance) over free bodies, a = (v − v₀)/dt; only velocities matter.
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) -> PriorPenalty {
        var out = PriorPenalty.zero(bodies: state.bodies.count)
        guard let previous else { return out }
        let scene = context.scene, dt = context.dt
        for f in free(previous: previous, state: state, scene: scene, dt: dt) {
            let d = (state.bodies[f.i].velocity - f.before.velocity) / dt - scene.gravity
            let length = d.length
            guard length - tolerance > 0, length > 0 else { continue }
            out.value += length - tolerance
            out.velocityGradient[f.i] = d / (length * dt)
        }
        return out
    }
}

extension EnergyPrior: DifferentiablePrior {
    /// The energy gain beyond the allowance; d/dv = m·v, d/dposition = −m·g for each body
    /// present in both states.
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) -> PriorPenalty {
        var out = PriorPenalty.zero(bodies: state.bodies.count)
        guard let previous else { return out }
        let gravity = context.scene.gravity
        let g = gain(previous: previous, state: state, gravity: gravity)
        let excess = g.gain - allowed(kineticBefore: g.kineticBefore)
        guard g.gain.isFinite, excess > 0 else { return out }
        out.value = excess
        for (i, b) in state.bodies.enumerated() where !b.isStatic && PriorGeometry.isFinite(b) {
            guard let p = previous[b.name], PriorGeometry.isFinite(p) else { continue }
            out.velocityGradient[i] = b.velocity * b.mass
            out.positionGradient[i] = gravity * (-b.mass)
        }
        return out
    }
}

extension MomentumPrior: DifferentiablePrior {
    /// Σ (|unexplained Δp| − allowance) over colliding groups; d/dv_i = m_i · Jᵀ r/|r| minus the
    /// allowance's own slope, where J is the (piecewise constant) derivative of what static
    /// contacts leave unexplained with respect to the group's momentum change.
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) -> PriorPenalty {
        var out = PriorPenalty.zero(bodies: state.bodies.count)
        guard let previous else { return out }
        for g in groups(previous: previous, state: state, context: context) {
            let e = g.error.length
            guard e - g.allowed > 0, e > 0 else { continue }
            out.value += e - g.allowed
            let u = g.error / e
            // dr/dΔp by differences: r is piecewise linear in Δp, so a small step is exact off the kinks.
            let h = 1e-7 * max(1, g.raw.length)
            let rx = (MomentumPrior.unexplained(g.raw + Vec2(h, 0), by: g.contacts) - g.error) / h
            let ry = (MomentumPrior.unexplained(g.raw + Vec2(0, h), by: g.contacts) - g.error) / h
            let slope = Vec2(rx.dot(u), ry.dot(u))
            // The allowance grows with the larger of the momenta; when that is the one after, it moves too.
            let allowanceSlope = g.after.length >= g.before.length && g.after.length > 0
                ? g.after / g.after.length * relativeTolerance : .zero
            for i in g.members {
                out.velocityGradient[i] = (slope - allowanceSlope) * state.bodies[i].mass
            }
        }
        return out
    }
}

// MARK: - Building the priors a training uses

/// Defaults of training with priors.
public enum TrainingPriorDefaults {
    /// The penalties' weight against the data loss when none is given: the best of the weights
    /// measured by `Scripts/bench priors` (docs/priors.md; 0.1 made every model worse).
    public static let weight = 0.01
    /// Epochs on the data alone before the penalties join, when none is given: half the epochs
    /// (a model that does not yet predict the data is pushed by the priors toward rollouts that
    /// hold them trivially; docs/priors.md measures it).
    public static func warmup(epochs: Int) -> Int { max(0, epochs) / 2 }
    /// Factors on the weight, by prior, for a model of `kind` when no weight is given:
    /// gravity ×10 for the models that learn free flight from data (their gravity violation
    /// per state is m/s² against the geometric priors' metres; ×10 lowered the window's held-out
    /// violation by 90 % and its ood error by a fifth), none for the hybrid, which integrates
    /// free flight itself (there gravity ×10 made its in-distribution error 30 % worse).
    public static func scales(forKind kind: String) -> [String: Double] {
        kind == "hybrid" ? [:] : ["gravity": 10]
    }
}

extension TrainingPriors {
    /// The training priors for `priors` with `weight`, or an error naming the first prior that
    /// is not differentiable and why.
    public static func make(from priors: [any Prior], weight: Double) throws -> TrainingPriors {
        guard weight >= 0, weight.isFinite else {
            throw PriorError("the priors' weight must be a finite number >= 0, got \(weight)")
        }
        var out: [any DifferentiablePrior] = []
        for p in priors {
            guard let d = p as? any DifferentiablePrior else {
                throw PriorError("prior '\(p.name)' cannot be used in training: \(notDifferentiableReason(p)); "
                                 + "use it at rollout time (mode: \"project\") instead")
            }
            out.append(d)
        }
        return TrainingPriors(priors: out, weight: weight)
    }

    /// Why a prior has no penalty gradient.
    static func notDifferentiableReason(_ p: any Prior) -> String {
        switch p {
        case is RigidPrior: return "a change of shape does not depend on the predicted positions and velocities"
        case is PermanencePrior: return "whether a body is present is not a smooth function of the prediction"
        case is ClosurePrior: return "a prior written as a script has no gradient"
        default: return "it has no differentiable penalty"
        }
    }
}
