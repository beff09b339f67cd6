#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A rectangle turned by an angle, as separating-axis tests see it: half extents
/// along its own two axes.
struct OrientedBox {
    var half: Vec2
    /// The box's own x axis in the world (unit length).
    var axisX: Vec2
    /// The box's own y axis in the world (unit length).
    var axisY: Vec2

    init(half: Vec2, angle: Double) {
        self.half = half
        axisX = Vec2(cos(angle), sin(angle))
        axisY = Vec2(-sin(angle), cos(angle))
    }

    /// Half the box's extent along the unit direction `n`: how far it reaches from its
    /// centre when projected onto `n`.
    func radius(along n: Vec2) -> Double {
        half.x * abs(n.dot(axisX)) + half.y * abs(n.dot(axisY))
    }
}
