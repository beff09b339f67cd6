#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - The shapes of bodies and walls

extension PlacedShape {
    public init(_ body: BodyState) {
        switch body.kind {
        case .ball: self = .circle(center: body.position, radius: body.radius)
        case .box: self = .box(center: body.position, half: body.size * 0.5, angle: body.angle)
        }
    }

    public init(_ body: ObservedBody) {
        switch body.kind {
        case .ball: self = .circle(center: body.position, radius: body.radius)
        case .box: self = .box(center: body.position, half: body.size * 0.5, angle: body.angle)
        }
    }

    /// A wall segment with its thickness, as the simulator builds it (a thin box).
    public init(wall: WallSpec) {
        let d = wall.to - wall.from
        self = .box(center: (wall.from + wall.to) * 0.5, half: Vec2(d.length * 0.5, wall.thickness * 0.5),
                    angle: atan2(d.y, d.x))
    }
}
