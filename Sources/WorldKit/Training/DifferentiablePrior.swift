// MARK: - Priors in training
//
// Physics-informed training: a prior that can say how much a *predicted* state breaks
// it, and how that amount changes with each body's predicted position and velocity,
// can be added to a model's multi-step loss. The trainer hands a `TrainingPriors` to
// the model's training session; the session adds `weight · Σ penalty.value` over the
// states of its own unrolled predictions and back-propagates the gradients below
// through the unroll. A model whose training cannot use them throws a clear error.

/// How much one predicted state breaks a prior, with the gradient of that amount.
public struct PriorPenalty: Hashable, Sendable {
    /// The violation magnitude, ≥ 0 (0 when the prior holds), in the prior's own unit.
    public var value: Double
    /// d value / d position for each body of the state, in the state's body order.
    public var positionGradient: [Vec2]
    /// d value / d velocity for each body of the state, in the state's body order.
    public var velocityGradient: [Vec2]

    public init(value: Double, positionGradient: [Vec2], velocityGradient: [Vec2]) {
        self.value = value
        self.positionGradient = positionGradient
        self.velocityGradient = velocityGradient
    }

    /// No violation: a zero value and zero gradients for `bodies` bodies.
    public static func zero(bodies: Int) -> PriorPenalty {
        PriorPenalty(value: 0, positionGradient: Array(repeating: .zero, count: bodies),
                     velocityGradient: Array(repeating: .zero, count: bodies))
    }
}

/// A prior whose violation is a differentiable function of the predicted state.
public protocol DifferentiablePrior: Prior {
    /// The penalty of `state` (reached from `previous`, nil at the first predicted state).
    /// Gradients are with respect to `state`'s bodies only.
    func penalty(previous: WorldState?, state: WorldState, context: PriorContext) throws -> PriorPenalty
}

/// The priors a training adds to its loss, and their weight.
public struct TrainingPriors {
    public var priors: [any DifferentiablePrior]
    /// Multiplies the summed penalties before they join the data loss (≥ 0).
    public var weight: Double
    /// A factor on `weight` for some priors, by name (1 for the others): gravity's m/s² and the
    /// geometric priors' metres are not on one scale.
    public var scales: [String: Double] = [:]
    /// Epochs trained on the data alone before the penalties join the loss (0: from the start).
    public var warmup: Int
    /// Scenes without labels past their context (see `UnlabelledScenes`): the model rolls
    /// them out on its own and the priors are the only loss there. Nil: none.
    public var unlabelled: UnlabelledScenes?
    /// What the penalties did while the training ran (shared by the trainer and its session;
    /// each training starts a fresh one, so one value can train several models, even at once).
    public internal(set) var ledger = PriorLedger()

    public init(priors: [any DifferentiablePrior], weight: Double, warmup: Int = 0, unlabelled: UnlabelledScenes? = nil) {
        self.priors = priors
        self.weight = weight
        self.warmup = warmup
        self.unlabelled = unlabelled
    }

    /// Whether the penalties are in the loss of the epoch now running (after the warm-up).
    public var isActive: Bool { !priors.isEmpty && ledger.epochsClosed >= warmup }

    /// The summed, weighted penalty of one predicted state over every prior. Each prior's
    /// unweighted value is recorded in the ledger, under its current phase.
    public func penalty(previous: WorldState?, state: WorldState, context: PriorContext) throws -> PriorPenalty {
        var total = PriorPenalty.zero(bodies: state.bodies.count)
        var values: [Double] = []
        for prior in priors {
            let p = try prior.penalty(previous: previous, state: state, context: context)
            guard p.positionGradient.count == state.bodies.count, p.velocityGradient.count == state.bodies.count else {
                throw PriorError("prior \(prior.name): its penalty has gradients for \(p.positionGradient.count) bodies, the state has \(state.bodies.count)")
            }
            values.append(p.value.isFinite ? p.value : 0)
            let weight = self.weight * (scales[prior.name] ?? 1)
            total.value += weight * p.value
            for i in 0..<state.bodies.count {
                total.positionGradient[i] = total.positionGradient[i] + p.positionGradient[i] * weight
                total.velocityGradient[i] = total.velocityGradient[i] + p.velocityGradient[i] * weight
            }
        }
        ledger.recordState(values: values, previousKnown: previous != nil, penalty: total)
        return total
    }
}
