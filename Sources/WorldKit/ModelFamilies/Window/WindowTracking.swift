// MARK: - Window state: tracks of recent estimates, and what happens to old ones
//
// The window and memory models keep, per body, its last k estimated positions
// and whether each was seen (what the camera would show at that step). A body
// with no sighting among its last k frames has left the window. What happens
// then is the memory policy: the window forgets it; retrieval looks up its last
// sighting and rolls the learned dynamics on from there; compression recovers it
// from coarse, block-averaged history kept beyond the window, until that history
// ages out too.

/// What a windowed model does with a body that has left its window.
public enum MemoryPolicy: Hashable, Sendable {
    /// Forget it (the sliding window: consolidation).
    case none
    /// Recall it from its last exact sighting (position, displacement, step).
    case retrieval
    /// Recall it from block averages of `stride` frames, keeping `levels` blocks beyond the window.
    case compression(stride: Int, levels: Int)
}

/// One body a windowed model is tracking.
public struct ModelTrack: Hashable, Sendable {
    public var name: String
    public var shape: BodyShapeInfo
    /// The last k estimated positions, oldest first.
    public var history: [Vec2]
    /// The angles at the same steps.
    public var angles: [Double]
    /// Whether each of those positions was (predicted to be) visible.
    public var seen: [Bool]
    /// True while the body is carried by memory rather than by the window.
    public var recalled: Bool

    public var position: Vec2 { history[history.count - 1] }
    var displacement: Vec2 { history[history.count - 1] - history[history.count - 2] }
    var rotation: Double { DynamicsFeatures.angleStep(angles[angles.count - 2], angles[angles.count - 1]) }

    /// Appends a frame, dropping the oldest once `limit` frames are held.
    mutating func push(_ p: Vec2, angle: Double, seen s: Bool, limit: Int) {
        while history.count >= limit {
            history.removeFirst()
            angles.removeFirst()
            seen.removeFirst()
        }
        history.append(p)
        angles.append(angle)
        seen.append(s)
        shape.angle = angle
    }

    /// Prepends a frame before the oldest (padding a short context).
    mutating func prepend(_ p: Vec2, angle: Double) {
        history.insert(p, at: 0)
        angles.insert(angle, at: 0)
        seen.insert(false, at: 0)
    }

    /// Keeps the newest `k` frames.
    mutating func keepLast(_ k: Int) {
        history = Array(history.suffix(k))
        angles = Array(angles.suffix(k))
        seen = Array(seen.suffix(k))
    }
}

/// A retrieval memory entry: where and how fast a body was when last seen.
public struct Sighting: Hashable, Sendable {
    public var name: String
    public var step: Int
    public var position: Vec2
    public var displacement: Vec2
    public var angle: Double
    public var rotation: Double
}

/// A compression memory entry: one body's mean sighted position over a block of frames.
public struct CompressedSighting: Hashable, Sendable {
    public var name: String
    /// Block number (frame step / stride).
    public var block: Int
    public var positionSum: Vec2
    public var stepSum: Double
    public var count: Int

    var meanPosition: Vec2 { positionSum / Double(max(1, count)) }
    var meanStep: Double { stepSum / Double(max(1, count)) }
}

/// The state of a window or memory model.
public struct WindowModelState: ModelState {
    public var step: Int
    /// In the scene's declaration order.
    public var tracks: [ModelTrack]
    /// Retrieval memory: last sighting per body, sorted by name.
    public var sightings: [Sighting] = []
    /// Compression memory: block entries, oldest block first, then by name.
    public var compressed: [CompressedSighting] = []
}

/// The stepping logic shared by `WindowModel` and `MemoryModel`.
struct WindowTracker {
    let dynamics: LearnedDynamics
    let policy: MemoryPolicy
    let geometry: SceneGeometry
    let scene: Scene

    var k: Int { dynamics.window }

    // MARK: - Start

    /// Tracks for every body seen in the context: gaps between sightings interpolated,
    /// the span after the last sighting predicted, the span before the first extrapolated back.
    func start(context: [Observation]) throws -> WindowModelState {
        guard let last = context.last else { throw ModelError("a windowed model needs at least one observation") }
        var names: [String] = scene.bodies.map(\.name)
        for o in context { for b in o.bodies where !names.contains(b.name) { names.append(b.name) } }
        let n = context.count
        var state = WindowModelState(step: last.step, tracks: [])
        for name in names {
            var sightings: [(Int, ObservedBody)] = []
            for (i, o) in context.enumerated() { if let b = o[name] { sightings.append((i, b)) } }
            guard let first = sightings.first, let latest = sightings.last else { continue }
            let shape = BodyShapeInfo(latest.1, spec: scene.body(named: name))
            // Velocity per step near the start, for back-extrapolation.
            var startVelocity = Vec2.zero
            if sightings.count >= 2 {
                let (i1, b1) = sightings[1]
                startVelocity = (b1.position - first.1.position) / Double(i1 - first.0)
            }
            var positions: [Vec2] = []
            var angles: [Double] = []
            var seen: [Bool] = []
            // Frames before the context (when it is shorter than k) and before the first sighting.
            let padding = max(0, k - n)
            for j in 0..<(padding + latest.0 + 1) {
                let i = j - padding
                seen.append(i >= 0 && sightings.contains { $0.0 == i })
                angles.append((sightings.last { $0.0 <= i } ?? first).1.angle)
                if i <= first.0 {
                    positions.append(first.1.position - startVelocity * Double(first.0 - i))
                } else if let exact = sightings.first(where: { $0.0 == i }) {
                    positions.append(exact.1.position)
                } else if let before = sightings.last(where: { $0.0 < i }), let after = sightings.first(where: { $0.0 > i }) {
                    // Between two sightings: linear interpolation.
                    let u = Double(i - before.0) / Double(after.0 - before.0)
                    positions.append(before.1.position + (after.1.position - before.1.position) * u)
                } else {
                    positions.append(latest.1.position)
                }
            }
            var track = ModelTrack(name: name, shape: shape, history: positions, angles: angles, seen: seen, recalled: false)
            track.keepLast(k)
            if track.history.count < 2 { track.prepend(track.position, angle: track.angles[0]) }
            // After the last sighting: the model's own prediction, alone.
            track = roll(track, steps: n - 1 - latest.0)
            while track.history.count < k {
                track.prepend(track.history[0] - (track.history[1] - track.history[0]), angle: track.angles[0])
            }
            track.keepLast(k)
            if policy == .retrieval {
                let i = padding + latest.0
                state.sightings.append(Sighting(
                    name: name, step: context[latest.0].step, position: latest.1.position,
                    displacement: i >= 1 ? positions[i] - positions[i - 1] : .zero, angle: latest.1.angle,
                    rotation: i >= 1 ? DynamicsFeatures.angleStep(angles[i - 1], angles[i]) : 0))
            }
            if track.seen.contains(true) { state.tracks.append(track) }
        }
        state.sightings.sort { $0.name < $1.name }
        return state
    }

    // MARK: - Step

    func step(_ s: WindowModelState) -> WindowModelState {
        var out = s
        let t = s.step + 1
        let time = Double(t) * geometry.dt
        // The frame about to leave each window goes to compressed memory.
        if case .compression(let stride, let levels) = policy {
            for track in s.tracks where track.history.count == k && track.seen[0] {
                compress(name: track.name, position: track.history[0], step: t - k, stride: stride, into: &out.compressed)
            }
            let newest = (t - k) / max(1, stride)
            out.compressed.removeAll { $0.block <= newest - levels }
        }
        out.tracks = advance(s.tracks)
        for i in 0..<out.tracks.count {
            let visible = geometry.isVisible(out.tracks[i].shape.placed(at: out.tracks[i].position), time: time)
            out.tracks[i].seen[out.tracks[i].seen.count - 1] = visible
            if visible {
                out.tracks[i].recalled = false
                if policy == .retrieval { remember(out.tracks[i], step: t, in: &out.sightings) }
            }
        }
        out.step = t
        // Bodies with no sighting left in the window.
        var kept: [ModelTrack] = []
        for track in out.tracks {
            if track.seen.contains(true) || track.recalled { kept.append(track); continue }
            if let recalled = recall(track, now: t, state: out) { kept.append(recalled) }
        }
        out.tracks = kept
        if case .compression = policy {
            // A recalled body whose compressed history has aged out is forgotten too.
            out.tracks.removeAll { tr in tr.recalled && !out.compressed.contains { $0.name == tr.name } }
        }
        return out
    }

    /// One learned step for every moving track, in one batch.
    func advance(_ tracks: [ModelTrack]) -> [ModelTrack] {
        let positions = tracks.map(\.position)
        let shapes = tracks.map(\.shape)
        var rows: [[Double]] = [], movers: [Int] = []
        for (i, tr) in tracks.enumerated() where !tr.shape.isStatic {
            let nb = DynamicsFeatures.nearest(to: i, positions: positions, shapes: shapes).map {
                NeighbourView(position: positions[$0], previous: tracks[$0].history[tracks[$0].history.count - 2], shape: shapes[$0])
            }
            rows.append(DynamicsFeatures.row(history: tr.history, angles: tr.angles, shape: tr.shape, neighbour: nb, geometry: geometry))
            movers.append(i)
        }
        let changes = dynamics.predict(rows)
        var out = tracks
        for i in 0..<out.count where out[i].shape.isStatic {
            out[i].push(tracks[i].position, angle: tracks[i].shape.angle, seen: false, limit: k)
        }
        for (m, i) in movers.enumerated() {
            let (p, a) = WindowTracker.next(tracks[i], changes[m])
            out[i].push(p, angle: a, seen: false, limit: k)
        }
        return out
    }

    /// Position and angle after one step with a predicted change (held when not finite).
    static func next(_ tr: ModelTrack, _ change: StepChange) -> (Vec2, Double) {
        let p = tr.position + tr.displacement + change.displacement
        let a = tr.shape.angle + tr.rotation + change.rotation
        let finite = p.x.isFinite && p.y.isFinite && a.isFinite
        return finite ? (p, a) : (tr.position, tr.shape.angle)
    }

    /// Rolls one track forward alone (no neighbours), marking the new frames unseen.
    /// Rolls one track forward among `neighbours` (held where they are now: the other
    /// tracks' current estimates), so a recalled body still meets the bodies in its way.
    func roll(_ track: ModelTrack, steps: Int, neighbours: [ModelTrack] = []) -> ModelTrack {
        var tr = track
        let others = neighbours.filter { $0.name != track.name }
        for _ in 0..<max(0, steps) {
            guard !tr.shape.isStatic else { break }
            let all = [tr] + others
            let nb = DynamicsFeatures.nearest(to: 0, positions: all.map(\.position), shapes: all.map(\.shape)).map { j in
                NeighbourView(position: all[j].position, previous: all[j].history[max(0, all[j].history.count - 2)], shape: all[j].shape)
            }
            let row = DynamicsFeatures.row(history: tr.history, angles: tr.angles, shape: tr.shape, neighbour: nb, geometry: geometry)
            let (p, a) = WindowTracker.next(tr, dynamics.predict([row]).first ?? StepChange())
            tr.push(p, angle: a, seen: false, limit: k)
        }
        return tr
    }

    // MARK: - Memory

    private func remember(_ track: ModelTrack, step: Int, in sightings: inout [Sighting]) {
        let entry = Sighting(name: track.name, step: step, position: track.position, displacement: track.displacement,
                             angle: track.shape.angle, rotation: track.rotation)
        if let i = sightings.firstIndex(where: { $0.name == track.name }) {
            sightings[i] = entry
        } else {
            sightings.append(entry)
            sightings.sort { $0.name < $1.name }
        }
    }

    private func compress(name: String, position: Vec2, step: Int, stride: Int, into blocks: inout [CompressedSighting]) {
        let block = step / max(1, stride)
        if let i = blocks.firstIndex(where: { $0.name == name && $0.block == block }) {
            blocks[i].positionSum += position
            blocks[i].stepSum += Double(step)
            blocks[i].count += 1
        } else {
            blocks.append(CompressedSighting(name: name, block: block, positionSum: position, stepSum: Double(step), count: 1))
            blocks.sort { ($0.block, $0.name) < ($1.block, $1.name) }
        }
    }

    /// The body brought back from memory at step `now`, or nil when memory has nothing on it.
    func recall(_ track: ModelTrack, now: Int, state: WindowModelState) -> ModelTrack? {
        switch policy {
        case .none:
            return nil
        case .retrieval:
            guard let s = state.sightings.first(where: { $0.name == track.name }) else { return nil }
            return restart(track, position: s.position, displacement: s.displacement, angle: s.angle, rotation: s.rotation,
                           from: s.step, now: now, neighbours: state.tracks)
        case .compression:
            let entries = state.compressed.filter { $0.name == track.name }
            guard let last = entries.last else { return nil }
            var displacement = Vec2.zero
            if entries.count >= 2 {
                let prev = entries[entries.count - 2]
                let span = last.meanStep - prev.meanStep
                if span > 0 { displacement = (last.meanPosition - prev.meanPosition) / span }
            }
            let from = Int(last.meanStep.rounded(.down))
            let start = last.meanPosition + displacement * (Double(from) - last.meanStep)
            // Compression keeps positions only: the body restarts without rotation.
            return restart(track, position: start, displacement: displacement, angle: track.shape.angle, rotation: 0,
                           from: from, now: now, neighbours: state.tracks)
        }
    }

    /// A constant-velocity history ending at `position` at step `from`, rolled on to `now`.
    private func restart(_ track: ModelTrack, position: Vec2, displacement: Vec2, angle: Double, rotation: Double,
                         from: Int, now: Int, neighbours: [ModelTrack]) -> ModelTrack {
        var tr = track
        tr.history = (0..<k).map { position - displacement * Double(k - 1 - $0) }
        tr.angles = (0..<k).map { angle - rotation * Double(k - 1 - $0) }
        tr.shape.angle = angle
        tr.seen = Array(repeating: false, count: k)
        tr = roll(tr, steps: now - from, neighbours: neighbours)
        tr.recalled = true
        return tr
    }

    // MARK: - Decode

    func decode(_ s: WindowModelState) -> WorldState {
        let bodies = s.tracks.map { tr in
            var b = tr.shape.state(name: tr.name, position: tr.position, velocity: tr.displacement / geometry.dt,
                                   visible: tr.seen.last ?? false)
            b.spin = tr.rotation / geometry.dt
            return b
        }
        return WorldState(step: s.step, time: Double(s.step) * geometry.dt, bodies: bodies)
    }
}

// MARK: - Factors and edits

extension WindowModelState {
    /// `x`, `y`, `vx`, `vy` of every tracked body.
    func factors(dt: Double) -> [LatentFactor] {
        tracks.flatMap { tr in
            let v = tr.displacement / dt
            return [LatentFactor(body: tr.name, name: "x", value: tr.position.x), LatentFactor(body: tr.name, name: "y", value: tr.position.y),
                    LatentFactor(body: tr.name, name: "vx", value: v.x), LatentFactor(body: tr.name, name: "vy", value: v.y)]
        }
    }

    /// Moves (x, y: the whole history shifts) or re-aims (vx, vy: a constant-velocity history) a track.
    func editing(body: String?, factor: String, to value: Double, dt: Double, kind: String) throws -> WindowModelState {
        guard let name = body, let i = tracks.firstIndex(where: { $0.name == name }) else {
            throw ModelError("\(kind) is not tracking a body '\(body ?? "")'")
        }
        guard value.isFinite else { throw ModelError("factor value must be finite") }
        var out = self
        var tr = tracks[i]
        switch factor {
        case "x", "y":
            let shift = factor == "x" ? Vec2(value - tr.position.x, 0) : Vec2(0, value - tr.position.y)
            tr.history = tr.history.map { $0 + shift }
        case "vx", "vy":
            let v = tr.displacement / dt
            let newV = factor == "vx" ? Vec2(value, v.y) : Vec2(v.x, value)
            let p = tr.position, n = tr.history.count
            tr.history = (0..<n).map { p - newV * (dt * Double(n - 1 - $0)) }
        default:
            throw ModelError("\(kind) has no editable factor '\(name).\(factor)' (x, y, vx, vy)")
        }
        out.tracks[i] = tr
        return out
    }
}
