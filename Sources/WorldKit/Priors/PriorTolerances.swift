// MARK: - Tolerances of the built-in priors, named once
//
// A prior is violated only beyond its tolerance, so the simulator's own small
// numerical slack (resting contacts sink by about `PhysicsDefaults.linearSlop`)
// never counts as a violation. Each built-in prior takes its tolerance as an
// initialiser argument defaulting to these values.

/// Every tolerance and limit of the built-in priors.
public enum PriorTolerances {
    /// Interpenetration depth (m) accepted by `no_overlap`: a few times the solver's slop.
    public static let overlapDepth = 0.02
    /// Depth below the ground (m) accepted by `above_ground`.
    public static let groundDepth = 0.02
    /// Distance outside the bounds (m) accepted by `inside_bounds`.
    public static let boundsDistance = 0.02
    /// Gap (m) under which two shapes count as touching for `momentum` and `gravity`;
    /// as loose as the event detector's, since learned models place bodies to centimetres.
    public static let contactGap = EventDetector.defaultContactTolerance
    /// Momentum change (kg·m/s) accepted in a free collision, plus `momentumRelative` of the
    /// larger of the momenta before and after.
    public static let momentumAbsolute = 0.05
    public static let momentumRelative = 0.05
    /// Energy gain (J) accepted per step, plus `energyRelative` of the kinetic energy before.
    public static let energyAbsolute = 1e-3
    public static let energyRelative = 0.01
    /// Deviation of a free body's acceleration from g (m/s²) accepted by `gravity`.
    public static let acceleration = 1.0
    /// Change of a radius or a side (m) accepted by `rigid` and `permanence`.
    public static let size = 1e-6
    /// Colour change (Euclidean RGB distance, 0–441) accepted by `permanence`.
    public static let color = 1.0
    /// Distance (m) between where a body reappears and its extrapolated position accepted
    /// by `permanence`, plus `reappearanceRelative` of the distance it travelled unseen.
    public static let reappearance = 0.5
    public static let reappearanceRelative = 0.5
    /// Largest number of correct-and-recheck passes per step in project mode.
    public static let projectionPasses = 8
}
