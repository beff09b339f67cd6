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
    /// Whether each of those positions was (predicted to be) visible.
    public var seen: [Bool]
    /// True while the body is carried by memory rather than by the window.
    public var recalled: Bool

    public var position: Vec2 { history[history.count - 1] }
    var displacement: Vec2 { history[history.count - 1] - history[history.count - 2] }
}

/// A retrieval memory entry: where and how fast a body was when last seen.
public struct Sighting: Hashable, Sendable {
    public var name: String
    public var step: Int
    public var position: Vec2
    public var displacement: Vec2
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
            var seen: [Bool] = []
            // Frames before the context (when it is shorter than k) and before the first sighting.
            let padding = max(0, k - n)
            for j in 0..<(padding + latest.0 + 1) {
                let i = j - padding
                seen.append(i >= 0 && sightings.contains { $0.0 == i })
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
            var track = ModelTrack(name: name, shape: shape, history: Array(positions.suffix(k)),
                                   seen: Array(seen.suffix(k)), recalled: false)
            if track.history.count < 2 {
                track.history.insert(track.position, at: 0)
                track.seen.insert(false, at: 0)
            }
            // After the last sighting: the model's own prediction, alone.
            for _ in 0..<(n - 1 - latest.0) { track = roll(track, steps: 1) }
            while track.history.count < k {
                track.history.insert(track.history[0] - (track.history[1] - track.history[0]), at: 0)
                track.seen.insert(false, at: 0)
            }
            track.history = Array(track.history.suffix(k))
            track.seen = Array(track.seen.suffix(k))
            if policy == .retrieval {
                state.sightings.append(Sighting(name: name, step: context[latest.0].step, position: latest.1.position,
                                                displacement: positionsDisplacement(positions, at: padding + latest.0)))
            }
            if track.seen.contains(true) { state.tracks.append(track) }
        }
        state.sightings.sort { $0.name < $1.name }
        return state
    }

    private func positionsDisplacement(_ p: [Vec2], at i: Int) -> Vec2 {
        i >= 1 && i < p.count ? p[i] - p[i - 1] : .zero
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
            out.tracks[i].seen.removeFirst()
            out.tracks[i].seen.append(visible)
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
            rows.append(DynamicsFeatures.row(history: tr.history, shape: tr.shape, neighbour: nb, geometry: geometry))
            movers.append(i)
        }
        let deltas = dynamics.predict(rows)
        var out = tracks
        for (m, i) in movers.enumerated() {
            let next = tracks[i].position + tracks[i].displacement + deltas[m]
            out[i].history.removeFirst()
            out[i].history.append(next.x.isFinite && next.y.isFinite ? next : tracks[i].position)
        }
        for i in 0..<out.count where out[i].shape.isStatic {
            out[i].history.removeFirst()
            out[i].history.append(tracks[i].position)
        }
        return out
    }

    /// Rolls one track forward alone (no neighbours), marking the new frames unseen.
    func roll(_ track: ModelTrack, steps: Int) -> ModelTrack {
        var tr = track
        for _ in 0..<max(0, steps) {
            guard !tr.shape.isStatic else { break }
            let row = DynamicsFeatures.row(history: tr.history, shape: tr.shape, neighbour: nil, geometry: geometry)
            let next = tr.position + tr.displacement + (dynamics.predict([row]).first ?? .zero)
            if tr.history.count >= k { tr.history.removeFirst(); tr.seen.removeFirst() }
            tr.history.append(next.x.isFinite && next.y.isFinite ? next : tr.position)
            tr.seen.append(false)
        }
        return tr
    }

    // MARK: - Memory

    private func remember(_ track: ModelTrack, step: Int, in sightings: inout [Sighting]) {
        let entry = Sighting(name: track.name, step: step, position: track.position, displacement: track.displacement)
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
            return restart(track, position: s.position, displacement: s.displacement, from: s.step, now: now)
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
            return restart(track, position: start, displacement: displacement, from: from, now: now)
        }
    }

    /// A constant-velocity history ending at `position` at step `from`, rolled on to `now`.
    private func restart(_ track: ModelTrack, position: Vec2, displacement: Vec2, from: Int, now: Int) -> ModelTrack {
        var tr = track
        tr.history = (0..<k).map { position - displacement * Double(k - 1 - $0) }
        tr.seen = Array(repeating: false, count: k)
        tr = roll(tr, steps: now - from)
        tr.recalled = true
        return tr
    }

    // MARK: - Decode

    func decode(_ s: WindowModelState) -> WorldState {
        let bodies = s.tracks.map { tr in
            tr.shape.state(name: tr.name, position: tr.position, velocity: tr.displacement / geometry.dt,
                           visible: tr.seen.last ?? false)
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
