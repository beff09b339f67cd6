#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Momentum in collisions, static contacts included
//
// The `momentum` prior checks only collisions that touch nothing static, and balls on a
// ground always touch it, so it almost never checks anything in the benchmark's scenes.
// This law checks every collision between moving bodies and subtracts what the static
// contacts could have supplied: the ground, a wall or a static body pushes along its
// contact normal (never pulls) with friction up to μ times that push, so the impulses
// they can give form a cone. The violation is the distance from the group's momentum
// change (gravity's impulse removed) to that cone: momentum no contact could explain.
// Masses are the declared ones, so a model is judged by the velocities it predicts.

/// Momentum conservation in collisions between moving bodies, net of static-contact impulses.
public struct MomentumLaw {
    /// What one rollout gave: colliding groups checked, and those that broke the law.
    public struct Count: Hashable, Sendable {
        public var checked = 0
        public var violations = 0
    }

    /// Friction coefficient bounding the tangential impulse of a static contact: the largest
    /// of the scene's materials (the simulator mixes by geometric mean, never above it).
    static func friction(_ scene: Scene) -> Double {
        var mu = scene.ground?.friction ?? 0
        for w in scene.allWalls { mu = max(mu, w.friction) }
        for b in scene.bodies { mu = max(mu, b.friction) }
        return mu
    }

    /// Checks every step from `fromStep` of `rollout` (the step before seeds velocities).
    public static func check(_ rollout: Rollout, fromStep: Int) -> Count {
        let scene = rollout.scene, dt = scene.dt > 0 ? scene.dt : PhysicsDefaults.dt
        let mu = friction(scene)
        var count = Count()
        for (previous, state) in zip(rollout.states, rollout.states.dropFirst()) where state.step >= fromStep {
            for group in groups(previous, state) {
                var before = Vec2.zero, after = Vec2.zero, mass = 0.0, normals: [Vec2] = []
                for b in group {
                    guard let was = previous[b.name] else { continue }
                    let m = scene.body(named: b.name)?.resolvedMass ?? 1
                    before += was.velocity * m
                    after += b.velocity * m
                    mass += m
                    let gap = PriorTolerances.contactGap + b.speed * dt
                    normals += staticNormals(b, in: state, scene: scene, gap: gap)
                    normals += staticNormals(was, in: previous, scene: scene, gap: gap)
                }
                let change = after - before - scene.gravity * (mass * dt)
                let allowed = PriorTolerances.momentumAbsolute + PriorTolerances.momentumRelative * max(before.length, after.length)
                count.checked += 1
                if residual(change, normals: normals, friction: mu) > allowed { count.violations += 1 }
            }
        }
        return count
    }

    /// Groups of at least two moving bodies (finite, present in both states) touching one
    /// another now or before the step.
    static func groups(_ previous: WorldState, _ state: WorldState) -> [[BodyState]] {
        let movers = state.bodies.filter { b in
            guard !b.isStatic, PriorGeometry.isFinite(b), let p = previous[b.name] else { return false }
            return PriorGeometry.isFinite(p)
        }
        guard movers.count >= 2 else { return [] }
        var parent = Array(movers.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for m in movers.indices {
            for n in movers.indices where n > m {
                let a = movers[m], b = movers[n]
                guard let pa = previous[a.name], let pb = previous[b.name] else { continue }
                if PlacedShape.gap(a.placed, b.placed) < PriorTolerances.contactGap
                    || PlacedShape.gap(pa.placed, pb.placed) < PriorTolerances.contactGap { parent[root(m)] = root(n) }
            }
        }
        var members: [Int: [BodyState]] = [:]
        for m in movers.indices { members[root(m), default: []].append(movers[m]) }
        return members.keys.sorted().compactMap { k in members[k].flatMap { $0.count >= 2 ? $0 : nil } }
    }

    /// Outward normals (from the static geometry towards the body) of the static contacts of `b`.
    static func staticNormals(_ b: BodyState, in state: WorldState, scene: Scene, gap: Double) -> [Vec2] {
        let shape = b.placed
        var out: [Vec2] = []
        if let g = scene.ground, shape.gap(toGround: g.height) < gap { out.append(Vec2(0, 1)) }
        for w in scene.allWalls where PlacedShape.gap(shape, PlacedShape(wall: w)) < gap {
            let d = w.to - w.from
            let t = d.lengthSquared > 0 ? max(0, min(1, (b.position - w.from).dot(d) / d.lengthSquared)) : 0
            let n = b.position - (w.from + d * t)
            out.append(n.lengthSquared > 0 ? n.normalized : Vec2(-d.y, d.x).normalized)
        }
        for o in state.bodies where o.isStatic && o.name != b.name && PlacedShape.gap(shape, o.placed) < gap {
            let n = b.position - o.position
            if n.lengthSquared > 0 { out.append(n.normalized) }
        }
        return out
    }

    /// Distance from `v` to the cone of impulses the contacts with these normals can give.
    static func residual(_ v: Vec2, normals: [Vec2], friction mu: Double) -> Double {
        guard v.lengthSquared > 0 else { return 0 }
        guard !normals.isEmpty else { return v.length }
        var angles: [Double] = []
        for n in normals {
            let t = Vec2(-n.y, n.x)
            for g in [n + t * mu, n - t * mu] { angles.append(atan2(g.y, g.x)) }
        }
        angles.sort()
        // The cone is the smallest arc holding every generator: the circle minus its largest gap.
        var widest = 0.0, start = angles[0]
        for i in angles.indices {
            let next = i + 1 < angles.count ? angles[i + 1] : angles[0] + 2 * Double.pi
            if next - angles[i] > widest { widest = next - angles[i]; start = next }
        }
        let span = 2 * Double.pi - widest
        if span >= Double.pi { return 0 }
        var a = atan2(v.y, v.x) - start
        while a < 0 { a += 2 * Double.pi }
        while a >= 2 * Double.pi { a -= 2 * Double.pi }
        if a <= span { return 0 }
        func toRay(_ angle: Double) -> Double {
            let u = Vec2(cos(angle), sin(angle)), p = v.dot(u)
            return p > 0 ? (v - u * p).length : v.length
        }
        return min(toRay(start), toRay(start + span))
    }
}
