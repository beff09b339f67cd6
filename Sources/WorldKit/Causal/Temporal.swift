// MARK: - Temporal requirements on rollouts
//
// LTL on finite traces (LTLf, De Giacomo & Vardi 2013), the semantics a rollout
// of N recorded states needs: there is no "after the end", so
// - always p      holds when p holds at every recorded state (vacuously on an empty trace);
// - eventually p  holds when p holds at some recorded state (never on an empty trace);
// - p until q     holds when q holds at some state k and p at every state before k
//                 (strong until: q must happen within the trace; p need not hold at k).
// Each answer comes with the step that decided it, so a failed requirement can
// say where: the first violation of `always`, the first witness of `eventually`,
// the q-step of a satisfied `until`, or the step where p broke before q came.

/// The verdict of a temporal requirement, with the step that decided it.
public struct TemporalVerdict: Hashable, Sendable {
    public var holds: Bool
    /// The deciding step (see `Temporal`); nil when no single step decides (an `always` that
    /// holds, an `eventually` or `until` whose witness never came).
    public var step: Int?

    public init(holds: Bool, step: Int?) {
        self.holds = holds
        self.step = step
    }
}

/// Finite-trace temporal operators over per-step predicates of a rollout.
public enum Temporal {
    /// p holds at every recorded state.
    public static func always(_ rollout: Rollout, _ p: (WorldState) throws -> Bool) rethrows -> TemporalVerdict {
        for state in rollout.states where try !p(state) { return TemporalVerdict(holds: false, step: state.step) }
        return TemporalVerdict(holds: true, step: nil)
    }

    /// p holds at some recorded state.
    public static func eventually(_ rollout: Rollout, _ p: (WorldState) throws -> Bool) rethrows -> TemporalVerdict {
        for state in rollout.states where try p(state) { return TemporalVerdict(holds: true, step: state.step) }
        return TemporalVerdict(holds: false, step: nil)
    }

    /// q holds at some recorded state, and p at every state before the first such one (strong until).
    public static func until(_ rollout: Rollout, _ p: (WorldState) throws -> Bool,
                             _ q: (WorldState) throws -> Bool) rethrows -> TemporalVerdict {
        for state in rollout.states {
            if try q(state) { return TemporalVerdict(holds: true, step: state.step) }
            if try !p(state) { return TemporalVerdict(holds: false, step: state.step) }
        }
        return TemporalVerdict(holds: false, step: nil)
    }
}
