/// A static wall: a segment from `from` to `to` with a thickness, simulated as a thin box.
public struct WallSpec: Hashable, Sendable, Codable {
    public var name: String
    public var from: Vec2
    public var to: Vec2
    public var thickness: Double
    public var restitution: Double
    public var friction: Double
    public var color: Color

    public init(
        name: String, from: Vec2, to: Vec2, thickness: Double = PhysicsDefaults.wallThickness,
        restitution: Double = PhysicsDefaults.wallRestitution, friction: Double = PhysicsDefaults.wallFriction,
        color: Color = PhysicsDefaults.wallColor
    ) {
        self.name = name
        self.from = from
        self.to = to
        self.thickness = thickness
        self.restitution = restitution
        self.friction = friction
        self.color = color
    }
}

/// An axis-aligned rectangle given by its centre and full size.
public struct AxisRect: Hashable, Sendable, Codable {
    public var center: Vec2
    public var size: Vec2

    public init(center: Vec2, size: Vec2) {
        self.center = center
        self.size = size
    }

    public var minX: Double { center.x - 0.5 * size.x }
    public var maxX: Double { center.x + 0.5 * size.x }
    public var minY: Double { center.y - 0.5 * size.y }
    public var maxY: Double { center.y + 0.5 * size.y }

    /// True when the point lies inside or on the border.
    public func contains(_ p: Vec2) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }

    /// True when the box [lo, hi] lies entirely inside this rectangle.
    public func contains(lo: Vec2, hi: Vec2) -> Bool {
        lo.x >= minX && hi.x <= maxX && lo.y >= minY && hi.y <= maxY
    }

    /// True when the box [lo, hi] overlaps this rectangle.
    public func intersects(lo: Vec2, hi: Vec2) -> Bool {
        lo.x <= maxX && hi.x >= minX && lo.y <= maxY && hi.y >= minY
    }
}

/// A visual-only rectangle drawn over bodies; it never collides.
public struct Occluder: Hashable, Sendable, Codable {
    public var name: String
    public var rect: AxisRect
    public var color: Color

    public init(name: String, center: Vec2, size: Vec2, color: Color = PhysicsDefaults.occluderColor) {
        self.name = name
        self.rect = AxisRect(center: center, size: size)
        self.color = color
    }
}

/// An invisible rectangle used only for enter/exit events.
public struct Region: Hashable, Sendable, Codable {
    public var name: String
    public var rect: AxisRect

    public init(name: String, center: Vec2, size: Vec2) {
        self.name = name
        self.rect = AxisRect(center: center, size: size)
    }
}

/// The rectangle `bounds (x0,y0) to (x1,y1)`: four walls outside its edges.
public struct Bounds: Hashable, Sendable, Codable {
    public var lower: Vec2
    public var upper: Vec2
    public var thickness: Double
    public var restitution: Double
    public var friction: Double

    public init(
        _ lower: Vec2, _ upper: Vec2, thickness: Double = PhysicsDefaults.boundsThickness,
        restitution: Double = PhysicsDefaults.wallRestitution, friction: Double = PhysicsDefaults.wallFriction
    ) {
        self.lower = lower
        self.upper = upper
        self.thickness = thickness
        self.restitution = restitution
        self.friction = friction
    }

    /// The four walls, named `bounds.bottom`, `.top`, `.left`, `.right`; their inner faces
    /// lie on the rectangle's edges.
    public var walls: [WallSpec] {
        let t = thickness, h = 0.5 * t
        let x0 = min(lower.x, upper.x), x1 = max(lower.x, upper.x)
        let y0 = min(lower.y, upper.y), y1 = max(lower.y, upper.y)
        func wall(_ n: String, _ a: Vec2, _ b: Vec2) -> WallSpec {
            WallSpec(name: "bounds." + n, from: a, to: b, thickness: t, restitution: restitution, friction: friction)
        }
        return [
            wall("bottom", Vec2(x0 - t, y0 - h), Vec2(x1 + t, y0 - h)),
            wall("top", Vec2(x0 - t, y1 + h), Vec2(x1 + t, y1 + h)),
            wall("left", Vec2(x0 - h, y0), Vec2(x0 - h, y1)),
            wall("right", Vec2(x1 + h, y0), Vec2(x1 + h, y1)),
        ]
    }
}

/// A ground half-plane: everything below `height` is solid.
public struct Ground: Hashable, Sendable, Codable {
    public var height: Double
    public var restitution: Double
    public var friction: Double

    public init(
        height: Double, restitution: Double = PhysicsDefaults.wallRestitution,
        friction: Double = PhysicsDefaults.wallFriction
    ) {
        self.height = height
        self.restitution = restitution
        self.friction = friction
    }
}
