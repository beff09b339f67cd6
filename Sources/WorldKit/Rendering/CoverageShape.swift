// MARK: - CoverageShape

/// A shape in image pixel coordinates, described by a field that is negative inside,
/// positive outside, zero on the boundary and 1-Lipschitz (it changes by at most one per
/// pixel moved). The rasterizer uses the Lipschitz bound to decide from one evaluation at
/// a pixel centre whether the pixel is fully in, fully out, or needs supersampling.
protocol CoverageShape {
    /// The field at a pixel-space point.
    func field(_ x: Double, _ y: Double) -> Double
    /// Pixel-space bounding box (minX, minY, maxX, maxY) of the inside region.
    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) { get }
}

// MARK: - Shapes

/// A disc.
struct DiscShape: CoverageShape {
    let cx: Double, cy: Double, radius: Double

    @inline(__always) func field(_ x: Double, _ y: Double) -> Double {
        let dx = x - cx, dy = y - cy
        return (dx * dx + dy * dy).squareRoot() - radius
    }

    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (cx - radius, cy - radius, cx + radius, cy + radius)
    }
}

/// A segment thickened by `halfWidth` on every side: a capsule with round caps.
struct CapsuleShape: CoverageShape {
    let ax: Double, ay: Double, bx: Double, by: Double, halfWidth: Double
    /// 1 / |b - a|², or 0 for a degenerate segment (which then draws a disc).
    let inverseLengthSquared: Double

    init(from a: Vec2, to b: Vec2, halfWidth: Double) {
        ax = a.x; ay = a.y; bx = b.x; by = b.y
        self.halfWidth = halfWidth
        let l2 = (b - a).lengthSquared
        inverseLengthSquared = l2 > 0 ? 1 / l2 : 0
    }

    @inline(__always) func field(_ x: Double, _ y: Double) -> Double {
        let px = x - ax, py = y - ay
        let dx = bx - ax, dy = by - ay
        let t = min(max((px * dx + py * dy) * inverseLengthSquared, 0), 1)
        let ex = px - dx * t, ey = py - dy * t
        return (ex * ex + ey * ey).squareRoot() - halfWidth
    }

    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (min(ax, bx) - halfWidth, min(ay, by) - halfWidth, max(ax, bx) + halfWidth, max(ay, by) + halfWidth)
    }
}

/// An axis-aligned box; the max of the two slab distances.
struct AlignedBoxShape: CoverageShape {
    let cx: Double, cy: Double, halfWidth: Double, halfHeight: Double

    @inline(__always) func field(_ x: Double, _ y: Double) -> Double {
        max(abs(x - cx) - halfWidth, abs(y - cy) - halfHeight)
    }

    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight)
    }
}

/// The band of `halfWidth` either side of another shape's boundary (outlines).
struct StrokeShape<Inner: CoverageShape>: CoverageShape {
    let inner: Inner, halfWidth: Double

    @inline(__always) func field(_ x: Double, _ y: Double) -> Double {
        abs(inner.field(x, y)) - halfWidth
    }

    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        let b = inner.bounds
        return (b.minX - halfWidth, b.minY - halfWidth, b.maxX + halfWidth, b.maxY + halfWidth)
    }
}

/// A convex polygon as the intersection of half-planes `nx·x + ny·y ≤ c` with unit normals.
struct ConvexShape: CoverageShape {
    /// Flattened (nx, ny, c) triples, one per edge.
    let planes: [Double]
    let bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double)

    /// The convex hull of `points`, or nil when it has no area.
    init?(points: [Vec2]) {
        let hull = ConvexShape.convexHull(points)
        guard hull.count >= 3 else { return nil }
        var planes: [Double] = []
        planes.reserveCapacity(hull.count * 3)
        for i in 0..<hull.count {
            let a = hull[i], b = hull[(i + 1) % hull.count]
            // The hull has positive signed area, so the outward normal of edge a→b is
            // (dy, -dx); this is pure algebra and holds in y-down pixel space too.
            let e = b - a
            let n = Vec2(e.y, -e.x).normalized
            planes.append(n.x)
            planes.append(n.y)
            planes.append(n.dot(a))
        }
        self.planes = planes
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        for p in hull {
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        bounds = (minX, minY, maxX, maxY)
    }

    @inline(__always) func field(_ x: Double, _ y: Double) -> Double {
        var d = -Double.infinity
        planes.withUnsafeBufferPointer { p in
            var i = 0
            while i + 2 < p.count {
                d = max(d, p[i] * x + p[i + 1] * y - p[i + 2])
                i += 3
            }
        }
        return d
    }

    /// Andrew's monotone chain: the hull with positive signed area, collinear points
    /// dropped. Sorting makes it independent of input order.
    static func convexHull(_ input: [Vec2]) -> [Vec2] {
        let points = input.filter { $0.x.isFinite && $0.y.isFinite }
            .sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
        guard points.count >= 3 else { return [] }
        func turn(_ o: Vec2, _ a: Vec2, _ b: Vec2) -> Double { (a - o).cross(b - o) }
        var lower: [Vec2] = []
        for p in points {
            while lower.count >= 2, turn(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 {
                lower.removeLast()
            }
            lower.append(p)
        }
        var upper: [Vec2] = []
        for p in points.reversed() {
            while upper.count >= 2, turn(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 {
                upper.removeLast()
            }
            upper.append(p)
        }
        let hull = Array(lower.dropLast()) + Array(upper.dropLast())
        return hull.count >= 3 ? hull : []
    }
}
