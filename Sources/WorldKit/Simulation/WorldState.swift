/// Which shape a body has, without its dimensions.
public enum BodyKind: String, Hashable, Sendable, Codable {
    case ball
    case box
}

/// One body at one instant.
public struct BodyState: Hashable, Sendable, Codable {
    public var name: String
    public var kind: BodyKind
    public var position: Vec2
    public var angle: Double
    public var velocity: Vec2
    public var spin: Double
    /// Not fully hidden by an occluder, and at least partly inside the camera's view.
    public var visible: Bool
    public var asleep: Bool
    public var isStatic: Bool
    /// Radius for balls; zero for boxes.
    public var radius: Double
    /// Full size for boxes; (2r, 2r) for balls.
    public var size: Vec2
    public var color: Color
    /// Mass in kg (as declared, also for static bodies).
    public var mass: Double

    public init(name: String, kind: BodyKind, position: Vec2, angle: Double, velocity: Vec2, spin: Double,
                visible: Bool, asleep: Bool, isStatic: Bool, radius: Double, size: Vec2, color: Color, mass: Double) {
        self.name = name
        self.kind = kind
        self.position = position
        self.angle = angle
        self.velocity = velocity
        self.spin = spin
        self.visible = visible
        self.asleep = asleep
        self.isStatic = isStatic
        self.radius = radius
        self.size = size
        self.color = color
        self.mass = mass
    }

    // MARK: - Derived

    /// Half extents of the axis-aligned bounding box.
    public var halfExtents: Vec2 {
        switch kind {
        case .ball: return Vec2(radius, radius)
        case .box:
            let c = abs(_cos(angle)), s = abs(_sin(angle))
            return Vec2(c * size.x * 0.5 + s * size.y * 0.5, s * size.x * 0.5 + c * size.y * 0.5)
        }
    }

    public var bottom: Double { position.y - halfExtents.y }
    public var top: Double { position.y + halfExtents.y }
    public var left: Double { position.x - halfExtents.x }
    public var right: Double { position.x + halfExtents.x }
    public var speed: Double { velocity.length }

    /// Moment of inertia about the centre.
    public var inertia: Double {
        switch kind {
        case .ball: return 0.5 * mass * radius * radius
        case .box: return mass * (size.x * size.x + size.y * size.y) / 12
        }
    }

    /// Translational plus rotational kinetic energy (zero for static bodies).
    public var kineticEnergy: Double {
        isStatic ? 0 : 0.5 * mass * velocity.lengthSquared + 0.5 * inertia * spin * spin
    }

    /// Linear momentum (zero for static bodies).
    public var momentum: Vec2 { isStatic ? .zero : velocity * mass }
}

/// The whole world at one step.
public struct WorldState: Hashable, Sendable, Codable {
    public var step: Int
    /// Seconds since the start.
    public var time: Double
    public var bodies: [BodyState]

    public init(step: Int, time: Double, bodies: [BodyState]) {
        self.step = step
        self.time = time
        self.bodies = bodies
    }

    /// The body with this name, if present.
    public subscript(name: String) -> BodyState? {
        bodies.first { $0.name == name }
    }

    /// Total kinetic energy of all bodies.
    public var kineticEnergy: Double { bodies.reduce(0) { $0 + $1.kineticEnergy } }

    /// Total linear momentum of all bodies.
    public var momentum: Vec2 { bodies.reduce(Vec2.zero) { $0 + $1.momentum } }
}
