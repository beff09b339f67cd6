/// One contact point of a manifold: geometry and the accumulated impulses that
/// warm-start the next substep. (Per-substep solver data lives in `SolverContact`.)
@usableFromInline struct ContactPoint: Sendable, Equatable {
    /// Offsets of the contact point from each body's centre.
    @usableFromInline var rA: Vec2 = .zero
    @usableFromInline var rB: Vec2 = .zero
    /// Signed gap along the normal; negative when overlapping.
    @usableFromInline var separation: Double = 0
    /// Identifies the pair of features touching, for warm starting.
    @usableFromInline var id: UInt32 = 0
    @usableFromInline var normalImpulse: Double = 0
    @usableFromInline var tangentImpulse: Double = 0

    @inlinable init() {}
}

/// Up to two contact points between two colliders `a < b`, normal pointing from a to b.
@usableFromInline struct Manifold: Sendable, Equatable {
    @usableFromInline var a: Int32 = 0
    @usableFromInline var b: Int32 = 0
    @usableFromInline var normal: Vec2 = .zero
    @usableFromInline var count: Int32 = 0
    @usableFromInline var p0 = ContactPoint()
    @usableFromInline var p1 = ContactPoint()
    @usableFromInline var friction: Double = 0
    @usableFromInline var restitution: Double = 0

    @inlinable init() {}

    /// Sort key: pairs are kept ordered by (a, b).
    @inlinable var key: UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    /// The smallest separation among the points.
    @inlinable var minSeparation: Double { count > 1 ? min(p0.separation, p1.separation) : p0.separation }

    /// Total normal impulse over the points in the last substep.
    @inlinable var totalNormalImpulse: Double { count > 1 ? p0.normalImpulse + p1.normalImpulse : p0.normalImpulse }

    /// Swaps the roles of the two bodies (the normal flips, offsets swap).
    @inlinable mutating func flip() {
        normal = -normal
        swap(&p0.rA, &p0.rB)
        swap(&p1.rA, &p1.rB)
    }
}
