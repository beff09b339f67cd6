// MARK: - Video model (pixels in, pixels out)
//
// A convolutional encoder turns each S×S RGB frame of the scene's camera into a
// latent z; latent dynamics roll z forward (a window of the last K latents, or a
// recurrent memory that folds in the context); a transposed-convolution decoder turns
// z back into a frame. Trained end to end on a multi-step pixel loss. Bodies are read
// out of the latent by linear probes, one set per body *name* (found by identity, so a
// scene may have any number of bodies; a body whose name no training scene had is not
// decoded). See docs/models.md §10.

/// The state of a video rollout: the last latents, the memory, the scene's bodies.
public struct VideoState: ModelState, Equatable {
    public var step: Int
    public var time: Double
    public var dt: Double
    /// The last max(window, 2) latents, oldest first.
    public var history: [[Double]]
    /// The recurrent memory h (empty for the window variant).
    public var memory: [Double]
    /// The scene's bodies as declared (names, shapes, colours) for decoding.
    var template: [BodyState]
    /// Anchored models: the last true context frame (3 × S·S in [0, 1]) minus its decoding.
    var anchor: [Double]

    var z: [Double] { history[history.count - 1] }
    var previous: [Double] { history[max(0, history.count - 2)] }
}

/// A linear read-out of one body's x, y, vx, vy from [z_t, z_{t−1}, 1].
public struct VideoProbe: Hashable, Sendable {
    public var body: String
    /// (2·dim + 1) × 4.
    public var weights: Matrix
    /// Held-out R² of x, y, vx, vy (NaN when no held-out rollout had this body).
    public var r2: [Double]
}

/// A learned video world model: conv encoder, latent dynamics, conv decoder, probes.
public final class VideoModel: WorldModel {
    public static let probedFactors = ["x", "y", "vx", "vy"]
    public static let defaultSize = 64
    public static let sizes = 32...128
    /// The model-file layout this code writes (hyperparameter `format`).
    public static let formatVersion = 1

    public let kind = "video"
    public let architecture: VideoArchitecture
    /// Future steps each training example unrolls (the multi-step loss).
    public let horizon: Int
    /// How the training loss weighs changing pixels and the bodies' states.
    public let loss: VideoLoss
    public static let defaultMotionWeight = 0.0
    public static let defaultStateWeight = 0.0
    var network: VideoNetwork?
    public internal(set) var probes: [VideoProbe] = []
    public internal(set) var trainingReport: TrainingReport?
    /// When set, training records where its time goes (gemm, im2col, element-wise) here.
    public var profile: LearningProfile?

    /// A video model; `memory` 0 makes the window variant (K = `window` latents), a
    /// positive `memory` the recurrent variant (folding `window` context frames into h).
    /// `motionWeight` and `stateWeight` shape the training loss (`VideoLoss`).
    public init(size: Int = VideoModel.defaultSize, channels: Int = 8, dim: Int = 32, window: Int = 2,
                memory: Int = 0, hidden: Int = 128, horizon: Int = 6, anchored: Bool = true,
                motionWeight: Double = VideoModel.defaultMotionWeight, stateWeight: Double = VideoModel.defaultStateWeight) throws {
        guard Self.sizes.contains(size), size % 8 == 0 else {
            throw ModelError("video: frame size must be a multiple of 8 in \(Self.sizes.lowerBound)...\(Self.sizes.upperBound), got \(size)")
        }
        guard (1...64).contains(channels) else { throw ModelError("video: channels must be in 1...64, got \(channels)") }
        guard (1...512).contains(dim) else { throw ModelError("video: dim must be in 1...512, got \(dim)") }
        guard (1...16).contains(window) else { throw ModelError("video: window must be in 1...16, got \(window)") }
        guard (0...512).contains(memory) else { throw ModelError("video: memory must be in 0...512, got \(memory)") }
        guard (1...4096).contains(hidden) else { throw ModelError("video: hidden must be in 1...4096, got \(hidden)") }
        guard (1...64).contains(horizon) else { throw ModelError("video: horizon must be in 1...64, got \(horizon)") }
        guard motionWeight.isFinite, (0...1000).contains(motionWeight) else {
            throw ModelError("video: motion_weight must be in 0...1000, got \(motionWeight)")
        }
        guard stateWeight.isFinite, (0...1000).contains(stateWeight) else {
            throw ModelError("video: state_weight must be in 0...1000, got \(stateWeight)")
        }
        loss = VideoLoss(motionWeight: motionWeight, stateWeight: stateWeight)
        architecture = VideoArchitecture(size: size, channels: channels, dim: dim, window: window, memory: memory, hidden: hidden,
                                         anchored: anchored)
        self.horizon = horizon
    }

    public var taxonomy: Taxonomy {
        let a = architecture
        if a.isRecurrent {
            return Taxonomy(state: .explicit, memory: .latent, dynamics: .autoregressive,
                            summary: "recurrent latent video model: conv encoder of \(a.size)×\(a.size) RGB frames, a memory of \(a.memory) folding in \(a.window) context frames, z_t+1 = z_t + f(z_t, h_t), transposed-conv decoder; trained on \(lossSummary); linear probes by body name")
        }
        return Taxonomy(state: .implicit, memory: .consolidation, dynamics: .autoregressive,
                        summary: "window video model: conv encoder of \(a.size)×\(a.size) RGB frames, z_t+1 = z_t + f(last \(a.window) latents) (older frames dropped), transposed-conv decoder; trained on \(lossSummary); linear probes by body name")
    }

    /// What the training loss is, in words (for `describe`).
    var lossSummary: String {
        var out = "a \(horizon)-step pixel loss"
        if loss.motionWeight > 0 { out += " (changing pixels weighted ×\(1 + loss.motionWeight))" }
        if loss.stateWeight > 0 { out += " plus state supervision (the first latents carry the bodies' x, y, vx, vy, weight \(loss.stateWeight)): video + state supervision" }
        return out
    }

    public var hyperparameters: [String: Double] {
        let a = architecture
        return ["size": Double(a.size), "channels": Double(a.channels), "dim": Double(a.dim), "window": Double(a.window),
                "memory": Double(a.memory), "hidden": Double(a.hidden), "horizon": Double(horizon),
                "anchored": a.anchored ? 1 : 0, "motion_weight": loss.motionWeight, "state_weight": loss.stateWeight,
                "format": Double(Self.formatVersion)]
    }

    public var isTrained: Bool { network != nil }
    /// Context frames `start` reads: the window (at least 2, for the velocity probes).
    public var contextLength: Int { max(architecture.window, 2) }

    // MARK: - Frames

    /// The S×S RGB frame (row-major, 3 bytes a pixel) the scene's camera shows for `state`:
    /// a square view as wide as the camera's larger side, centred where it is centred.
    public static func frame(scene: Scene, state: WorldState, size: Int) throws -> [UInt8] {
        let spec = scene.camera
        let side = max(spec.size.x, spec.size.y)
        let camera = try Camera(center: spec.center(at: state.time), size: Vec2(side, side),
                                pixelsPerUnit: Double(size) / side)
        let image = Rasterizer(camera: camera, background: WorldDrawing.background)
            .render(WorldDrawing.commands(scene: scene, state: state, camera: camera, timeStamp: false))
        guard image.width == size, image.height == size else {
            throw ModelError("video: the camera gave a \(image.width)×\(image.height) frame, expected \(size)×\(size)")
        }
        return image.pixels
    }

    /// Frames (bytes, HWC) → a 3 × (N·S·S) channel-major batch in [0, 1].
    static func batch(_ frames: [[UInt8]], size: Int) -> Matrix {
        let plane = size * size, n = frames.count
        var out = Matrix(rows: 3, cols: n * plane)
        out.values.withUnsafeMutableBufferPointer { o in
            for (img, f) in frames.enumerated() {
                f.withUnsafeBufferPointer { p in
                    for q in 0..<plane {
                        for ch in 0..<3 { o[ch * n * plane + img * plane + q] = Double(p[3 * q + ch]) / 255 }
                    }
                }
            }
        }
        return out
    }

    /// Image `i` of a 3 × (N·S·S) batch as RGB bytes.
    static func bytes(_ batch: Matrix, image i: Int, images n: Int, size: Int) -> [UInt8] {
        let plane = size * size
        var out = [UInt8](repeating: 0, count: 3 * plane)
        for q in 0..<plane {
            for ch in 0..<3 {
                let v = batch.values[ch * n * plane + i * plane + q]
                out[3 * q + ch] = UInt8((min(max(v.isFinite ? v : 0, 0), 1) * 255).rounded())
            }
        }
        return out
    }

    // MARK: - WorldModel

    func trained() throws -> VideoNetwork {
        guard let network else { throw ModelError("video model is not trained; call train first") }
        return network
    }

    /// Latents of frames (one row each).
    func encode(_ frames: [[UInt8]]) throws -> [[Double]] {
        let net = try trained()
        var out: [[Double]] = []
        var start = 0
        while start < frames.count {
            let end = min(frames.count, start + 32)
            let z = net.encode(Self.batch(Array(frames[start..<end]), size: architecture.size), images: end - start).z
            for r in 0..<z.rows { out.append(z.row(r)) }
            start = end
        }
        return out
    }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        let net = try trained()
        guard let last = context.last else { throw ModelError("video: start needs at least one context observation") }
        let used = Array(context.suffix(contextLength))
        let codes = try encode(used.map { try Self.frame(scene: scene, state: $0.source, size: architecture.size) })
        var memory: [Double] = []
        if architecture.isRecurrent {
            // Fold the context into the memory: step from each latent, keep h, take the next latent from its frame.
            var h = Matrix(rows: 1, cols: architecture.memory)
            for i in 0..<(codes.count - 1) {
                let window = codes[0...i].map { Matrix(row: $0) }
                h = net.dynamicsStep(window: window[...], memory: h).h ?? h
            }
            memory = h.values
        }
        let keep = Array(codes.suffix(contextLength))
        var anchor: [Double] = []
        if architecture.isAnchored {
            let lastFrame = Self.batch([try Self.frame(scene: scene, state: last.source, size: architecture.size)], size: architecture.size)
            let decoded = net.decode(Matrix(row: codes[codes.count - 1])).output
            anchor = (0..<lastFrame.count).map { lastFrame.values[$0] - decoded.values[$0] }
        }
        return VideoState(step: last.step, time: last.time, dt: scene.dt,
                          history: keep.count >= 2 ? keep : [keep[0], keep[0]], memory: memory,
                          template: last.source.bodies, anchor: anchor)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try own(state)
        let net = try trained()
        let window = s.history.map { Matrix(row: $0) }
        let next = net.dynamicsStep(window: window[...], memory: architecture.isRecurrent ? Matrix(row: s.memory) : nil)
        guard next.z.values.allSatisfy(\.isFinite) else { throw ModelError("video: the latent state diverged at step \(s.step &+ 1)") }
        s.history.append(next.z.values)
        if s.history.count > contextLength { s.history.removeFirst(s.history.count - contextLength) }
        if let h = next.h { s.memory = h.values }
        s.step &+= 1
        s.time += s.dt
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        let s = try own(state)
        var bodies: [BodyState] = []
        for var b in s.template {
            guard let values = probeValues(s, body: b.name) else { continue }
            b.position = Vec2(values[0], values[1])
            b.velocity = Vec2(values[2], values[3])
            b.visible = true
            bodies.append(b)
        }
        return WorldState(step: s.step, time: s.time, bodies: bodies)
    }

    /// The frame the model believes the camera shows (S×S RGB bytes).
    public func decodeFrame(_ state: any ModelState) throws -> Image {
        let s = try own(state)
        let net = try trained()
        var out = net.decode(Matrix(row: s.z)).output
        if s.anchor.count == out.count { for i in 0..<out.count { out.values[i] += s.anchor[i] } }
        return try Image(width: architecture.size, height: architecture.size,
                         pixels: Self.bytes(out, image: 0, images: 1, size: architecture.size))
    }

    /// x, y, vx, vy of a body by name, or nil when no probe knows it.
    func probeValues(_ s: VideoState, body: String) -> [Double]? {
        guard let p = probes.first(where: { $0.body == body }) else { return nil }
        let features = s.z + s.previous + [1]
        return p.weights.times(features, transpose: true)
    }

    func own(_ state: any ModelState) throws -> VideoState {
        guard let s = state as? VideoState, !s.history.isEmpty,
              s.history.allSatisfy({ $0.count == architecture.dim }), s.memory.count == architecture.memory,
              s.anchor.isEmpty || s.anchor.count == 3 * architecture.size * architecture.size else {
            throw ModelError("video: not a state of this video model")
        }
        return s
    }
}
