// MARK: - Signal temporal logic, quantitatively
//
// Boolean temporal checks say only whether a trace satisfies a formula; falsification
// needs to know by how much, so that a search can move towards the boundary. Signal
// temporal logic's quantitative semantics (Donzé & Maler 2010; Fainekos & Pappas 2009)
// gives each formula a robustness ρ: positive when it holds, negative when it is
// violated, its size the margin. Over a finite trace of atom robustness values:
//
//   ρ(always p)    = min_k p_k
//   ρ(eventually p) = max_k p_k
//   ρ(p until q)   = max_k min(q_k, min_{j<k} p_j)     (strong until: q must come)
//
// and the sign of ρ agrees with the Boolean (LTLf) semantics whenever no atom is 0.

/// Quantitative robustness of temporal formulas over a finite trace.
public enum Robustness {
    /// ρ(always p): the worst margin; +∞ over an empty trace (vacuously true).
    public static func always(_ p: [Double]) -> Double { p.min() ?? .infinity }

    /// ρ(eventually p): the best margin; −∞ over an empty trace.
    public static func eventually(_ p: [Double]) -> Double { p.max() ?? -.infinity }

    /// ρ(p until q): the best k at which q holds while p held at every step before it.
    public static func until(_ p: [Double], _ q: [Double]) -> Double {
        var best = -Double.infinity
        var prefix = Double.infinity
        for k in 0..<min(p.count, q.count) {
            best = max(best, min(q[k], prefix))
            prefix = min(prefix, p[k])
        }
        return best
    }

    /// A Boolean atom as a robustness value: +1 when it holds, −1 when not.
    public static func value(_ holds: Bool) -> Double { holds ? 1 : -1 }
}
