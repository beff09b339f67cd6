// MARK: - Hybrid model (explicit state, knowledge integration)
//
// The simulator's integrator as a prior plus a learned correction: each tracked
// body carries an explicit position and velocity; every step applies gravity and
// free flight exactly (semi-implicit Euler, as the simulator does), then adds a
// velocity correction from an MLP that sees the body's neighbourhood (ground,
// nearest wall, nearest body) and so learns contacts. The correction acts only
// near a contact (`DynamicsFeatures.nearContact`): in free flight the prior is
// exact, so the network is neither trained nor consulted there. A body never seen
// in the context is not tracked (its declaration is not an observation). The state
// is explicit: a
// body stays tracked behind an occluder for as long as the rollout lasts.

/// One body of the hybrid's explicit state.
public struct HybridTrack: Hashable, Sendable {
    public var name: String
    public var shape: BodyShapeInfo
    public var position: Vec2
    public var velocity: Vec2
    /// Angular velocity (rad/s), from consecutive observed angles.
    public var spin: Double
    public var visible: Bool
}

/// The hybrid model's state.
public struct HybridModelState: ModelState {
    public var step: Int
    /// In the scene's declaration order.
    public var bodies: [HybridTrack]
    public var scene: Scene
}

/// Physics prior plus learned contact correction: `hybrid(hidden: 64)`.
public final class HybridModel: TrainableModel, PersistentModel {
    public private(set) var dynamics: LearnedDynamics

    /// Unrolled like the other models: trained teacher-forced, its correction had never seen
    /// the overlaps its own rollouts make after a push, and drove a pushed box back through
    /// the ball that hit it (Scripts/bench models measures both settings with `--unroll`).
    public static let defaultUnroll = LearnedDynamics.defaultUnroll

    public init(hidden: Int = WindowModel.defaultHidden) throws {
        dynamics = try LearnedDynamics(window: 2, hidden: hidden)
    }

    init(record: ModelRecord) throws {
        let hidden = try record.integer("hidden", in: LearnedDynamics.hiddenRange)
        dynamics = try LearnedDynamics(record: record, window: 2, hidden: hidden)
    }

    public var kind: String { "hybrid" }
    public var taxonomy: Taxonomy {
        Taxonomy(state: .explicit, memory: .none, dynamics: .knowledgeIntegrated,
                 summary: "explicit positions and velocities; the simulator's integrator (gravity, free flight) plus a learned velocity correction for contacts")
    }
    public var hyperparameters: [String: Double] { ["hidden": Double(dynamics.hidden)] }
    public var isTrained: Bool { dynamics.isTrained }
    /// Two frames give a velocity.
    public var contextLength: Int { 2 }
    public var trainingReport: TrainingReport? { dynamics.report }

    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try makeTrainingSession(dataset: dataset, setup: TrainingSetup(seed: seed))
    }

    public func makeTrainingSession(dataset: Dataset, setup: TrainingSetup) throws -> any TrainingSession {
        try dynamics.session(dataset: dataset, setup: setup, gravityPrior: true, defaultUnroll: HybridModel.defaultUnroll) { [weak self] trained in
            self?.dynamics = trained
        }
    }

    public func tensors() -> [NamedTensor] { dynamics.tensors }

    // MARK: - Rolling

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let last = context.last else { throw ModelError("hybrid needs at least one observation") }
        let geometry = SceneGeometry(scene)
        var names: [String] = scene.bodies.map(\.name)
        for o in context { for b in o.bodies where !names.contains(b.name) { names.append(b.name) } }
        var state = HybridModelState(step: last.step, bodies: [], scene: scene)
        var late: [(index: Int, stepsBehind: Int)] = []
        for name in names {
            let sightings = context.filter { $0[name] != nil }
            // A body never seen in the context is not tracked: its declared state is not an
            // observation, and reading it would leak the ground truth into the rollout.
            guard let newest = sightings.last, let seen = newest[name] else { continue }
            var velocity = Vec2.zero, spin = 0.0
            if sightings.count >= 2, let older = sightings[sightings.count - 2][name] {
                let steps = Double(newest.step - sightings[sightings.count - 2].step)
                if steps > 0 {
                    velocity = (seen.position - older.position) / (steps * geometry.dt)
                    spin = DynamicsFeatures.angleStep(older.angle, seen.angle) / (steps * geometry.dt)
                }
            }
            let shape = BodyShapeInfo(seen, spec: scene.body(named: name))
            state.bodies.append(HybridTrack(name: name, shape: shape, position: seen.position,
                                            velocity: shape.isStatic ? .zero : velocity, spin: shape.isStatic ? 0 : spin,
                                            visible: newest.step == last.step))
            if newest.step < last.step { late.append((state.bodies.count - 1, last.step - newest.step)) }
        }
        // A body last seen before the final context frame is carried forward by the model alone.
        for (i, behind) in late {
            var alone = HybridModelState(step: last.step - behind, bodies: [state.bodies[i]], scene: scene)
            for _ in 0..<behind { alone = advance(alone, geometry: geometry) }
            state.bodies[i] = alone.bodies[0]
        }
        return state
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        let s = try cast(state)
        return advance(s, geometry: SceneGeometry(s.scene))
    }

    func advance(_ s: HybridModelState, geometry: SceneGeometry) -> HybridModelState {
        let dt = geometry.dt
        let positions = s.bodies.map(\.position), shapes = s.bodies.map(\.shape)
        var rows: [[Double]] = [], movers: [Int] = []
        for (i, b) in s.bodies.enumerated() where !b.shape.isStatic {
            let history = [b.position - b.velocity * dt, b.position]
            let angles = [b.shape.angle - b.spin * dt, b.shape.angle]
            let nb = DynamicsFeatures.nearest(to: i, positions: positions, shapes: shapes).map {
                NeighbourView(position: positions[$0], previous: positions[$0] - s.bodies[$0].velocity * dt, shape: shapes[$0])
            }
            let row = DynamicsFeatures.row(history: history, angles: angles, shape: b.shape, neighbour: nb, geometry: geometry)
            if DynamicsFeatures.nearContact(row, displacements: 1) {
                rows.append(row)
                movers.append(i)
            }
        }
        let predicted = dynamics.predict(rows, gravityPrior: true)
        var corrections = [StepChange](repeating: StepChange(), count: s.bodies.count)
        for (m, i) in movers.enumerated() { corrections[i] = predicted[m] }
        var out = s
        out.step = s.step + 1
        let time = Double(out.step) * dt
        for (i, b) in s.bodies.enumerated() where !b.shape.isStatic {
            // Prior: semi-implicit Euler under gravity; the network corrects the velocity.
            let v = b.velocity + geometry.gravity * dt + corrections[i].displacement / dt
            let p = b.position + v * dt
            let w = b.spin + corrections[i].rotation / dt
            let a = b.shape.angle + w * dt
            if p.x.isFinite && p.y.isFinite && v.x.isFinite && v.y.isFinite && w.isFinite && a.isFinite {
                out.bodies[i].position = p
                out.bodies[i].velocity = v
                out.bodies[i].spin = w
                out.bodies[i].shape.angle = a
            }
        }
        for i in 0..<out.bodies.count {
            out.bodies[i].visible = geometry.isVisible(out.bodies[i].shape.placed(at: out.bodies[i].position), time: time)
        }
        return out
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        let s = try cast(state)
        let dt = SceneGeometry(s.scene).dt
        return WorldState(step: s.step, time: Double(s.step) * dt, bodies: s.bodies.map {
            var b = $0.shape.state(name: $0.name, position: $0.position, velocity: $0.velocity, visible: $0.visible)
            b.spin = $0.spin
            return b
        })
    }

    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = state as? HybridModelState else { return [] }
        return s.bodies.flatMap { b in
            [LatentFactor(body: b.name, name: "x", value: b.position.x), LatentFactor(body: b.name, name: "y", value: b.position.y),
             LatentFactor(body: b.name, name: "vx", value: b.velocity.x), LatentFactor(body: b.name, name: "vy", value: b.velocity.y)]
        }
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try cast(state)
        guard let name = body, let i = s.bodies.firstIndex(where: { $0.name == name }) else {
            throw ModelError("hybrid is not tracking a body '\(body ?? "")'")
        }
        guard value.isFinite else { throw ModelError("factor value must be finite") }
        switch factor {
        case "x": s.bodies[i].position.x = value
        case "y": s.bodies[i].position.y = value
        case "vx": s.bodies[i].velocity.x = value
        case "vy": s.bodies[i].velocity.y = value
        default: throw ModelError("hybrid has no editable factor '\(name).\(factor)' (x, y, vx, vy)")
        }
        return s
    }

    private func cast(_ state: any ModelState) throws -> HybridModelState {
        guard let s = state as? HybridModelState else { throw ModelError("hybrid was given another model's state") }
        return s
    }
}
