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

    init(_ scene: Scene) {
        groundHeight = scene.ground?.height
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
    static func width(displacements: Int) -> Int { 3 * displacements + 24 }
    /// Features added with model-file format 2 (mass, restitution, friction, neighbour mass).
    static let addedInVersion2 = 4

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
        return f
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
