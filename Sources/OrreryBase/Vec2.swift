/// A 2D vector of doubles: positions, velocities, sizes.
public struct Vec2: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    @inlinable public static var zero: Vec2 { Vec2(0, 0) }

    @inlinable public static func + (a: Vec2, b: Vec2) -> Vec2 { Vec2(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Vec2, b: Vec2) -> Vec2 { Vec2(a.x - b.x, a.y - b.y) }
    @inlinable public static prefix func - (a: Vec2) -> Vec2 { Vec2(-a.x, -a.y) }
    @inlinable public static func * (a: Vec2, s: Double) -> Vec2 { Vec2(a.x * s, a.y * s) }
    @inlinable public static func * (s: Double, a: Vec2) -> Vec2 { Vec2(a.x * s, a.y * s) }
    @inlinable public static func / (a: Vec2, s: Double) -> Vec2 { Vec2(a.x / s, a.y / s) }
    @inlinable public static func += (a: inout Vec2, b: Vec2) { a = a + b }
    @inlinable public static func -= (a: inout Vec2, b: Vec2) { a = a - b }

    @inlinable public func dot(_ b: Vec2) -> Double { x * b.x + y * b.y }
    /// The z component of the 3D cross product.
    @inlinable public func cross(_ b: Vec2) -> Double { x * b.y - y * b.x }
    @inlinable public var lengthSquared: Double { x * x + y * y }
    @inlinable public var length: Double { lengthSquared.squareRoot() }
    /// The unit vector in this direction, or zero for the zero vector.
    @inlinable public var normalized: Vec2 {
        let l = length
        return l > 0 ? self / l : .zero
    }
    /// Rotated a quarter turn counter-clockwise.
    @inlinable public var perpendicular: Vec2 { Vec2(-y, x) }
    @inlinable public func rotated(by angle: Double, cos c: Double? = nil) -> Vec2 {
        let cs = c ?? _cos(angle), sn = _sin(angle)
        return Vec2(x * cs - y * sn, x * sn + y * cs)
    }
}

#if canImport(Glibc)
import Glibc
@inlinable func _cos(_ x: Double) -> Double { Glibc.cos(x) }
@inlinable func _sin(_ x: Double) -> Double { Glibc.sin(x) }
#else
import Foundation
@inlinable func _cos(_ x: Double) -> Double { Foundation.cos(x) }
@inlinable func _sin(_ x: Double) -> Double { Foundation.sin(x) }
#endif
