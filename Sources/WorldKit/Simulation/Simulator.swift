// Simulation/ — the deterministic 2D rigid-body simulator, Orrery's ground truth.
//
// | File | What it holds |
// |------|---------------|
// | `Simulator.swift` | The value-type simulator: creation from a `Scene`, `step()`, `state`, `record(steps:)`, `rollout(_:steps:seed:)` |
// | `Simulator+Events.swift` | Contact, occlusion, view, region and rest events, observed at the end of each step |
// | `Simulator+Noise.swift` | Exogenous noise: per-body seeded streams, recording and replay |
// | `Simulator+Interventions.swift` | `set`, `remove`, `add`, `applyImpulse`, `freeze`: mutations for the causal layer |
// | `ContactSolver.swift` | The hot loop: integration, contact finding, sequential impulses over dense arrays |
// | `ContactIslands.swift` | Union–find islands: the solver's order (what makes twin worlds exact) and sleeping groups |
// | `Narrowphase.swift` | Exact contact geometry (circle, box, ground plane; SAT + clipping for boxes); circle against box through `Geometry/CircleBoxContact` |
// | `Scene+Validation.swift` | What the simulator accepts: `SceneProblem`s, `validate()`; starting overlaps: candidates from the broad phase, exact test by the narrow phase |
// | `BroadPhase.swift` | Uniform grid hashed into a fixed table; pairs come out ordered by (a, b) |
// | `RigidBody.swift`, `Manifold.swift` | Plain structs the solver works on; the contact cache |
// | `WorldState.swift`, `PhysicsEvent.swift`, `NoiseRecord.swift`, `Rollout.swift` | The values handed to the rest of Orrery |
//
// One substep: gravity → noise kicks → broad phase → narrow phase (speculative
// margin = closing distance within the substep) → contact islands (union–find;
// each island's contacts in (a, b) order, in interleaved stretches of its own) →
// warm start from the cached
// impulses of the same (pair, feature) → `iterations` rounds of sequential impulses
// (normal with restitution target, Coulomb friction, split-impulse position
// correction on pseudo velocities) → semi-implicit Euler.
//
// Invariants the tests hold us to:
// - Bit-identical results for the same scene, seed and interventions; a copy of a
//   `Simulator` is a snapshot (contact cache, noise streams and trackers included).
// - No `Dictionary`/`Set` order reaches a result; pairs, contacts and events are
//   ordered by collider index (static geometry first, then bodies in declaration order).
// - What a body feels depends only on its contact island: an intervention in one
//   island leaves every other bit-identical (`ContactIslands`).
// - Static bodies are never written by the solver.
// - Nothing here prints; problems come back as `SceneError` / `InterventionError`.

/// The deterministic rigid-body simulator: the ground truth of Orrery.
///
/// A `Simulator` is a value. Everything that influences the future (bodies,
/// the contact cache with its warm-start impulses, noise streams, event
/// trackers, the step counter) is stored inline, so `let fork = sim` is a
/// snapshot and continuing either copy gives bit-identical results.
///
/// Each step runs `scene.substeps` substeps of: gravity, noise kicks, contact
/// detection (grid broad phase, exact narrow phase with speculative margins),
/// sequential impulses with warm starting, restitution and Coulomb friction,
/// split-impulse position correction, then semi-implicit Euler integration.
public struct Simulator: Sendable, Equatable {
    /// The scene, with bodies as last declared or modified by an intervention.
    public internal(set) var scene: Scene
    /// Steps taken so far.
    public internal(set) var stepCount: Int = 0
    /// Seed of the noise streams.
    public let seed: UInt64

    // MARK: - Solver state
    @usableFromInline var bodies: [RigidBody]
    /// Collider names in solver order (ground, walls, then scene bodies).
    var names: [String]
    /// Number of leading static colliders (ground, walls); scene body k is collider `staticCount + k`.
    let staticCount: Int
    /// Contact manifolds of the last substep, sorted by (a, b); they carry the warm-start impulses.
    @usableFromInline var manifolds: [Manifold] = []
    @usableFromInline var spareManifolds: [Manifold] = []
    @usableFromInline var broad = BroadPhase()
    /// Scratch arrays of the solver iterations (rebuilt every substep).
    @usableFromInline var solverBodies: [SolverBody] = []
    @usableFromInline var solverContacts: [SolverContact] = []
    @usableFromInline var solverBlocks: [SolverBlock] = []
    /// Contact islands of the substep: the solver's order and the sleeping groups.
    @usableFromInline var islands = ContactIslands()

    // MARK: - Event and noise state
    var tracks: [BodyTrack] = []
    /// `inRegion[k * regionCount + r]`: scene body k's centre is inside region r.
    var inRegion: [Bool] = []
    /// Keys of touching pairs at the end of the last step, sorted.
    var touching: [UInt64] = []
    /// Scratch for contact events (rebuilt every step).
    var touchScratch: [UInt64] = []
    var touchSources: [Int] = []
    /// Events observed in the last step, in deterministic order.
    public internal(set) var lastEvents: [PhysicsEvent] = []
    /// Noise drawn so far, per body.
    public internal(set) var noiseRecord = NoiseRecord()
    /// Noise to replay instead of fresh draws, where recorded.
    var replay: NoiseRecord?
    /// The label the next island to fall asleep gets (labels only need to differ).
    var nextSleepGroup: Int32 = 0

    // MARK: - Creation

    /// A simulator at step 0 of a valid scene; throws `SceneError` listing every problem otherwise.
    /// With `replaying`, recorded noise values replace fresh draws wherever they exist.
    public init(scene: Scene, seed: UInt64 = 0, replaying: NoiseRecord? = nil) throws {
        let problems = scene.validate()
        if !problems.isEmpty { throw SceneError(problems: problems) }
        self.scene = scene
        self.seed = seed
        self.replay = replaying
        let colliders = ColliderSet(scene: scene)
        bodies = colliders.bodies
        names = colliders.names
        staticCount = colliders.staticCount
        for spec in scene.bodies { tracks.append(BodyTrack(name: spec.name, seed: seed)) }
        inRegion = Array(repeating: false, count: scene.bodies.count * scene.regions.count)
        initialiseTracking()
    }

    /// The current step in seconds.
    public var time: Double { Double(stepCount) * scene.dt }

    // MARK: - Stepping

    /// Advances one step (all substeps) and records its events in `lastEvents`.
    public mutating func step() {
        lastEvents.removeAll(keepingCapacity: true)
        let substeps = max(1, scene.substeps)
        let h = scene.dt / Double(substeps)
        for _ in 0..<substeps { substep(h) }
        stepCount &+= 1
        updateSleep()
        detectEvents()
    }

    /// Advances `steps` steps, returning their events in order.
    @discardableResult
    public mutating func advance(steps: Int) -> [PhysicsEvent] {
        var events: [PhysicsEvent] = []
        for _ in 0..<max(0, steps) {
            step()
            events.append(contentsOf: lastEvents)
        }
        return events
    }

    private mutating func substep(_ h: Double) {
        // Move the arrays out of `self` so the solver works on uniquely owned
        // buffers (no copy-on-write, no exclusivity conflicts), then put them back.
        // The broad phase and the islands, structs of many arrays, are used in place:
        // moving them out and back cost a retain and a release per array every substep
        // (most of a small scene's per-step overhead).
        var bodies = self.bodies
        self.bodies = []
        var previous = self.manifolds
        self.manifolds = []
        var next = self.spareManifolds
        self.spareManifolds = []
        var solverBodies = self.solverBodies
        self.solverBodies = []
        var solverContacts = self.solverContacts
        self.solverContacts = []
        var solverBlocks = self.solverBlocks
        self.solverBlocks = []
        let gravity = scene.gravity, iterations = max(1, scene.iterations)
        let staticCount = self.staticCount
        let wake = scene.sleeping

        bodies.withUnsafeMutableBufferPointer { b in
            ContactSolver.integrateVelocities(b, gravity: gravity, h: h)
        }
        if let noise = scene.noise { applyNoise(noise, to: &bodies) }
        bodies.withUnsafeMutableBufferPointer { b in
            previous.withUnsafeBufferPointer { old in
                ContactSolver.findContacts(b, staticCount: staticCount, broad: &self.broad, previous: old,
                                           into: &next, h: h, wakeSleepers: wake)
            }
        }
        // A body woken by a touch wakes its whole sleeping island; look again with them awake.
        if wake { Self.wakeIslands(&bodies, staticCount: staticCount, broad: &self.broad, previous: previous, next: &next, h: h) }
        bodies.withUnsafeMutableBufferPointer { b in
            next.withUnsafeMutableBufferPointer { m in
                self.islands.build(UnsafeBufferPointer(b), UnsafeBufferPointer(m), lanes: PhysicsDefaults.solverLanes)
                let manifoldCount = self.islands.manifoldCount, pointCount = self.islands.pointCount
                self.islands.order.withUnsafeBufferPointer { allOrder in
                    let order = UnsafeBufferPointer(rebasing: allOrder[0..<manifoldCount])
                    ContactSolver.prepare(b, m, order: order, h: h, gravity: gravity,
                                          bodies: &solverBodies, contacts: &solverContacts, blocks: &solverBlocks)
                    solverBodies.withUnsafeMutableBufferPointer { sb in
                        solverContacts.withUnsafeMutableBufferPointer { sc in
                            self.islands.visit.withUnsafeBufferPointer { allVisits in
                                let visit = UnsafeBufferPointer(rebasing: allVisits[0..<pointCount])
                                ContactSolver.warmStart(sb, sc)
                                solverBlocks.withUnsafeBufferPointer { blocks in
                                    self.islands.points.withUnsafeBufferPointer { allPoints in
                                        let points = UnsafeBufferPointer(rebasing: allPoints[0..<self.islands.islandCount])
                                        ContactSolver.solve(sb, sc, blocks: blocks, visit: visit, islandPoints: points,
                                                            iterations: iterations)
                                    }
                                }
                            }
                        }
                    }
                    ContactSolver.scatter(b, m, order: order, bodies: solverBodies, contacts: solverContacts)
                }
            }
            ContactSolver.integratePositions(b, h: h)
        }
        previous.removeAll(keepingCapacity: true)
        self.bodies = bodies
        self.manifolds = next
        self.spareManifolds = previous
        self.solverBodies = solverBodies
        self.solverContacts = solverContacts
        self.solverBlocks = solverBlocks
    }

    /// Counts still steps and, when sleeping is on, puts an island to sleep once every
    /// body in it has been still long enough (Box2D's rule): a still body touching a
    /// moving one stays awake, and what one island does never decides another's sleep.
    private mutating func updateSleep() {
        guard scene.sleeping else { return }
        for i in staticCount..<bodies.count where bodies[i].isMoving {
            bodies[i].stillSteps = isStill(bodies[i]) ? bodies[i].stillSteps &+ 1 : 0
        }
        var islands = self.islands
        bodies.withUnsafeBufferPointer { b in
            manifolds.withUnsafeBufferPointer { m in islands.join(b, m) }
        }
        // Per island root: the fewest still steps of its bodies, then its sleep group.
        var fewest = [Int32](repeating: .max, count: bodies.count)
        for i in staticCount..<bodies.count where bodies[i].isMoving {
            let root = islands.find(i)
            fewest[root] = min(fewest[root], bodies[i].stillSteps)
        }
        var group = [Int32](repeating: -1, count: bodies.count)
        for i in staticCount..<bodies.count where bodies[i].isMoving {
            let root = islands.find(i)
            guard fewest[root] >= Int32(PhysicsDefaults.sleepSteps) else { continue }
            if group[root] < 0 {
                group[root] = nextSleepGroup
                nextSleepGroup = nextSleepGroup == .max ? 0 : nextSleepGroup + 1
            }
            bodies[i].asleep = true
            bodies[i].velocity = .zero
            bodies[i].spin = 0
            bodies[i].sleepGroup = group[root]
        }
        self.islands = islands
    }

    /// While waking groups wakes bodies, finds the contacts again with them awake.
    static func wakeIslands(_ bodies: inout [RigidBody], staticCount: Int, broad: inout BroadPhase,
                            previous: [Manifold], next: inout [Manifold], h: Double) {
        while wakeGroups(&bodies, from: staticCount) {
            bodies.withUnsafeMutableBufferPointer { b in
                previous.withUnsafeBufferPointer { old in
                    ContactSolver.findContacts(b, staticCount: staticCount, broad: &broad, previous: old,
                                               into: &next, h: h, wakeSleepers: true)
                }
            }
        }
    }

    /// Wakes every sleeping body whose sleep group has an awake member (one woken by a
    /// touch or an intervention), and forgets the groups of awake bodies. True when
    /// a body was woken here.
    static func wakeGroups(_ bodies: inout [RigidBody], from first: Int) -> Bool {
        var woken: [Int32] = []
        for i in first..<bodies.count where !bodies[i].asleep && bodies[i].sleepGroup >= 0 {
            woken.append(bodies[i].sleepGroup)
            bodies[i].sleepGroup = -1
        }
        guard !woken.isEmpty else { return false }
        var changed = false
        for i in first..<bodies.count where bodies[i].asleep && woken.contains(bodies[i].sleepGroup) {
            bodies[i].asleep = false
            bodies[i].stillSteps = 0
            bodies[i].sleepGroup = -1
            changed = true
        }
        return changed
    }

    func isStill(_ b: RigidBody) -> Bool { isStill(velocity: b.velocity, spin: b.spin) }

    func isStill(velocity: Vec2, spin: Double) -> Bool {
        velocity.length < PhysicsDefaults.restSpeed && abs(spin) < PhysicsDefaults.restSpin
    }

    // MARK: - Observation

    /// The world now.
    public var state: WorldState {
        var out: [BodyState] = []
        out.reserveCapacity(scene.bodies.count)
        for (k, spec) in scene.bodies.enumerated() {
            let b = bodies[staticCount + k]
            let kind: BodyKind, radius: Double, size: Vec2
            switch spec.shape {
            case .ball(let r): kind = .ball; radius = r; size = Vec2(2 * r, 2 * r)
            case .box(let s): kind = .box; radius = 0; size = s
            }
            out.append(BodyState(
                name: spec.name, kind: kind, position: b.position, angle: b.angle, velocity: b.velocity,
                spin: b.spin, visible: tracks[k].isVisible, asleep: b.asleep, isStatic: b.isStatic,
                radius: radius, size: size, color: spec.color, mass: spec.resolvedMass))
        }
        return WorldState(step: stepCount, time: time, bodies: out)
    }

    /// Number of contact manifolds in the cache (for tests and diagnostics).
    public var contactCount: Int { manifolds.count }

    // MARK: - Rollouts

    /// Runs `steps` steps from here, recording every state (including the current one) and event.
    public mutating func record(steps: Int) -> Rollout {
        let startScene = scene
        var states = RolloutStates()
        states.reserveCapacity(states: max(0, steps) &+ 1, bodies: state.bodies.count)
        states.append(state)
        var events: [PhysicsEvent] = []
        for _ in 0..<max(0, steps) {
            step()
            states.append(state)
            events.append(contentsOf: lastEvents)
        }
        return Rollout(scene: startScene, seed: seed, states: states, events: events, noise: noiseRecord)
    }

    /// Simulates a scene from step 0 for `steps` steps.
    public static func rollout(_ scene: Scene, steps: Int, seed: UInt64 = 0) throws -> Rollout {
        var sim = try Simulator(scene: scene, seed: seed)
        return sim.record(steps: steps)
    }
}

/// Per-body bookkeeping for events and noise.
struct BodyTrack: Sendable, Equatable {
    /// Index of the occluder fully hiding the body, or -1.
    var occludedBy: Int32 = -1
    var inView = true
    var stillSteps: Int32 = 0
    var stream: RandomStream
    /// Substeps of noise drawn so far (the replay cursor).
    var noiseSubsteps = 0

    init(name: String, seed: UInt64) {
        stream = RandomStream(seed: seed, stream: NoiseModel.streamKey(name))
    }

    var isVisible: Bool { occludedBy < 0 && inView }
}
