/// A complete, plain description of a 2D world: bodies, static geometry,
/// visual-only occluders, event regions and the simulation settings.
///
/// The scenario language builds one of these; `validate()` lists what is wrong
/// with it and `validated()` throws those problems, so an invalid scene never
/// reaches the simulator.
public struct Scene: Hashable, Sendable, Codable {
    public var name: String
    public var bodies: [BodySpec]
    public var walls: [WallSpec]
    public var ground: Ground?
    public var bounds: Bounds?
    public var occluders: [Occluder]
    public var regions: [Region]

    // MARK: - Settings
    public var gravity: Vec2
    /// Seconds per step.
    public var dt: Double
    /// Substeps per step; each substep runs the full solver with dt / substeps.
    public var substeps: Int
    /// Velocity iterations of the contact solver per substep.
    public var iterations: Int
    public var camera: CameraSpec
    public var noise: NoiseModel?
    /// When true, bodies may overlap at the start (validation does not complain).
    public var allowOverlap: Bool
    /// When true, a contact island whose bodies all stay still falls asleep until something touches it.
    public var sleeping: Bool

    public init(
        name: String, bodies: [BodySpec] = [], walls: [WallSpec] = [], ground: Ground? = nil,
        bounds: Bounds? = nil, occluders: [Occluder] = [], regions: [Region] = [],
        gravity: Vec2 = PhysicsDefaults.gravity, dt: Double = PhysicsDefaults.dt,
        substeps: Int = PhysicsDefaults.substeps, iterations: Int = PhysicsDefaults.iterations,
        camera: CameraSpec = CameraSpec(), noise: NoiseModel? = nil,
        allowOverlap: Bool = false, sleeping: Bool = false
    ) {
        self.name = name
        self.bodies = bodies
        self.walls = walls
        self.ground = ground
        self.bounds = bounds
        self.occluders = occluders
        self.regions = regions
        self.gravity = gravity
        self.dt = dt
        self.substeps = substeps
        self.iterations = iterations
        self.camera = camera
        self.noise = noise
        self.allowOverlap = allowOverlap
        self.sleeping = sleeping
    }

    // MARK: - Lookup

    /// The body with this name, if any.
    public func body(named name: String) -> BodySpec? {
        bodies.first { $0.name == name }
    }

    /// Index of the body with this name, if any.
    public func index(of name: String) -> Int? {
        bodies.firstIndex { $0.name == name }
    }

    /// Explicit walls followed by the four `bounds` walls.
    public var allWalls: [WallSpec] {
        walls + (bounds?.walls ?? [])
    }
}
