#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Keypoint video model (`video(keypoints: K)`)
//
// Pixels in, pixels out, with a representation of *where* bodies are: a spatial
// soft-argmax encoder gives K keypoints per frame, an MLP over the window of the last W
// keypoint sets moves them, and the renderer transports the pixels around each
// keypoint from the last true frame to its new place (KeypointNetwork.swift).
//
// Training ("video + state supervision", said by `describe`): keypoint k is pulled
// towards the image position of the k-th body name (order of first appearance in the
// dataset); the dynamics learn, from the encoder's own keypoints of the training frames
// (not from states), to predict the next keypoint set. Probes (linear, ridge) read x, y,
// vx, vy per body name from the dynamics' features, fitted after training; R² held out.

/// The state of a keypoint video rollout.
public struct KeypointVideoState: ModelState, Equatable {
    public var step: Int
    public var time: Double
    public var dt: Double
    /// The last W keypoint sets (2K pixels each), oldest first.
    public var history: [[Double]]
    /// Which slots name a body of this scene.
    var present: [Bool]
    var template: [BodyState]
    /// The last true context frame (3 × S·S channel-major, in [0, 1]) and its keypoints.
    var lastFrame: [Double]
    var anchor: [Double]
}

/// A video world model that finds, moves and redraws keypoints.
public final class KeypointVideoModel: WorldModel {
    /// The model-file layout this code writes (hyperparameter `format`); 1 is `VideoModel`'s.
    public static let formatVersion = 2

    public let kind = "video"
    public let architecture: KeypointArchitecture
    /// The k-th slot's body name (set by training).
    public internal(set) var slots: [String] = []
    var network: KeypointNetwork?
    public internal(set) var probes: [VideoProbe] = []
    public internal(set) var trainingReport: TrainingReport?
    public var profile: LearningProfile?

    public init(size: Int = VideoModel.defaultSize, keypoints: Int = 3, channels: Int = 8, window: Int = 8,
                hidden: Int = 64, reach: Double? = nil) throws {
        guard VideoModel.sizes.contains(size), size % 8 == 0 else {
            throw ModelError("video: frame size must be a multiple of 8 in \(VideoModel.sizes.lowerBound)...\(VideoModel.sizes.upperBound), got \(size)")
        }
        guard (1...16).contains(keypoints) else { throw ModelError("video: keypoints must be in 1...16 (or 0 for the latent design), got \(keypoints)") }
        guard (1...64).contains(channels) else { throw ModelError("video: channels must be in 1...64, got \(channels)") }
        guard (2...16).contains(window) else { throw ModelError("video: window must be in 2...16 for keypoints (velocities need two frames), got \(window)") }
        guard (1...4096).contains(hidden) else { throw ModelError("video: hidden must be in 1...4096, got \(hidden)") }
        let r = reach ?? Double(size) / 10
        guard r.isFinite, r >= 0.5, r <= Double(size) else { throw ModelError("video: reach must be in 0.5...\(size) pixels, got \(r)") }
        architecture = KeypointArchitecture(size: size, keypoints: keypoints, channels: channels, window: window,
                                            hidden: hidden, reach: r)
    }

    public var taxonomy: Taxonomy {
        let a = architecture
        return Taxonomy(state: .explicit, memory: .consolidation, dynamics: .autoregressive,
                        summary: "keypoint video model: conv encoder of \(a.size)×\(a.size) RGB frames → \(a.keypoints) spatial soft-argmax keypoints, an MLP over the last \(a.window) keypoint sets moves them (window variant), the renderer transports the last true frame's pixels along each keypoint (reach \(a.reach) px); trained on video + state supervision (keypoint k pulled to body k's image position; dynamics from the encoder's own keypoints); linear probes by body name")
    }

    public var hyperparameters: [String: Double] {
        let a = architecture
        return ["size": Double(a.size), "keypoints": Double(a.keypoints), "channels": Double(a.channels),
                "window": Double(a.window), "hidden": Double(a.hidden), "reach": a.reach,
                "format": Double(Self.formatVersion)]
    }

    public var isTrained: Bool { network != nil }
    public var contextLength: Int { architecture.window }

    func trained() throws -> KeypointNetwork {
        guard let network else { throw ModelError("video model is not trained; call train first") }
        return network
    }

    /// Keypoint sets of frames (RGB bytes), in chunks.
    func keypoints(_ frames: [[UInt8]]) throws -> [[Double]] {
        let net = try trained()
        return Self.keypoints(net, frames)
    }

    static func keypoints(_ net: KeypointNetwork, _ frames: [[UInt8]]) -> [[Double]] {
        var out: [[Double]] = []
        var start = 0
        while start < frames.count {
            let end = min(frames.count, start + 32)
            let kp = net.encode(VideoModel.batch(Array(frames[start..<end]), size: net.architecture.size), images: end - start).keypoints
            for r in 0..<kp.rows { out.append(kp.row(r)) }
            start = end
        }
        return out
    }

    func present(names: [String]) -> [Bool] {
        (0..<architecture.keypoints).map { k in k < slots.count && names.contains(slots[k]) }
    }

    /// `window` entries from a list, the oldest repeated when it is short.
    static func padded(_ list: [[Double]], _ window: Int) -> [[Double]] {
        guard let first = list.first else { return [] }
        let tail = Array(list.suffix(window))
        return [[Double]](repeating: first, count: window - tail.count) + tail
    }

    // MARK: - WorldModel

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        let net = try trained()
        guard let last = context.last else { throw ModelError("video: start needs at least one context observation") }
        let frames = try context.suffix(contextLength).map { try VideoModel.frame(scene: scene, state: $0.source, size: architecture.size) }
        let kps = Self.keypoints(net, frames)
        let lastFrame = VideoModel.batch([frames[frames.count - 1]], size: architecture.size).values
        return KeypointVideoState(step: last.step, time: last.time, dt: scene.dt, history: Self.padded(kps, architecture.window),
                                  present: present(names: last.source.bodies.map(\.name)), template: last.source.bodies,
                                  lastFrame: lastFrame, anchor: kps[kps.count - 1])
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try own(state)
        let net = try trained()
        let next = net.next(s.history, present: s.present)
        guard next.allSatisfy({ $0.isFinite && $0.magnitude < 1e6 }) else {
            throw ModelError("video: the keypoints diverged at step \(s.step &+ 1)")
        }
        s.history.append(next)
        s.history.removeFirst(max(0, s.history.count - architecture.window))
        s.step &+= 1
        s.time += s.dt
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        let s = try own(state)
        var bodies: [BodyState] = []
        for var b in s.template {
            guard let values = try probeValues(s, body: b.name) else { continue }
            b.position = Vec2(values[0], values[1])
            b.velocity = Vec2(values[2], values[3])
            b.visible = true
            bodies.append(b)
        }
        return WorldState(step: s.step, time: s.time, bodies: bodies)
    }

    /// The frame the model predicts: the last true frame with each present body's pixels
    /// transported from its keypoint then to its keypoint now.
    public func decodeFrame(_ state: any ModelState) throws -> Image {
        let s = try own(state)
        var old: [[Double]] = [], new: [[Double]] = []
        let now = s.history[s.history.count - 1]
        for k in 0..<architecture.keypoints where s.present[k] {
            old.append([s.anchor[2 * k], s.anchor[2 * k + 1]])
            new.append([now[2 * k], now[2 * k + 1]])
        }
        let size = architecture.size
        let out = KeypointRenderer.render(last: s.lastFrame, size: size, from: old, to: new, reach: architecture.reach)
        return try Image(width: size, height: size,
                         pixels: VideoModel.bytes(Matrix(rows: 3, cols: size * size, unchecked: out), image: 0, images: 1, size: size))
    }

    func probeValues(_ s: KeypointVideoState, body: String) throws -> [Double]? {
        guard let p = probes.first(where: { $0.body == body }) else { return nil }
        let net = try trained()
        return p.weights.times(net.features(s.history, present: s.present) + [1], transpose: true)
    }

    func own(_ state: any ModelState) throws -> KeypointVideoState {
        let a = architecture
        guard let s = state as? KeypointVideoState, s.history.count == a.window,
              s.history.allSatisfy({ $0.count == 2 * a.keypoints }), s.present.count == a.keypoints,
              s.anchor.count == 2 * a.keypoints, s.lastFrame.count == 3 * a.size * a.size else {
            throw ModelError("video: not a state of this keypoint video model")
        }
        return s
    }

    // MARK: - Factors and edits

    /// Keypoints k0.u, k0.v, … (pixels) and each probed body's x, y, vx, vy.
    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = try? own(state) else { return [] }
        let now = s.history[s.history.count - 1]
        var out: [LatentFactor] = []
        for k in 0..<architecture.keypoints {
            out.append(LatentFactor(body: nil, name: "k\(k)u", value: now[2 * k]))
            out.append(LatentFactor(body: nil, name: "k\(k)v", value: now[2 * k + 1]))
        }
        for b in s.template {
            guard let values = try? probeValues(s, body: b.name), let p = probes.first(where: { $0.body == b.name }) else { continue }
            for (f, name) in VideoModel.probedFactors.enumerated() {
                out.append(LatentFactor(body: b.name, name: name, value: values[f], probeR2: p.r2[f].isFinite ? p.r2[f] : nil))
            }
        }
        return out
    }

    /// A body factor moves the keypoint history by the smallest change that shifts that
    /// probe by the asked amount and every other probe of the scene by nothing; kNu / kNv
    /// moves keypoint N's whole history (no velocity appears).
    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try own(state)
        let net = try trained()
        guard value.isFinite else { throw ModelError("video: edit value for \(factor) is not finite") }
        let k = architecture.keypoints, w = architecture.window
        guard let body else {
            guard factor.hasPrefix("k"), factor.count >= 3, let i = Int(factor.dropFirst().dropLast()), i >= 0, i < k,
                  let axis = ["u": 0, "v": 1][String(factor.suffix(1))] else {
                throw ModelError("video has no factor '\(factor)' (k0u, k0v … k\(k - 1)v, or body.x, .y, .vx, .vy)")
            }
            let delta = value - s.history[w - 1][2 * i + axis]
            for h in 0..<w { s.history[h][2 * i + axis] += delta }
            return s
        }
        guard s.template.contains(where: { $0.name == body }), probes.contains(where: { $0.body == body }) else {
            throw ModelError("video has no probe for body '\(body)'")
        }
        guard let f = VideoModel.probedFactors.firstIndex(of: factor) else {
            throw ModelError("video has no factor '\(body).\(factor)' (x, y, vx, vy)")
        }
        let present = probes.filter { p in s.template.contains { $0.name == p.body } }
        let width = w * 2 * k
        // Columns: the probes' response to a unit change of each history number (features are linear).
        let zero = [[Double]](repeating: [Double](repeating: 0, count: 2 * k), count: w)
        var columns: [[Double]] = []
        for c in 0..<width {
            var unit = zero
            unit[c / (2 * k)][c % (2 * k)] = 1
            columns.append(net.features(unit, present: s.present))
        }
        var matrix: [Double] = [], rhs: [Double] = []
        for p in present {
            let values = try probeValues(s, body: p.body) ?? []
            for g in 0..<4 {
                for c in 0..<width {
                    var sum = 0.0
                    for (j, x) in columns[c].enumerated() { sum += x * p.weights[j, g] }
                    matrix.append(sum)
                }
                rhs.append(p.body == body && g == f ? value - values[g] : 0)
            }
        }
        let delta = try RidgeRegression.minimumNorm(matrix, rows: rhs.count, columns: width, target: rhs)
        for c in 0..<width { s.history[c / (2 * k)][c % (2 * k)] += delta[c] }
        return s
    }

    /// PSNR inputs as for `VideoModel.frameError`.
    public func frameError(scene: Scene, context: Int, steps: Int, seed: UInt64 = 0) throws -> VideoFrameError {
        try VideoFrameError(scene: scene, context: context, steps: steps, seed: seed, size: architecture.size,
                            start: { try self.start(scene: scene, context: $0) }, step: step,
                            frame: { try self.decodeFrame($0).pixels })
    }
}

/// A video model whose predicted frames can be scored against the true ones (`frame_psnr`).
public protocol VideoFrameErrorMeasuring: WorldModel {
    func frameError(scene: Scene, context: Int, steps: Int, seed: UInt64) throws -> VideoFrameError
}

extension VideoModel: VideoFrameErrorMeasuring {}
extension KeypointVideoModel: VideoFrameErrorMeasuring {}
