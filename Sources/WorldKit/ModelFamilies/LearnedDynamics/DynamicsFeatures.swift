#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Features of a body's neighbourhood
//
// The learned models (window, memory, hybrid) predict a body's next displacement
// from a fixed-size feature vector: its recent displacements, its size, how far it
// is from the ground, the nearest wall and the nearest other body, and the
// gravity of the scene, and its material: mass (log), restitution, friction, and the
// nearest body's mass relative to its own (an edit of mass changes the prediction).
// Distances are clipped to `DynamicsFeatures.range` so far
// things look alike; the model's normalisers rescale everything afterwards.

/// A body's shape, without its position (the part of the state a model keeps fixed).
public struct BodyShapeInfo: Hashable, Sendable {
    public var kind: BodyKind
    public var radius: Double
    public var size: Vec2
    public var angle: Double
    public var color: Color
    public var isStatic: Bool
    public var mass: Double
    public var restitution: Double
    public var friction: Double

    /// An observed body; its material (static flag, mass, restitution, friction) comes from
    /// the scene's declaration, which a user may edit (these are properties, not state).
    public init(_ b: ObservedBody, spec: BodySpec?) {
        kind = b.kind
        radius = b.radius
        size = b.size
        angle = b.angle
        color = b.color
        isStatic = spec?.isStatic ?? false
        mass = spec?.resolvedMass ?? 1
        restitution = spec?.restitution ?? PhysicsDefaults.restitution
        friction = spec?.friction ?? PhysicsDefaults.friction
    }

    /// A true body state, with the material of its declaration when given.
    public init(_ b: BodyState, spec: BodySpec? = nil) {
        kind = b.kind
        radius = b.radius
        size = b.size
        angle = b.angle
        color = b.color
        isStatic = b.isStatic
        mass = b.mass
        restitution = spec?.restitution ?? PhysicsDefaults.restitution
        friction = spec?.friction ?? PhysicsDefaults.friction
    }

    /// log(mass), finite for any mass (a static body's is reported as 0: it never moves).
    var logMass: Double { mass > 0 && mass.isFinite ? log(mass) : 0 }

    public func placed(at p: Vec2) -> PlacedShape {
        kind == .ball ? .circle(center: p, radius: radius) : .box(center: p, half: size * 0.5, angle: angle)
    }

    /// A body state at `position` moving at `velocity`.
    public func state(name: String, position: Vec2, velocity: Vec2, visible: Bool) -> BodyState {
        BodyState(name: name, kind: kind, position: position, angle: angle, velocity: velocity, spin: 0, visible: visible,
                  asleep: false, isStatic: isStatic, radius: radius, size: size, color: color, mass: mass)
    }
}

/// A neighbour as the features see it: where it is now and one step ago.
struct NeighbourView {
    var position: Vec2
    var previous: Vec2
    var shape: BodyShapeInfo
}

/// The static parts of a scene that the features read.
struct SceneGeometry {
    let groundHeight: Double?
    let walls: [PlacedShape]
    let dt: Double
    let gravity: Vec2
    let occluders: [Occluder]
    let camera: CameraSpec
    /// The ground's restitution (restitution mixes by maximum, as in the simulator).
    let groundRestitution: Double

    init(_ scene: Scene) {
        groundHeight = scene.ground?.height
        groundRestitution = scene.ground?.restitution ?? PhysicsDefaults.wallRestitution
        walls = scene.allWalls.map(PlacedShape.init(wall:))
        dt = scene.dt > 0 ? scene.dt : PhysicsDefaults.dt
        gravity = scene.gravity
        occluders = scene.occluders
        camera = scene.camera
    }

    /// What the camera would show: inside the view and not fully behind an occluder.
    func isVisible(_ shape: PlacedShape, time: Double) -> Bool {
        let (lo, hi) = shape.bounds
        guard camera.view(at: time).intersects(lo: lo, hi: hi) else { return false }
        return !occluders.contains { $0.rect.contains(lo: lo, hi: hi) }
    }
}

enum DynamicsFeatures {
    /// Distances beyond this (metres) are clipped: the models only care about what is near.
    static let range = 1.0

    /// Width of a feature row for `displacements` recent displacements.
    static func width(displacements: Int) -> Int { 3 * displacements + 28 }
    /// Features added with model-file format 2 (mass, restitution, friction, neighbour mass).
    static let addedInVersion2 = 4
    /// Features added with model-file format 3 (the neighbour's mass share and the impulses
    /// a contact with the ground or the nearest body would exchange this step).
    static let addedInVersion3 = 4

    /// Most feature values one split may hold (a memory bound: 400 MB).
    static let maximumFeatureValues = 50_000_000

    /// Outputs per body: the change of displacement (x, y) and of rotation per step.
    static let targetWidth = 3

    /// Gaps (now or after one free step) below this many metres mean a contact may act.
    static let contactMargin = 0.25

    /// True when the row says the body is near the ground, a wall or another body: the only
    /// time forces other than gravity act (the hybrid's correction is gated by this).
    static func nearContact(_ row: [Double], displacements d: Int) -> Bool {
        let base = 3 * d
        let gaps = [base + 3, base + 4, base + 7, base + 8, base + 14, base + 15]
        return gaps.contains { $0 < row.count && row[$0] < contactMargin }
    }

    // MARK: - Rest

    /// A supporting contact is at most this far (metres): the solver's slop plus touching.
    static let supportGap = PhysicsDefaults.linearSlop + PhysicsDefaults.touchingDistance
    /// A body counts as still when it moves less than this fraction of the step gravity
    /// adds (for the default scene, 0.5 · g·dt² per step ≈ 0.08 m/s, near the simulator's
    /// rest speed).
    static let restFraction = 0.5

    /// The change that holds a resting body where it is, or nil when the row's body is not
    /// at rest. At rest means: it and its history move (and turn, at its rim) less than
    /// `restFraction` of a gravity step; it is supported (touching the ground, a wall below
    /// it, or a still body below it, "below" along gravity); and nothing approaches it (no
    /// body impulse). Such a body stays exactly put, as the simulator's resting contacts
    /// hold it: a learned correction a hundredth of a millimetre off would otherwise make
    /// it creep over hundreds of steps. `gravityPrior`: the model adds g·dt² itself (hybrid).
    static func restingChange(_ row: [Double], displacements d: Int, gravityPrior: Bool) -> StepChange? {
        let base = 3 * d
        guard d >= 1, row.count == width(displacements: d) else { return nil }
        let fall = Vec2(row[base + 17], row[base + 18])
        let still = restFraction * fall.length
        guard still > 0 else { return nil }
        for j in 0..<d where Vec2(row[2 * j], row[2 * j + 1]).length >= still { return nil }
        let reach = max(row[base], row[base + 1])
        for j in 0..<d where abs(row[2 * d + j]) * reach >= still { return nil }
        // Something is coming: not at rest.
        guard row[base + 25] == 0, row[base + 26] == 0 else { return nil }
        guard supported(row, displacements: d, stillBelow: still) else { return nil }
        let last = Vec2(row[2 * (d - 1)], row[2 * (d - 1) + 1])
        return StepChange(displacement: (last + (gravityPrior ? fall : .zero)) * -1, rotation: -row[2 * d + d - 1])
    }

    /// Whether something is beneath the row's body, along gravity, within `supportGap`:
    /// the ground, a wall, or the nearest body (moving slower than `stillBelow` relative to
    /// it, when given). With `stillBelow` (the rest rule), a still body resting on top of
    /// this one counts too: it is held up only through this one.
    static func supported(_ row: [Double], displacements d: Int, stillBelow: Double? = nil) -> Bool {
        let base = 3 * d
        guard d >= 1, row.count == width(displacements: d) else { return false }
        let down = Vec2(row[base + 17], row[base + 18]).normalized
        let onGround = row[base + 27] > 0 && row[base + 3] < supportGap
        let onWall = row[base + 7] < supportGap && Vec2(row[base + 5], row[base + 6]).dot(down) > 0.5
        let rel = Vec2(row[base + 9], row[base + 10])
        let onBody = row[base + 14] < supportGap && rel.normalized.dot(down) > 0.5
            && stillBelow.map { Vec2(row[base + 11], row[base + 12]).length < $0 } ?? true
        // The middle of a stack sees the body above it, which is nearer than the one below:
        // a still body resting on this one is only still because this one holds it up.
        let underBody = stillBelow.map { still in
            row[base + 14] < supportGap && rel.normalized.dot(down) < -0.5 && Vec2(row[base + 11], row[base + 12]).length < still
        } ?? false
        return onGround || onWall || onBody || underBody
    }

    /// A predicted change as the models apply it: a body at rest is held
    /// (`restingChange`); with the gravity prior (the hybrid, whose network corrects free
    /// flight only through contacts) a body with nothing beneath it is not pushed against
    /// gravity: contacts push away from what they touch, and a correction that lifted an
    /// unsupported body made boxes levitate in rollouts.
    static func applied(_ change: StepChange, row: [Double], displacements d: Int, gravityPrior: Bool) -> StepChange {
        if let rest = restingChange(row, displacements: d, gravityPrior: gravityPrior) { return rest }
        guard row.count == width(displacements: d) else { return change }
        let out = outOfGround(change, row: row, displacements: d, gravityPrior: gravityPrior)
        guard gravityPrior else { return out }
        let base = 3 * d
        let up = Vec2(row[base + 17], row[base + 18]).normalized * -1
        let lift = out.displacement.dot(up)
        guard lift > 0, !supported(row, displacements: d) else { return out }
        var lowered = out
        lowered.displacement = out.displacement - up * lift
        return lowered
    }

    /// `change`, limited so the body ends the step no deeper in the ground than it is now
    /// (and, if it is above the ground, not below it): the ground pushes out of it, as the
    /// simulator's contacts do. A sliding box otherwise sank: the network's y change, a
    /// few hundredths of g·dt² off, accumulated over a hundred steps into 0.4 m of
    /// sinking, and a body sinking faster than the rest speed is never held at rest.
    /// Only the centre's move along y is limited (the ground is horizontal); nothing
    /// changes for a body with no ground within `range`.
    static func outOfGround(_ change: StepChange, row: [Double], displacements d: Int, gravityPrior: Bool) -> StepChange {
        let base = 3 * d
        let gap = row[base + 3]
        guard d >= 1, row.count == width(displacements: d), gap < range else { return change }
        let lastY = row[2 * (d - 1) + 1]
        let fallY = gravityPrior ? row[base + 18] : 0
        let moveY = lastY + change.displacement.y + fallY
        let lowest = min(gap, 0) - gap
        guard moveY < lowest else { return change }
        var out = change
        out.displacement.y += lowest - moveY
        return out
    }

    /// The neighbour features when nothing is within range.
    static let noNeighbour: [Double] = [0, 0, 0, 0, 0, range, range, 0]

    /// The feature row of a body whose last positions and angles are `history` and `angles`
    /// (oldest first, equally long, at least 2); `shape.angle` is the current angle.
    static func row(history: [Vec2], angles: [Double], shape: BodyShapeInfo, neighbour: NeighbourView?,
                    geometry: SceneGeometry) -> [Double] {
        var f: [Double] = []
        f.reserveCapacity(width(displacements: history.count - 1))
        for j in 0..<(history.count - 1) {
            let d = history[j + 1] - history[j]
            f.append(d.x)
            f.append(d.y)
        }
        // Rotation per step: spin is observable from the angle, and it decides whether a
        // ball on the ground slides (and slows) or rolls.
        for j in 0..<(history.count - 1) {
            f.append(j + 1 < angles.count ? angleStep(angles[j], angles[j + 1]) : 0)
        }
        let p = history[history.count - 1]
        let placed = shape.placed(at: p)
        let (lo, hi) = placed.bounds
        f.append(0.5 * (hi.x - lo.x))
        f.append(0.5 * (hi.y - lo.y))
        f.append(shape.kind == .ball ? 1 : 0)
        let lastDisp = history[history.count - 1] - history[history.count - 2]
        let fall = geometry.gravity * (geometry.dt * geometry.dt)
        // Ground: the gap now, and the gap after one more free-flight step (negative means
        // a contact is coming, which makes contacts close to a linear threshold).
        let groundGap = geometry.groundHeight.map { placed.gap(toGround: $0) } ?? range
        f.append(clip(groundGap))
        f.append(clip(groundGap + lastDisp.y + fall.y))
        // Nearest wall: direction to its centre line and the gap.
        var bestGap = range, bestDir = Vec2.zero
        for w in geometry.walls {
            let g = PlacedShape.gap(placed, w)
            if g < bestGap {
                bestGap = g
                bestDir = closestDirection(from: p, to: w)
            }
        }
        f.append(bestDir.x)
        f.append(bestDir.y)
        f.append(clip(bestGap))
        f.append(clip(bestGap - lastDisp.dot(bestDir)))
        // Nearest other body.
        if let n = neighbour {
            let rel = n.position - p
            let gap = PlacedShape.gap(placed, n.shape.placed(at: n.position))
            if gap < range {
                let relDisp = (n.position - n.previous) - lastDisp
                let (nlo, nhi) = n.shape.placed(at: n.position).bounds
                // The gap after one more step at the current relative velocity.
                let closing = relDisp.dot(rel.normalized)
                f.append(contentsOf: [rel.x, rel.y, relDisp.x, relDisp.y, 0.5 * max(nhi.x - nlo.x, nhi.y - nlo.y),
                                      clip(gap), clip(gap + closing), n.shape.isStatic ? 1 : 0])
            } else {
                f.append(contentsOf: DynamicsFeatures.noNeighbour)
            }
        } else {
            f.append(contentsOf: DynamicsFeatures.noNeighbour)
        }
        f.append(fall.x)
        f.append(fall.y)
        // Slip of the contact point under the centre: zero when rolling without sliding.
        let turn = angles.count >= 2 ? angleStep(angles[angles.count - 2], angles[angles.count - 1]) : 0
        let reach = shape.kind == .ball ? shape.radius : 0.5 * shape.size.y
        f.append(lastDisp.x + turn * reach)
        // Material: how heavy, bouncy and rough this body is, and how heavy its neighbour is
        // relative to it (a static neighbour counts as very heavy).
        f.append(shape.logMass)
        f.append(shape.restitution)
        f.append(shape.friction)
        var ratio = 0.0
        if let n = neighbour, PlacedShape.gap(placed, n.shape.placed(at: n.position)) < range {
            ratio = n.shape.isStatic ? massRatioLimit : min(max(n.shape.logMass - shape.logMass, -massRatioLimit), massRatioLimit)
        }
        f.append(ratio)
        // Collisions, as the simulator's contact solver resolves them to first order: the
        // change of displacement an impact this step would give along the contact normal
        // (closing speed × (1 + restitution) × the other body's share of the mass). It is
        // linear in the target, so the network need not discover a product of mass ratio
        // and closing speed from the few impact steps a dataset holds; a resting body's
        // ground impulse is exactly what cancels gravity.
        let next = lastDisp + fall
        var groundImpulse = 0.0
        if geometry.groundHeight != nil, groundGap + next.y < 0, next.y < 0 {
            let e = bounces(-next.y, geometry: geometry) ? max(shape.restitution, geometry.groundRestitution) : 0
            groundImpulse = -(1 + e) * next.y
        }
        var share = 0.0, impulse = Vec2.zero
        if let n = neighbour, PlacedShape.gap(placed, n.shape.placed(at: n.position)) < range {
            share = n.shape.isStatic ? 1 : n.shape.mass / max(n.shape.mass + shape.mass, 1e-12)
            if !share.isFinite { share = 0.5 }
            let normal = (n.position - p).normalized
            let theirs = n.shape.isStatic ? Vec2.zero : (n.position - n.previous) + fall
            let closing = (theirs - next).dot(normal)
            let gap = PlacedShape.gap(placed, n.shape.placed(at: n.position))
            if closing < 0, gap + closing < 0 {
                let e = bounces(-closing, geometry: geometry) ? max(shape.restitution, n.shape.restitution) : 0
                impulse = normal * ((1 + e) * share * closing)
            }
        }
        f.append(share)
        f.append(impulse.x)
        f.append(impulse.y)
        f.append(groundImpulse)
        return f
    }

    /// Whether an approach of `closing` metres per step is fast enough to bounce (the
    /// simulator's restitution threshold: slower contacts are inelastic).
    static func bounces(_ closing: Double, geometry: SceneGeometry) -> Bool {
        closing / geometry.dt > ContactSolver.restitutionThreshold(h: geometry.dt, gravity: geometry.gravity)
    }

    /// The change from angle `a` to angle `b`, wrapped into (−π, π].
    static func angleStep(_ a: Double, _ b: Double) -> Double {
        var d = b - a
        guard d.isFinite else { return 0 }
        if abs(d) > Double.pi {
            d = d - 2 * Double.pi * (d / (2 * Double.pi)).rounded()
        }
        return d
    }

    /// The neighbour's log-mass ratio is clipped to ±this (static neighbours sit at the top).
    static let massRatioLimit = 5.0

    static func clip(_ x: Double) -> Double { x.isFinite ? min(max(x, -range), range) : range }

    /// Unit vector from `p` towards the closest point of a wall's centre segment.
    static func closestDirection(from p: Vec2, to wall: PlacedShape) -> Vec2 {
        guard case let .box(c, h, a) = wall else { return (wall.center - p).normalized }
        let axis = Vec2(1, 0).rotated(by: a)
        let t = min(max((p - c).dot(axis), -h.x), h.x)
        return (c + axis * t - p).normalized
    }

    /// The index of the body nearest to body `i` (by shape gap), if any is within range.
    static func nearest(to i: Int, positions: [Vec2], shapes: [BodyShapeInfo]) -> Int? {
        let me = shapes[i].placed(at: positions[i])
        var best: Int? = nil, bestGap = range
        for j in 0..<positions.count where j != i {
            let g = PlacedShape.gap(me, shapes[j].placed(at: positions[j]))
            if g < bestGap {
                bestGap = g
                best = j
            }
        }
        return best
    }

    /// Training rows from true states: for every rollout in `indices`, every step t with
    /// `window` past positions and a next one, and every moving body. The target is the
    /// change of displacement (next − last), minus the scene's g·dt² with `gravityPrior`
    /// (the hybrid model integrates gravity itself and learns only the rest).
    /// With `gravityPrior`, rows far from any contact are left out: there the prior is exact.
    static func examples(dataset: Dataset, indices: Range<Int>, window k: Int, gravityPrior: Bool) throws -> RegressionExamples {
        var out = RegressionExamples(inputWidth: width(displacements: k - 1), targetWidth: targetWidth)
        for r in indices {
            let rollout = dataset.rollouts[r]
            let states = rollout.states
            guard states.count > k else { continue }
            let geometry = SceneGeometry(rollout.scene)
            let priorStep = gravityPrior ? geometry.gravity * (geometry.dt * geometry.dt) : .zero
            for t in (k - 1)..<(states.count - 1) {
                let now = states[t]
                let shapes = now.bodies.map { BodyShapeInfo($0, spec: rollout.scene.body(named: $0.name)) }
                let positions = now.bodies.map(\.position)
                for (i, b) in now.bodies.enumerated() where !b.isStatic {
                    var history: [Vec2] = [], angles: [Double] = []
                    for s in (t - k + 1)...t {
                        guard let past = states[s][b.name] else { break }
                        history.append(past.position)
                        angles.append(past.angle)
                    }
                    guard history.count == k, let after = states[t + 1][b.name] else { continue }
                    let next = after.position
                    let neighbour = nearest(to: i, positions: positions, shapes: shapes).map { j in
                        NeighbourView(position: positions[j], previous: states[t - 1][now.bodies[j].name]?.position ?? positions[j],
                                      shape: shapes[j])
                    }
                    let row = self.row(history: history, angles: angles, shape: shapes[i], neighbour: neighbour, geometry: geometry)
                    if gravityPrior && !nearContact(row, displacements: k - 1) { continue }
                    let last = history[k - 1] - history[k - 2]
                    let target = (next - history[k - 1]) - last - priorStep
                    let turn = angleStep(angles[k - 1], after.angle) - angleStep(angles[k - 2], angles[k - 1])
                    out.append(input: row, target: [target.x, target.y, turn])
                    if out.inputs.count > maximumFeatureValues {
                        throw ModelError("the dataset gives more than \(maximumFeatureValues / out.inputWidth) training examples for k = \(k); use fewer rollouts, fewer steps or a smaller k")
                    }
                }
            }
        }
        return out
    }
}
