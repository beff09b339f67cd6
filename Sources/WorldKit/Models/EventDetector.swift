// MARK: - Post-hoc event detection
//
// Learned models produce positions, not contact impulses, so their rollouts get
// events from geometry, after the fact: contact when two shapes come within a
// tolerance, occlusion when an occluder covers a body's box, view exit and entry
// against the camera, region entry and exit of the centre, and rest when a body
// stays slower than `PhysicsDefaults.restSpeed` for `PhysicsDefaults.restSteps`.
// The order follows the simulator's: contact ends and begins by collider pair
// (ground, walls, then bodies in scene order), then per body in scene order:
// occlusion, view, regions, rest. The first state sets the trackers silently,
// except contacts: those present at the start begin at the first step, as in the simulator.
// A body absent from a state (a model that lost it) touches nothing and keeps
// its other trackers until it reappears.

/// Detects events in a sequence of (estimated) world states.
public enum EventDetector {
    /// Shapes closer than this touch. Looser than the simulator's `touchingDistance`
    /// because learned models place bodies to within a few centimetres.
    public static let defaultContactTolerance = 0.05

    /// The events between consecutive states of `states`, each stamped with the later state's step.
    public static func events(scene: Scene, states: some Collection<WorldState>,
                              contactTolerance: Double = defaultContactTolerance) -> [PhysicsEvent] {
        guard let first = states.first else { return [] }
        var tracker = Tracker(scene: scene, tolerance: contactTolerance)
        tracker.initialise(first)
        var out: [PhysicsEvent] = []
        for s in states.dropFirst() { tracker.advance(s, into: &out) }
        return out
    }

    /// Per-body and per-pair bookkeeping, indexed like the simulator's colliders.
    struct Tracker {
        let scene: Scene
        let tolerance: Double
        /// Static colliders first (ground, walls), then scene bodies.
        let staticNames: [String]
        let staticShapes: [PlacedShape?]
        let groundHeight: Double?
        var touching: Set<Int> = []
        var occludedBy: [Int]
        var inView: [Bool]
        var inRegion: [Bool]
        var stillSteps: [Int]
        var lastPosition: [Vec2?]

        init(scene: Scene, tolerance: Double) {
            self.scene = scene
            self.tolerance = tolerance
            var names: [String] = [], shapes: [PlacedShape?] = []
            if scene.ground != nil { names.append("ground"); shapes.append(nil) }
            for w in scene.allWalls { names.append(w.name); shapes.append(PlacedShape(wall: w)) }
            staticNames = names
            staticShapes = shapes
            groundHeight = scene.ground?.height
            let n = scene.bodies.count
            occludedBy = Array(repeating: -1, count: n)
            inView = Array(repeating: true, count: n)
            inRegion = Array(repeating: false, count: n * scene.regions.count)
            stillSteps = Array(repeating: 0, count: n)
            lastPosition = Array(repeating: nil, count: n)
        }

        var colliderCount: Int { staticNames.count + scene.bodies.count }

        /// The bodies of `state` by scene index (nil where absent).
        func bodiesByIndex(_ state: WorldState) -> [BodyState?] {
            var out = [BodyState?](repeating: nil, count: scene.bodies.count)
            for b in state.bodies {
                if let k = scene.index(of: b.name) { out[k] = b }
            }
            return out
        }

        func occluder(_ lo: Vec2, _ hi: Vec2) -> Int {
            for (i, o) in scene.occluders.enumerated() where o.rect.contains(lo: lo, hi: hi) { return i }
            return -1
        }

        /// Touching collider pairs as keys `a * colliderCount + b`, a < b.
        func touchingPairs(_ bodies: [BodyState?]) -> Set<Int> {
            var out: Set<Int> = []
            let s = staticNames.count, count = colliderCount
            for (k, maybe) in bodies.enumerated() {
                guard let b = maybe else { continue }
                let shape = PlacedShape(b)
                for i in 0..<s {
                    let gap: Double
                    if let wall = staticShapes[i] { gap = PlacedShape.gap(shape, wall) }
                    else if let g = groundHeight { gap = shape.gap(toGround: g) }
                    else { continue }
                    if gap <= tolerance { out.insert(i * count + s + k) }
                }
                for j in (k + 1)..<max(k + 1, bodies.count) {
                    guard let o = bodies[j] else { continue }
                    if b.isStatic && o.isStatic { continue }
                    if PlacedShape.gap(shape, PlacedShape(o)) <= tolerance { out.insert((s + k) * count + s + j) }
                }
            }
            return out
        }

        func name(_ i: Int) -> String {
            i < staticNames.count ? staticNames[i] : scene.bodies[i - staticNames.count].name
        }

        mutating func initialise(_ state: WorldState) {
            let bodies = bodiesByIndex(state)
            let view = scene.camera.view(at: state.time)
            // Like the simulator, contacts that exist at the start begin at the first step.
            touching = []
            for (k, maybe) in bodies.enumerated() {
                guard let b = maybe else { continue }
                let (lo, hi) = PlacedShape(b).bounds
                occludedBy[k] = occluder(lo, hi)
                inView[k] = view.intersects(lo: lo, hi: hi)
                for r in 0..<scene.regions.count { inRegion[k * scene.regions.count + r] = scene.regions[r].rect.contains(b.position) }
                lastPosition[k] = b.position
            }
        }

        mutating func advance(_ state: WorldState, into out: inout [PhysicsEvent]) {
            let bodies = bodiesByIndex(state)
            let step = state.step, time = state.time
            func emit(_ kind: PhysicsEvent.Kind, _ body: String, _ other: String? = nil) {
                out.append(PhysicsEvent(kind: kind, step: step, time: time, body: body, other: other))
            }
            // Contacts, in pair order.
            let now = touchingPairs(bodies)
            let count = colliderCount
            for key in touching.union(now).sorted() {
                let was = touching.contains(key), isNow = now.contains(key)
                if was == isNow { continue }
                emit(isNow ? .contactBegin : .contactEnd, name(key / count), name(key % count))
            }
            touching = now
            let view = scene.camera.view(at: time)
            let regionCount = scene.regions.count
            let dt = scene.dt > 0 ? scene.dt : PhysicsDefaults.dt
            for (k, maybe) in bodies.enumerated() {
                guard let b = maybe else {
                    stillSteps[k] = 0
                    lastPosition[k] = nil
                    continue
                }
                let (lo, hi) = PlacedShape(b).bounds
                let occ = occluder(lo, hi)
                if occ != occludedBy[k] {
                    if occludedBy[k] >= 0 { emit(.occlusionEnd, b.name, scene.occluders[occludedBy[k]].name) }
                    if occ >= 0 { emit(.occlusionBegin, b.name, scene.occluders[occ].name) }
                    occludedBy[k] = occ
                }
                let visible = view.intersects(lo: lo, hi: hi)
                if visible != inView[k] {
                    emit(visible ? .enterView : .exitView, b.name)
                    inView[k] = visible
                }
                for r in 0..<regionCount {
                    let inside = scene.regions[r].rect.contains(b.position)
                    if inside != inRegion[k * regionCount + r] {
                        emit(inside ? .regionEnter : .regionExit, b.name, scene.regions[r].name)
                        inRegion[k * regionCount + r] = inside
                    }
                }
                // Speed from the displacement: estimated states need not carry velocities.
                let speed = lastPosition[k].map { (b.position - $0).length / dt } ?? .infinity
                lastPosition[k] = b.position
                if b.isStatic { continue }
                if speed < PhysicsDefaults.restSpeed {
                    stillSteps[k] += 1
                    if stillSteps[k] == PhysicsDefaults.restSteps { emit(.rest, b.name) }
                } else {
                    stillSteps[k] = 0
                }
            }
        }
    }
}
