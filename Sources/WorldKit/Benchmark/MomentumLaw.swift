// MARK: - Momentum in collisions, static contacts included
//
// The benchmark's momentum law is the `momentum` prior's check, counted: one
// implementation (`MomentumPrior.groups`) finds the colliding groups of moving bodies,
// removes gravity's impulse and what the group's static contacts could supply (a push
// along each contact normal, never a pull, with friction up to μ times that push), and
// says how much momentum change no contact explains. The prior reports or corrects a
// group that breaks it; the law counts groups checked and groups that broke it. Masses
// are the states' (a model's states carry the declared masses, so a model is judged by
// the velocities it predicts).

/// Momentum conservation in collisions between moving bodies, net of static-contact impulses.
public struct MomentumLaw {
    /// What one rollout gave: colliding groups checked, and those that broke the law.
    public struct Count: Hashable, Sendable {
        public var checked = 0
        public var violations = 0
    }

    /// Checks every step from `fromStep` of `rollout` (the step before seeds velocities),
    /// with the `momentum` prior's tolerances.
    public static func check(_ rollout: Rollout, fromStep: Int, prior: MomentumPrior = MomentumPrior()) -> Count {
        let context = PriorContext(scene: rollout.scene)
        var count = Count()
        for (previous, state) in zip(rollout.states, rollout.states.dropFirst()) where state.step >= fromStep {
            for group in prior.groups(previous: previous, state: state, context: context) {
                count.checked += 1
                if group.error.length > group.allowed { count.violations += 1 }
            }
        }
        return count
    }
}
