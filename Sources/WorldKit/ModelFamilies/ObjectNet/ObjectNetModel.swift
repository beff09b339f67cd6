#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Object-slot model with an interaction network (explicit, object-centric)
//
// One slot per declared body: position, velocity (estimated from the context's
// last two sightings), size, colour, static flag. A slot is never dropped: a body
// hidden behind an occluder keeps moving in its slot, which is what object
// permanence asks of a model. Dynamics: the interaction network predicts each
// moving slot's Δv from its pairwise relations with the other slots and with the
// static geometry (ground and walls as static objects); positions follow by
// semi-implicit Euler. Each object row carries the body's material (log mass,
// restitution, friction) and spin; each relation the sender's mass relative to the
// receiver's, its share of the pair's mass and the impulse a contact would exchange
// this step, so a heavier body is pushed less.

/// One object slot.
public struct ObjectSlot: Hashable, Sendable {
    public var name: String
    public var kind: BodyKind
    public var position: Vec2
    public var velocity: Vec2
    public var angle: Double
    public var radius: Double
    public var size: Vec2
    public var color: Color
    public var isStatic: Bool
    public var mass: Double
    /// The last step the camera saw this body (−1 if never).
    public var lastSeen: Int
    public var restitution: Double = PhysicsDefaults.restitution
    public var friction: Double = PhysicsDefaults.friction
    /// Angular velocity (rad/s), from consecutive observed angles.
    public var spin: Double = 0

    /// log(mass), 0 for a static or massless body.
    var logMass: Double { !isStatic && mass > 0 && mass.isFinite ? log(mass) : 0 }

    /// Half extents (rotation ignored: the model treats boxes as axis-aligned).
    var half: Vec2 { kind == .ball ? Vec2(radius, radius) : size * 0.5 }
    /// Radius of the bounding circle.
    var boundingRadius: Double { kind == .ball ? radius : 0.5 * size.length }
}

/// Static geometry as the interaction network sees it.
public enum StaticCollider: Hashable, Sendable {
    /// Solid below `height`.
    case ground(height: Double)
    /// A wall segment with half its thickness.
    case wall(from: Vec2, to: Vec2, halfThickness: Double)

    /// The static colliders of a scene: the ground, then every wall (explicit, then bounds).
    static func of(_ scene: Scene) -> [StaticCollider] {
        var out: [StaticCollider] = []
        if let g = scene.ground { out.append(.ground(height: g.height)) }
        for w in scene.allWalls { out.append(.wall(from: w.from, to: w.to, halfThickness: 0.5 * w.thickness)) }
        return out
    }
}

/// The state of an object-slot rollout.
public struct ObjectNetState: ModelState, Hashable {
    public var step: Int
    public var time: Double
    public var dt: Double
    public var gravity: Vec2
    public var slots: [ObjectSlot]
    public var statics: [StaticCollider]
}

/// An object-centric world model: one slot per body, interaction-network dynamics.
public final class ObjectNetModel: TrainableModel {
    /// The factors every slot exposes for edits.
    public static let slotFactors = ["x", "y", "vx", "vy", "radius", "color"]
    /// Gaps are clamped to this many metres: rigid bodies interact only by contact, and a
    /// clamped gap leaves the normalised feature its resolution near zero, where contacts are.
    public static let contactRange = 1.0
    /// The sender's log-mass ratio is clipped to ±this; static senders sit at the top.
    public static let massRatioLimit = 5.0

    public let kind = "objectnet"
    public let hidden: Int
    public private(set) var network: InteractionNetwork?
    public private(set) var relationNormalizer = Normalizer(width: InteractionNetwork.relationWidth)
    public private(set) var objectNormalizer = Normalizer(width: InteractionNetwork.objectWidth)
    public private(set) var targetNormalizer = Normalizer(width: InteractionNetwork.outputWidth)
    public private(set) var trainingReport: TrainingReport?

    /// A model whose MLPs have `hidden` units per layer.
    public init(hidden: Int = 64) throws {
        guard hidden >= 1, hidden <= 4096 else { throw ModelError("objectnet hidden must be between 1 and 4096, got \(hidden)") }
        self.hidden = hidden
    }

    public var taxonomy: Taxonomy {
        Taxonomy(state: .explicit, memory: .objectSlots, dynamics: .autoregressive,
                 summary: "one slot per body kept through occlusion; interaction network (relational MLP over ordered pairs and walls, object MLP) predicts Δv")
    }
    public var hyperparameters: [String: Double] { ["hidden": Double(hidden)] }
    public var isTrained: Bool { network != nil }
    public var contextLength: Int { 2 }

    /// Installs trained weights and normalisers (model files, tests).
    public func install(network: InteractionNetwork, relation: Normalizer, object: Normalizer, target: Normalizer,
                        report: TrainingReport?) throws {
        guard relation.width == InteractionNetwork.relationWidth, object.width == InteractionNetwork.objectWidth,
              target.width == InteractionNetwork.outputWidth else {
            throw ModelError("objectnet: normaliser widths do not match the interaction network")
        }
        self.network = network
        relationNormalizer = relation
        objectNormalizer = object
        targetNormalizer = target
        trainingReport = report
    }

    // MARK: - Features

    /// Raw (unnormalised) features of one world: relation rows, their receivers (index
    /// among the moving slots) and object rows, one per moving slot.
    static func features(slots: [ObjectSlot], statics: [StaticCollider], gravity: Vec2, dt: Double)
        -> (relations: [Double], receivers: [Int], objects: [Double], moving: [Int]) {
        var relations: [Double] = [], receivers: [Int] = [], objects: [Double] = [], moving: [Int] = []
        for (i, r) in slots.enumerated() where !r.isStatic {
            let receiver = moving.count
            moving.append(i)
            let hr = r.half, rr = r.boundingRadius
            objects += [r.velocity.x, r.velocity.y, hr.x, hr.y, gravity.x, gravity.y, r.logMass, r.restitution, r.friction,
                        r.spin]
            for (j, s) in slots.enumerated() where j != i {
                let d = s.position - r.position, dv = s.velocity - r.velocity
                let hs = s.half
                let gap = min(d.length - rr - s.boundingRadius, Self.contactRange)
                let n = unit(d)
                let vn = dv.dot(n)
                let ratio = s.isStatic ? Self.massRatioLimit : min(max(s.logMass - r.logMass, -Self.massRatioLimit), Self.massRatioLimit)
                var share = s.isStatic ? 1 : s.mass / max(s.mass + r.mass, 1e-12)
                if !share.isFinite { share = 0.5 }
                // Next step's approach: both moving bodies fall alike; a static one does not.
                let (cn, cgap) = Self.contactNormal(d, receiver: r, sender: s)
                let next = (s.isStatic ? dv - gravity * dt : dv).dot(cn)
                let impulse = Self.impulse(normal: cn, closing: next, gap: cgap, share: share,
                                           restitution: max(r.restitution, s.restitution), gravity: gravity, dt: dt)
                relations += [d.x, d.y, n.x, n.y, dv.x, dv.y, vn, hr.x, hr.y, hs.x, hs.y, gap,
                              min(gap + vn * dt, Self.contactRange), s.isStatic ? 1 : 0, ratio, share, impulse.x, impulse.y]
                receivers.append(receiver)
            }
            for c in statics {
                let point: Vec2, half: Double, gap: Double
                switch c {
                case .ground(let h):
                    point = Vec2(r.position.x, h)
                    half = 0
                    gap = min(r.position.y - h - hr.y, Self.contactRange)
                case .wall(let a, let b, let t):
                    point = closestPoint(on: a, b, to: r.position)
                    half = t
                    gap = min((point - r.position).length - t - rr, Self.contactRange)
                }
                let d = point - r.position
                // For the ground the normal is straight down, even when the centre is below it.
                let n: Vec2
                if case .ground = c { n = Vec2(0, -1) } else { n = unit(d) }
                let dv = Vec2.zero - r.velocity
                let vn = dv.dot(n)
                let impulse = Self.impulse(normal: n, closing: (dv - gravity * dt).dot(n), gap: gap, share: 1,
                                           restitution: r.restitution, gravity: gravity, dt: dt)
                relations += [d.x, d.y, n.x, n.y, dv.x, dv.y, vn, hr.x, hr.y, half, half, gap,
                              min(gap + vn * dt, Self.contactRange), 1, Self.massRatioLimit, 1, impulse.x, impulse.y]
                receivers.append(receiver)
            }
        }
        return (relations, receivers, objects, moving)
    }

    /// For every moving slot (in `features`' order), whether it is at rest and is held where
    /// it is: it moves (and turns, at its rim) slower than `DynamicsFeatures.restFraction` of
    /// a gravity step, rests on the ground, a wall or a still body below it (along gravity),
    /// and no moving body is about to hit it. The learned Δv is not used for it, so a resting
    /// box does not creep (as for the window, memory and hybrid models).
    static func resting(slots: [ObjectSlot], statics: [StaticCollider], gravity: Vec2, dt: Double) -> [Bool] {
        let still = DynamicsFeatures.restFraction * gravity.length * dt
        let down = unit(gravity)
        let touching = DynamicsFeatures.supportGap
        return slots.enumerated().compactMap { (i, r) -> Bool? in
            guard !r.isStatic else { return nil }
            let reach = max(r.half.x, r.half.y)
            guard still > 0, r.velocity.length < still, abs(r.spin) * reach < still else { return false }
            var supported = false
            for (j, s) in slots.enumerated() where j != i {
                let (n, gap) = contactNormal(s.position - r.position, receiver: r, sender: s)
                if !s.isStatic {
                    let closing = (s.velocity - r.velocity).dot(n)
                    if impulse(normal: n, closing: closing, gap: gap, share: 1, restitution: 0, gravity: gravity, dt: dt) != .zero {
                        return false
                    }
                }
                if gap < touching, n.dot(down) > 0.5, s.isStatic || s.velocity.length < still { supported = true }
            }
            for c in statics where !supported {
                switch c {
                case .ground(let h):
                    supported = down.y < -0.5 && r.position.y - h - r.half.y < touching
                case .wall(let a, let b, let t):
                    let point = closestPoint(on: a, b, to: r.position)
                    supported = (point - r.position).length - t - r.boundingRadius < touching && unit(point - r.position).dot(down) > 0.5
                }
            }
            return supported
        }
    }

    /// `v`, limited so the slot ends the step no deeper in the ground than it is now (and, if
    /// above it, not below it): the ground pushes out, as the simulator's contacts do. A
    /// small bias in the learned Δv of a sliding box otherwise sank it steadily, and a box
    /// sinking faster than the rest speed is never held (as for the other models).
    static func outOfGround(_ v: Vec2, slot r: ObjectSlot, statics: [StaticCollider], dt: Double) -> Vec2 {
        guard dt > 0 else { return v }
        var out = v
        for c in statics {
            guard case .ground(let h) = c else { continue }
            let gap = r.position.y - h - r.half.y
            let lowest = (min(gap, 0) - gap) / dt
            if out.y < lowest { out.y = lowest }
        }
        return out
    }

    /// The receiver's change of velocity (m/s) if a contact closing at `closing` m/s along
    /// `normal` (receiver → sender) is hit this step, resolved as the simulator's solver does
    /// to first order: (1 + restitution) × the sender's share of the mass × the closing speed,
    /// with no bounce below the solver's restitution threshold. Zero when not approaching or
    /// not touching within the step. Linear in the target, so mass changes a push directly.
    static func impulse(normal: Vec2, closing: Double, gap: Double, share: Double, restitution: Double,
                        gravity: Vec2, dt: Double) -> Vec2 {
        guard closing < 0, gap + closing * dt < 0, closing.isFinite else { return .zero }
        let e = -closing > ContactSolver.restitutionThreshold(h: dt, gravity: gravity) ? restitution : 0
        return normal * ((1 + e) * share * closing)
    }

    /// The contact normal (receiver → sender) and gap of two slots `d` apart: centre to
    /// centre for two balls, else the axis of largest separation of their (axis-aligned)
    /// boxes, so a box is not touched by its bounding circle.
    static func contactNormal(_ d: Vec2, receiver r: ObjectSlot, sender s: ObjectSlot) -> (Vec2, Double) {
        if r.kind == .ball && s.kind == .ball { return (unit(d), d.length - r.radius - s.radius) }
        let hr = r.half, hs = s.half
        let sx = abs(d.x) - hr.x - hs.x, sy = abs(d.y) - hr.y - hs.y
        return sx > sy ? (Vec2(d.x < 0 ? -1 : 1, 0), sx) : (Vec2(0, d.y < 0 ? -1 : 1), sy)
    }

    /// The direction of `d`, or zero for a zero vector.
    static func unit(_ d: Vec2) -> Vec2 {
        let l = d.length
        return l > 1e-12 ? d / l : .zero
    }

    static func closestPoint(on a: Vec2, _ b: Vec2, to p: Vec2) -> Vec2 {
        let ab = b - a
        let len2 = ab.dot(ab)
        guard len2 > 0 else { return a }
        let u = min(max((p - a).dot(ab) / len2, 0), 1)
        return a + ab * u
    }

    /// Slots from true states (training) in the scene's declaration order.
    static func slots(of state: WorldState, scene: Scene? = nil) -> [ObjectSlot] {
        func spec(_ name: String) -> BodySpec? { scene?.body(named: name) }
        return state.bodies.map { b in
            ObjectSlot(name: b.name, kind: b.kind, position: b.position, velocity: b.velocity, angle: b.angle,
                       radius: b.radius, size: b.size, color: b.color, isStatic: b.isStatic, mass: b.mass,
                       lastSeen: b.visible ? state.step : -1, restitution: spec(b.name)?.restitution ?? PhysicsDefaults.restitution,
                       friction: spec(b.name)?.friction ?? PhysicsDefaults.friction, spin: b.isStatic ? 0 : b.spin)
        }
    }

    // MARK: - WorldModel

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard isTrained else { throw ModelError("objectnet is not trained; train it first") }
        guard let last = context.last else { throw ModelError("objectnet: start needs at least one context observation") }
        let dt = scene.dt > 0 ? scene.dt : PhysicsDefaults.dt
        var slots: [ObjectSlot] = []
        for spec in scene.bodies {
            // The last two sightings give position, velocity and spin. A body never seen in
            // the context gets no slot: its declared state is not an observation.
            let sightings = context.compactMap { o in o[spec.name].map { (o.step, $0) } }
            guard let (step, b) = sightings.last else { continue }
            var velocity = Vec2.zero, spin = 0.0
            if sightings.count >= 2, !spec.isStatic {
                let (s0, b0) = sightings[sightings.count - 2]
                let span = dt * max(1, Double(step) - Double(s0))
                velocity = (b.position - b0.position) / span
                spin = DynamicsFeatures.angleStep(b0.angle, b.angle) / span
            }
            slots.append(ObjectSlot(name: spec.name, kind: b.kind, position: b.position, velocity: velocity, angle: b.angle,
                                    radius: b.radius, size: b.size, color: b.color, isStatic: spec.isStatic,
                                    mass: spec.resolvedMass, lastSeen: step, restitution: spec.restitution,
                                    friction: spec.friction, spin: spin))
        }
        return ObjectNetState(step: last.step, time: last.time, dt: dt, gravity: scene.gravity, slots: slots,
                              statics: StaticCollider.of(scene))
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try own(state)
        guard let net = network else { throw ModelError("objectnet is not trained") }
        let f = Self.features(slots: s.slots, statics: s.statics, gravity: s.gravity, dt: s.dt)
        if !f.moving.isEmpty {
            let batch = try InteractionBatch(
                relations: relationNormalizer.apply(Matrix(rows: f.receivers.count, cols: InteractionNetwork.relationWidth, values: f.relations)),
                receivers: f.receivers,
                objects: objectNormalizer.apply(Matrix(rows: f.moving.count, cols: InteractionNetwork.objectWidth, values: f.objects)),
                targets: Matrix(rows: 0, cols: 0))
            let dv = targetNormalizer.invert(net.forward(batch))
            let resting = Self.resting(slots: s.slots, statics: s.statics, gravity: s.gravity, dt: s.dt)
            for (k, i) in f.moving.enumerated() {
                let v = resting[k] ? .zero : Self.outOfGround(s.slots[i].velocity + Vec2(dv[k, 0], dv[k, 1]), slot: s.slots[i],
                                                                statics: s.statics, dt: s.dt)
                guard v.x.isFinite, v.y.isFinite else { throw ModelError("objectnet: the rollout diverged at step \(s.step &+ 1)") }
                s.slots[i].velocity = v
                s.slots[i].position += v * s.dt
                s.slots[i].angle += s.slots[i].spin * s.dt
            }
        }
        s.step &+= 1
        s.time += s.dt
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        let s = try own(state)
        let bodies = s.slots.map { b in
            BodyState(name: b.name, kind: b.kind, position: b.position, angle: b.angle, velocity: b.velocity, spin: b.spin,
                      visible: true, asleep: false, isStatic: b.isStatic, radius: b.radius, size: b.size,
                      color: b.color, mass: b.mass)
        }
        return WorldState(step: s.step, time: s.time, bodies: bodies)
    }

    // MARK: - Factors and edits

    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = try? own(state) else { return [] }
        return s.slots.flatMap { b in
            [LatentFactor(body: b.name, name: "x", value: b.position.x),
             LatentFactor(body: b.name, name: "y", value: b.position.y),
             LatentFactor(body: b.name, name: "vx", value: b.velocity.x),
             LatentFactor(body: b.name, name: "vy", value: b.velocity.y),
             LatentFactor(body: b.name, name: "radius", value: b.kind == .ball ? b.radius : 0.5 * b.size.x),
             LatentFactor(body: b.name, name: "color",
                          value: Double(Int(b.color.r) << 16 | Int(b.color.g) << 8 | Int(b.color.b)))]
        }
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try own(state)
        guard let name = body, let i = s.slots.firstIndex(where: { $0.name == name }) else {
            throw ModelError("objectnet has no slot '\(body ?? "")'; its factors are per body (\(Self.slotFactors.joined(separator: ", ")))")
        }
        guard value.isFinite else { throw ModelError("objectnet: edit value for \(name).\(factor) is not finite") }
        switch factor {
        case "x": s.slots[i].position.x = value
        case "y": s.slots[i].position.y = value
        case "vx": s.slots[i].velocity.x = value
        case "vy": s.slots[i].velocity.y = value
        case "radius":
            guard value > 0 else { throw ModelError("objectnet: radius must be positive, got \(value)") }
            if s.slots[i].kind == .ball {
                s.slots[i].radius = value
                s.slots[i].size = Vec2(2 * value, 2 * value)
            } else {
                // A box's "radius" is half its width; scale it keeping the aspect ratio.
                let old = s.slots[i].size
                let k = old.x > 0 ? 2 * value / old.x : 1
                s.slots[i].size = old * k
            }
        case "color":
            guard value >= 0, value <= 0xFFFFFF, value == value.rounded() else {
                throw ModelError("objectnet: color must be an integer 0xRRGGBB, got \(value)")
            }
            let c = Int(value)
            s.slots[i].color = Color(r: UInt8(c >> 16 & 0xFF), g: UInt8(c >> 8 & 0xFF), b: UInt8(c & 0xFF))
        default:
            throw ModelError("objectnet has no factor '\(name).\(factor)' (\(Self.slotFactors.joined(separator: ", ")))")
        }
        return s
    }

    func own(_ state: any ModelState) throws -> ObjectNetState {
        guard let s = state as? ObjectNetState else { throw ModelError("objectnet was given another model's state") }
        return s
    }
}
