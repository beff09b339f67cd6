/// One contact point of a manifold with its solver data and accumulated impulses.
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
    @usableFromInline var pseudoImpulse: Double = 0
    @usableFromInline var normalMass: Double = 0
    @usableFromInline var tangentMass: Double = 0
    /// Normal relative velocity the solver drives towards (restitution or speculative limit).
    @usableFromInline var velocityTarget: Double = 0
    /// Pseudo-velocity target that pushes overlapping bodies apart.
    @usableFromInline var pseudoTarget: Double = 0

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
    /// Effective inverse masses this substep (zero for static or sleeping bodies).
    @usableFromInline var invMassA: Double = 0
    @usableFromInline var invMassB: Double = 0
    @usableFromInline var invInertiaA: Double = 0
    @usableFromInline var invInertiaB: Double = 0

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
