/// The shape of a body: a ball (circle) or a box (rectangle).
public enum BodyShape: Hashable, Sendable, Codable {
    case ball(radius: Double)
    /// Full width and height, before rotation by the body's angle.
    case box(size: Vec2)

    /// Area in square metres (used to derive mass from density).
    public var area: Double {
        switch self {
        case .ball(let r): return Double.pi * r * r
        case .box(let s): return s.x * s.y
        }
    }

    /// Moment of inertia about the centre for a given mass.
    public func inertia(mass: Double) -> Double {
        switch self {
        case .ball(let r): return 0.5 * mass * r * r
        case .box(let s): return mass * (s.x * s.x + s.y * s.y) / 12
        }
    }

    /// Radius of the smallest circle around the centre containing the shape.
    public var boundingRadius: Double {
        switch self {
        case .ball(let r): return r
        case .box(let s): return 0.5 * s.length
        }
    }
}

/// A body as a scene describes it: shape, initial motion and material.
public struct BodySpec: Hashable, Sendable, Codable {
    public var name: String
    public var shape: BodyShape
    public var position: Vec2
    public var angle: Double
    public var velocity: Vec2
    /// Angular velocity in radians per second, counter-clockwise positive.
    public var spin: Double
    /// Explicit mass; when nil, mass is density × area.
    public var mass: Double?
    /// Density in kg/m²; used only when `mass` is nil.
    public var density: Double?
    public var restitution: Double
    public var friction: Double
    public var color: Color
    /// Static bodies never move and have infinite mass.
    public var isStatic: Bool

    public init(
        name: String, shape: BodyShape, position: Vec2, angle: Double = 0,
        velocity: Vec2 = .zero, spin: Double = 0, mass: Double? = nil, density: Double? = nil,
        restitution: Double = PhysicsDefaults.restitution, friction: Double = PhysicsDefaults.friction,
        color: Color = PhysicsDefaults.color, isStatic: Bool = false
    ) {
        self.name = name
        self.shape = shape
        self.position = position
        self.angle = angle
        self.velocity = velocity
        self.spin = spin
        self.mass = mass
        self.density = density
        self.restitution = restitution
        self.friction = friction
        self.color = color
        self.isStatic = isStatic
    }

    /// A ball of the given radius.
    public static func ball(_ name: String, at position: Vec2, radius: Double) -> BodySpec {
        BodySpec(name: name, shape: .ball(radius: radius), position: position)
    }

    /// A box of the given full size.
    public static func box(_ name: String, at position: Vec2, size: Vec2, angle: Double = 0) -> BodySpec {
        BodySpec(name: name, shape: .box(size: size), position: position, angle: angle)
    }

    /// The mass used by the simulator: `mass`, else density × area.
    public var resolvedMass: Double {
        mass ?? (density ?? PhysicsDefaults.density) * shape.area
    }

    /// The density that goes with the resolved mass: `density`, else mass / area.
    public var resolvedDensity: Double {
        density ?? resolvedMass / shape.area
    }
}
