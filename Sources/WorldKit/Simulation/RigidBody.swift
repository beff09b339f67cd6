// MARK: - Rigid body (solver representation)

/// The shape tag of a collider; an enum of raw values keeps `RigidBody` a plain
/// (trivially copyable) struct for the hot loop.
@usableFromInline enum ColliderKind: UInt8, Sendable {
    case circle
    case box
    /// The ground: solid below `position.y`, normal +y.
    case plane
}

/// One collider as the solver sees it: flat doubles, no references.
///
/// Static geometry (ground, walls) and scene bodies share this type so the
/// contact solver has a single code path; static ones have zero inverse mass.
@usableFromInline struct RigidBody: Sendable, Equatable {
    // Fields in the order the pair loop reads them: what contact finding needs of the
    // other body of a pair (shape, position, mixing coefficients; for boxes the
    // rotation and half extents) comes first, within the first cache lines of the body.
    @usableFromInline var kind: ColliderKind
    @usableFromInline var isStatic: Bool
    @usableFromInline var asleep: Bool = false
    /// Consecutive still steps, for sleeping.
    @usableFromInline var stillSteps: Int32 = 0
    @usableFromInline var position: Vec2
    /// Circle radius; for boxes, the bounding radius.
    @usableFromInline var radius: Double
    @usableFromInline var invMass: Double
    @usableFromInline var friction: Double
    /// Restitution for the current substep (base plus noise).
    @usableFromInline var restitution: Double
    /// Cached cos/sin of `angle`, refreshed whenever the angle changes.
    @usableFromInline var cosA: Double
    @usableFromInline var sinA: Double
    /// Box half extents in body coordinates.
    @usableFromInline var half: Vec2
    @usableFromInline var velocity: Vec2
    @usableFromInline var spin: Double
    @usableFromInline var angle: Double
    /// Split-impulse pseudo velocities: position correction without energy.
    @usableFromInline var pseudoVelocity: Vec2 = .zero
    @usableFromInline var pseudoSpin: Double = 0
    @usableFromInline var invInertia: Double
    @usableFromInline var mass: Double
    @usableFromInline var baseRestitution: Double
    /// The island this body fell asleep with (-1 when awake or never asleep): waking
    /// one body of it wakes them all.
    @usableFromInline var sleepGroup: Int32 = -1

    init(kind: ColliderKind, isStatic: Bool, position: Vec2, angle: Double, velocity: Vec2, spin: Double,
         mass: Double, inertia: Double, radius: Double, half: Vec2, restitution: Double, friction: Double) {
        self.kind = kind
        self.isStatic = isStatic
        self.position = position
        self.angle = angle
        self.cosA = _cos(angle)
        self.sinA = _sin(angle)
        self.velocity = isStatic ? .zero : velocity
        self.spin = isStatic ? 0 : spin
        self.mass = mass
        self.invMass = isStatic || !(mass > 0) ? 0 : 1 / mass
        self.invInertia = isStatic || !(inertia > 0) ? 0 : 1 / inertia
        self.radius = radius
        self.half = half
        self.baseRestitution = restitution
        self.restitution = restitution
        self.friction = friction
    }

    /// The solver body for a scene body.
    init(spec: BodySpec) {
        let mass = spec.resolvedMass
        switch spec.shape {
        case .ball(let r):
            self.init(kind: .circle, isStatic: spec.isStatic, position: spec.position, angle: spec.angle,
                      velocity: spec.velocity, spin: spec.spin, mass: mass, inertia: spec.shape.inertia(mass: mass),
                      radius: r, half: Vec2(r, r), restitution: spec.restitution, friction: spec.friction)
        case .box(let s):
            self.init(kind: .box, isStatic: spec.isStatic, position: spec.position, angle: spec.angle,
                      velocity: spec.velocity, spin: spec.spin, mass: mass, inertia: spec.shape.inertia(mass: mass),
                      radius: spec.shape.boundingRadius, half: s * 0.5,
                      restitution: spec.restitution, friction: spec.friction)
        }
    }

    /// A static box for a wall segment.
    init(wall: WallSpec) {
        let d = wall.to - wall.from
        let length = d.length
        let angle = length > 0 ? atan2Approx(d.y, d.x) : 0
        let half = Vec2(0.5 * length, 0.5 * wall.thickness)
        self.init(kind: .box, isStatic: true, position: (wall.from + wall.to) * 0.5, angle: angle,
                  velocity: .zero, spin: 0, mass: 0, inertia: 0, radius: half.length, half: half,
                  restitution: wall.restitution, friction: wall.friction)
    }

    /// The ground half-plane.
    init(ground: Ground) {
        self.init(kind: .plane, isStatic: true, position: Vec2(0, ground.height), angle: 0,
                  velocity: .zero, spin: 0, mass: 0, inertia: 0, radius: 0, half: .zero,
                  restitution: ground.restitution, friction: ground.friction)
    }

    /// True when the body takes part in dynamics this step.
    @inlinable var isMoving: Bool { invMass > 0 && !asleep }

    /// Rotates a body-frame vector into the world frame.
    @inlinable func rotate(_ v: Vec2) -> Vec2 { Vec2(cosA * v.x - sinA * v.y, sinA * v.x + cosA * v.y) }
    /// Rotates a world-frame vector into the body frame.
    @inlinable func unrotate(_ v: Vec2) -> Vec2 { Vec2(cosA * v.x + sinA * v.y, -sinA * v.x + cosA * v.y) }

    /// Half extents of the world-space bounding box (planes: not meaningful).
    @inlinable var aabbHalf: Vec2 {
        switch kind {
        case .circle: return Vec2(radius, radius)
        case .box:
            let c = abs(cosA), s = abs(sinA)
            return Vec2(c * half.x + s * half.y, s * half.x + c * half.y)
        case .plane: return .zero
        }
    }

    mutating func setAngle(_ a: Double) {
        angle = a
        cosA = _cos(a)
        sinA = _sin(a)
    }
}

/// atan2 through the platform's libm.
func atan2Approx(_ y: Double, _ x: Double) -> Double { _atan2(y, x) }

#if canImport(Glibc)
import Glibc
@usableFromInline func _atan2(_ y: Double, _ x: Double) -> Double { Glibc.atan2(y, x) }
#else
import Foundation
@usableFromInline func _atan2(_ y: Double, _ x: Double) -> Double { Foundation.atan2(y, x) }
#endif

// MARK: - Collider set

/// Every collider of a scene in solver order: the ground (if any), then walls
/// (explicit, then bounds), then the scene's bodies in declaration order.
/// Static geometry comes first so adding or removing a body never renumbers it.
struct ColliderSet {
    var bodies: [RigidBody] = []
    var names: [String] = []
    /// Number of leading static colliders (ground and walls).
    var staticCount = 0

    init(scene: Scene) {
        if let g = scene.ground {
            bodies.append(RigidBody(ground: g))
            names.append("ground")
        }
        for w in scene.allWalls {
            bodies.append(RigidBody(wall: w))
            names.append(w.name)
        }
        staticCount = bodies.count
        for b in scene.bodies {
            bodies.append(RigidBody(spec: b))
            names.append(b.name)
        }
    }
}
