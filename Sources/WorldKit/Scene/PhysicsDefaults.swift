/// Every default and tolerance of the simulator, named once.
///
/// Scene values start from these; the solver's tolerances never appear as bare
/// literals elsewhere, so a reader can see in one place what "at rest" or
/// "touching" means.
public enum PhysicsDefaults {
    // MARK: - Scene
    public static let gravity = Vec2(0, -9.8)
    public static let dt = 1.0 / 60.0
    public static let substeps = 1
    /// Sequential-impulse iterations per substep, as pymunk's default.
    public static let iterations = 10
    public static let density = 1.0
    public static let restitution = 0.2
    public static let friction = 0.3
    /// Walls and ground: restitution mixes by maximum, so a ball's own
    /// restitution governs its bounce; friction mixes by geometric mean.
    public static let wallRestitution = 0.0
    public static let wallFriction = 0.5
    public static let wallThickness = 0.1
    /// `bounds` walls sit outside the rectangle with this thickness.
    public static let boundsThickness = 1.0
    public static let color = Color(r: 128, g: 128, b: 128)
    public static let wallColor = Color(r: 60, g: 60, b: 60)
    public static let occluderColor = Color(r: 90, g: 90, b: 90)

    // MARK: - Camera
    public static let cameraCenter = Vec2(0, 5)
    public static let cameraSize = Vec2(20, 12)
    public static let pixelsPerUnit = 32.0

    // MARK: - Solver
    /// Penetration allowed before position correction pushes back, in metres.
    public static let linearSlop = 0.005
    /// Fraction of the remaining penetration removed per substep (split impulse).
    public static let positionCorrection = 0.2
    /// Contacts are created this far before touching (speculative contacts),
    /// plus the distance the pair can close within a substep.
    public static let speculativeDistance = 0.02
    /// Approach speeds below this many substeps' worth of gravity (|g|·h) bounce with
    /// no restitution: it stops resting bodies from jittering, and without gravity
    /// (an elastic box) nearly every bounce keeps its energy.
    public static let restitutionThresholdGravitySteps = 2.0
    /// Lower bound of the restitution threshold (m/s).
    public static let restitutionThresholdMinimum = 1e-3
    /// Two shapes closer than this count as touching for contact events.
    public static let touchingDistance = 0.01
    /// Largest penetration accepted at the start of a scene.
    public static let overlapTolerance = 1e-6

    // MARK: - Sleeping and rest
    /// Linear speed (m/s) under which a body counts as still.
    public static let restSpeed = 0.05
    /// Angular speed (rad/s) under which a body counts as still.
    public static let restSpin = 0.05
    /// Consecutive still steps before a `cameToRest` event.
    public static let restSteps = 30
    /// Consecutive still steps of every body of an island before the island falls
    /// asleep (when sleeping is on).
    public static let sleepSteps = 60

    /// The solver interleaves up to this many lanes of whole contact islands (for
    /// instruction-level parallelism); the order within an island never depends on it.
    public static let solverLanes = 4

    /// Box–box contacts keep the reference face unless another axis separates by this
    /// much more (relative, and absolute per metre of half-size), as in Box2D-lite:
    /// stable manifolds for resting boxes.
    public static let boxAxisRelativeTolerance = 0.05
    public static let boxAxisAbsoluteTolerance = 0.01

    /// Two-point manifolds are solved as a block unless K is this badly conditioned
    /// (k11² ≥ limit · det K), as in Box2D.
    public static let blockConditionLimit = 1000.0

    // MARK: - Broad phase
    /// Grid cells are at most this many times the largest moving shape across (plus the
    /// speculative margin); faster bodies look in the cells their swept box reaches. Only
    /// speed depends on it. (1.5 tests fewer pairs per resting ball, but at 22,000 falling
    /// balls so many are oversized that a step took 1.8 times as long.)
    public static let gridCellShapeLimit = 3.0

    // MARK: - Numerics
    /// Coordinates are clamped to this magnitude when hashed into the broad-phase grid.
    public static let gridCoordinateLimit = 1.0e9
}
