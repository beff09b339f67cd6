import CBLAS

// MARK: - Latent model (explicit state, latent compression from pixels)
//
// frames (grey, a few dozen pixels wide, through the scene's camera)
//   → PCA encoder → z_t
//   → linear recurrent dynamics z_{t+1} = A z_t + B z_{t−1} + c (ridge least squares)
//   → PCA decoder → frame;  linear probes [z_t, z_{t−1}] → body x, y, vx, vy.
// The state is two latent vectors, so a step costs O(dim²) whatever the history.

/// The state of a latent rollout: the current and previous latent codes.
public struct LatentState: ModelState, Equatable {
    public var step: Int
    public var time: Double
    public var dt: Double
    /// z_t.
    public var z: [Double]
    /// z_{t−1} (equal to z_t when the context was a single frame).
    public var previous: [Double]
    /// The scene's bodies as declared (names, shapes, colours) for decoding.
    var template: [BodyState]

    /// [z_t, z_{t−1}, 1], the input of the dynamics and the probes.
    var features: [Double] { z + previous + [1] }
}

/// What training a latent model measured.
public struct LatentTrainingReport: Hashable, Sendable {
    /// Fraction of pixel variance the kept components explain (training frames).
    public var explainedVariance: Double
    /// Mean squared one-step latent prediction error on the training sequences.
    public var trainingStepError: Double
    /// Mean squared one-step latent prediction error on held-out sequences.
    public var heldOutStepError: Double
    /// The same error for "nothing moves" (z_{t+1} = z_t) on the held-out sequences.
    public var heldOutStillError: Double
    /// Held-out R² of each probe, keyed "body.factor", sorted by key.
    public var probeR2: [(key: String, r2: Double)]
    public var trainingSequences: Int
    public var heldOutSequences: Int

    public static func == (a: Self, b: Self) -> Bool {
        a.explainedVariance == b.explainedVariance && a.heldOutStepError == b.heldOutStepError
            && a.trainingStepError == b.trainingStepError
            && a.heldOutStillError == b.heldOutStillError && a.trainingSequences == b.trainingSequences
            && a.heldOutSequences == b.heldOutSequences
            && a.probeR2.map(\.key) == b.probeR2.map(\.key) && a.probeR2.map(\.r2) == b.probeR2.map(\.r2)
    }

    public func hash(into h: inout Hasher) {
        h.combine(explainedVariance)
        h.combine(heldOutStepError)
        for p in probeR2 { h.combine(p.key); h.combine(p.r2) }
    }
}

/// A pixel world model with an explicit latent state: PCA codes of rendered frames,
/// linear recurrent latent dynamics, and linear probes from latents to body factors.
public final class LatentModel: WorldModel {
    /// The factors every probe reads out, per body.
    public static let probedFactors = ["x", "y", "vx", "vy"]
    /// Default frame width in pixels (the height follows the camera's aspect ratio).
    public static let defaultFrameWidth = 32
    /// Ridge penalty relative to the mean latent variance.
    static let relativeRidge = 1e-4
    static let heldOutFraction = 0.2

    public let kind = "latent"
    public let dim: Int
    public let frameWidth: Int
    /// Colour frames: the video model's square RGB frames (`frameWidth`×`frameWidth`, no
    /// blur), so the two models predict the same pixels. Otherwise blurred grey frames in
    /// the camera's aspect ratio.
    public let color: Bool
    /// Numbers per pixel of the frames the encoder reads.
    var channels: Int { color ? 3 : 1 }

    public private(set) var pca: PCA?
    /// (2·dim + 1)×dim row-major: z_{t+1} = [z_t, z_{t−1}, 1] · dynamics.
    public private(set) var dynamics: [Double] = []
    /// Probe weights, one row of length 2·dim + 1 per (body index, factor), body-major.
    public private(set) var probes: [Double] = []
    /// Held-out R² per probe row.
    public private(set) var probeR2: [Double] = []
    /// Number of bodies the probes read.
    public private(set) var probedBodies = 0
    /// The body each probe block reads, by name (every name in the training scenes, in
    /// order of first appearance). Empty only for files written before bodies were found by
    /// name: then probe block k reads the scene's k-th body.
    public private(set) var probeNames: [String] = []
    /// Frame size the encoder expects.
    public private(set) var frameHeight = 0
    public private(set) var report: LatentTrainingReport?
    /// The common trainer's report (loss curves), when trained through `Trainer`.
    public private(set) var trainingReport: TrainingReport?
    /// Hidden width of the learned correction MLP (trained by `Trainer` on top of the
    /// ridge dynamics: z_{t+1} = linear(z_t, z_{t−1}) + MLP([z_t, z_{t−1}])).
    public let hidden: Int
    /// The learned correction and its normalisers, when trained through `Trainer`.
    public internal(set) var correction: (network: MLP, input: Normalizer, target: Normalizer)?

    /// A latent model with `dim` latent dimensions, fed frames `frameWidth` pixels wide.
    public init(dim: Int = 32, frameWidth: Int = LatentModel.defaultFrameWidth, hidden: Int = 64, color: Bool = false) throws {
        self.color = color
        guard hidden >= 1, hidden <= 4096 else { throw ModelError("latent hidden must be between 1 and 4096, got \(hidden)") }
        self.hidden = hidden
        guard dim >= 1, dim <= 256 else { throw ModelError("latent dim must be between 1 and 256, got \(dim)") }
        guard frameWidth >= 4, frameWidth <= 128 else {
            throw ModelError("latent frame width must be between 4 and 128 pixels, got \(frameWidth)")
        }
        self.dim = dim
        self.frameWidth = frameWidth
    }

    public var taxonomy: Taxonomy {
        Taxonomy(state: .explicit, memory: .latent, dynamics: .autoregressive,
                 summary: "PCA codes of \(color ? "\(frameWidth)×\(frameWidth) RGB" : "\(frameWidth)-pixel grey") frames, recurrent latent dynamics on [z_t, z_t-1] (ridge least squares plus a learned MLP correction), linear probes to body positions")
    }

    public var hyperparameters: [String: Double] {
        ["dim": Double(dim), "frame_width": Double(frameWidth), "frame_height": Double(frameHeight),
         "probed_bodies": Double(probedBodies), "hidden": Double(hidden), "color": color ? 1 : 0]
    }
    public var isTrained: Bool { pca != nil }
    public var contextLength: Int { 2 }

    // MARK: - Frames

    /// The grey frame (values in [0, 1], row-major, `frameWidth` wide) the scene's camera
    /// shows for `state`, without the time stamp.
    /// Colour models: the video model's RGB frame, pixel-interleaved, in [0, 1].
    public func frame(scene: Scene, state: WorldState) throws -> (pixels: [Double], height: Int) {
        if color {
            let bytes = try VideoModel.frame(scene: scene, state: state, size: frameWidth)
            return (bytes.map { Double($0) / 255 }, frameWidth)
        }
        let spec = scene.camera
        let camera = try Camera(center: spec.center(at: state.time), size: spec.size,
                                pixelsPerUnit: Double(frameWidth) / spec.size.x)
        let image = Rasterizer(camera: camera, background: WorldDrawing.background)
            .render(WorldDrawing.commands(scene: scene, state: state, camera: camera, timeStamp: false))
        var grey = [Double](repeating: 0, count: image.width * image.height)
        let p = image.pixels
        for i in 0..<grey.count {
            // Rec. 601 luma: colours stay distinguishable as different greys.
            grey[i] = (0.299 * Double(p[3 * i]) + 0.587 * Double(p[3 * i + 1]) + 0.114 * Double(p[3 * i + 2])) / 255
        }
        return (Self.blurred(grey, width: image.width, height: image.height), image.height)
    }

    /// Blur radius in pixels (two box passes each way, close to a Gaussian). A small blob
    /// becomes a smooth bump whose position a linear probe of the PCA code can read.
    static let blurRadius = 2

    /// Two passes of a separable box blur with edge clamping.
    static func blurred(_ pixels: [Double], width w: Int, height h: Int) -> [Double] {
        var a = pixels, b = pixels
        let r = blurRadius, norm = 1 / Double(2 * r + 1)
        for _ in 0..<2 {
            for y in 0..<h {
                for x in 0..<w {
                    var sum = 0.0
                    for dx in -r...r { sum += a[y * w + min(max(x + dx, 0), w - 1)] }
                    b[y * w + x] = sum * norm
                }
            }
            for y in 0..<h {
                for x in 0..<w {
                    var sum = 0.0
                    for dy in -r...r { sum += b[min(max(y + dy, 0), h - 1) * w + x] }
                    a[y * w + x] = sum * norm
                }
            }
        }
        return a
    }

    /// An image of a grey frame vector (clamped to [0, 1]).
    public func image(ofFrame pixels: [Double]) throws -> Image {
        if color {
            let bytes = pixels.map { UInt8((min(max($0.isFinite ? $0 : 0, 0), 1) * 255).rounded()) }
            return try Image(width: frameWidth, height: max(1, frameHeight), pixels: bytes)
        }
        var bytes = [UInt8](repeating: 0, count: pixels.count * 3)
        for (i, v) in pixels.enumerated() {
            let b = UInt8((min(max(v.isFinite ? v : 0, 0), 1) * 255).rounded())
            bytes[3 * i] = b; bytes[3 * i + 1] = b; bytes[3 * i + 2] = b
        }
        return try Image(width: frameWidth, height: max(1, frameHeight), pixels: bytes)
    }

    // MARK: - Training

    /// Fits the encoder, the latent dynamics and the probes on simulated rollouts; the
    /// last fifth of the rollouts (at least one) is held out for the report. Refuses, with
    /// the estimate, rollouts whose fit would need more than `memoryLimit` bytes.
    @discardableResult
    public func train(on rollouts: [Rollout], memoryLimit: Int = TrainingOptions.defaultMemoryLimit) throws -> LatentTrainingReport {
        guard rollouts.count >= 2 else { throw ModelError("latent: training needs at least 2 rollouts, got \(rollouts.count)") }
        let heldOut = max(1, Int(Double(rollouts.count) * Self.heldOutFraction))
        let trainSet = Array(rollouts[..<(rollouts.count - heldOut)])
        let testSet = Array(rollouts[(rollouts.count - heldOut)...])
        if let refusal = try memoryEstimate(training: trainSet, heldOut: testSet)?.refusal(kind: kind, limit: memoryLimit) {
            throw refusal
        }
        return try fit(training: trainSet, heldOut: testSet)
    }

    /// Fits on `trainSet` and measures on `testSet` (which may be empty: no R², no error).
    @discardableResult
    public func fit(training trainSet: [Rollout], heldOut testSet: [Rollout]) throws -> LatentTrainingReport {
        guard !trainSet.isEmpty else { throw ModelError("latent: training needs at least one rollout") }
        var names: [String] = []
        for r in trainSet { for b in r.scene.bodies where !names.contains(b.name) { names.append(b.name) } }
        guard !names.isEmpty else { throw ModelError("latent: training scenes have no bodies") }
        let bodyCount = names.count

        // Frames of every state, one row each.
        var frames: [[Double]] = []
        var height = -1
        func framesOf(_ r: Rollout) throws -> [[Double]] {
            try r.states.map { s in
                let f = try frame(scene: r.scene, state: s)
                if height < 0 { height = f.height }
                guard f.height == height else {
                    throw ModelError("latent: all training scenes need the same camera size (frame heights \(height) and \(f.height))")
                }
                return f.pixels
            }
        }
        let trainFrames = try trainSet.map(framesOf)
        let testFrames = try testSet.map(framesOf)
        frames = trainFrames.flatMap { $0 }
        let d = frames.first?.count ?? 0
        guard frames.count > dim, d >= dim else {
            throw ModelError("latent: \(frames.count) training frames of \(d) pixels are too few for dim \(dim)")
        }
        let encoder = try PCA(fitting: frames.flatMap { $0 }, count: frames.count, dimension: d, dim: dim)
        let trainCodes = trainFrames.map { seq in seq.map(encoder.encode) }
        let testCodes = testFrames.map { seq in seq.map(encoder.encode) }

        // Dynamics: [z_t, z_{t−1}, 1] → z_{t+1}.
        let p = 2 * dim + 1
        var x: [Double] = [], y: [Double] = []
        for seq in trainCodes where seq.count >= 3 {
            for t in 1..<(seq.count - 1) {
                x += seq[t] + seq[t - 1] + [1]
                y += seq[t + 1]
            }
        }
        let rows = y.count / dim
        guard rows > p else { throw ModelError("latent: rollouts are too short to fit the dynamics (need 3+ steps)") }
        let lambda = Self.relativeRidge * max(1e-12, encoder.variances.reduce(0, +) / Double(dim)) * Double(rows)
        let a = try RidgeRegression.fit(x: x, y: y, rows: rows, inputs: p, outputs: dim, ridge: lambda)

        // Probes: [z_t, z_{t−1}, 1] → x, y, vx, vy of each body *name*, fitted on the
        // training rollouts' states where a body of that name exists (any number of bodies).
        let factors = Self.probedFactors
        func probeData(_ sets: [Rollout], _ codes: [[[Double]]], body: String) -> (x: [Double], y: [Double], rows: Int) {
            var px: [Double] = [], py: [Double] = []
            for (r, seq) in zip(sets, codes) where seq.count >= 2 {
                guard let k = r.scene.bodies.firstIndex(where: { $0.name == body }) else { continue }
                for t in 1..<seq.count where k < r.states[t].bodies.count {
                    px += seq[t] + seq[t - 1] + [1]
                    let b = r.states[t].bodies[k]
                    py += [b.position.x, b.position.y, b.velocity.x, b.velocity.y]
                }
            }
            return (px, py, px.count / p)
        }
        let outputs = bodyCount * factors.count
        var probeRows = [Double](repeating: 0, count: outputs * p)
        var r2 = [Double](repeating: 0, count: outputs)
        for (k, name) in names.enumerated() {
            let trainProbe = probeData(trainSet, trainCodes, body: name)
            guard trainProbe.rows > 0 else { continue }   // only held-out scenes have it: no probe
            let probeLambda = lambda * Double(trainProbe.rows) / Double(rows)
            let w = try RidgeRegression.fit(x: trainProbe.x, y: trainProbe.y, rows: trainProbe.rows, inputs: p,
                                            outputs: factors.count, ridge: probeLambda)
            // Store probe rows (one per output) rather than the p×4 weight matrix.
            for i in 0..<p { for f in 0..<factors.count { probeRows[(k * factors.count + f) * p + i] = w[i * factors.count + f] } }
            let testProbe = probeData(testSet, testCodes, body: name)
            if testProbe.rows > 0 {
                let predicted = Matrix.product(Matrix(rows: testProbe.rows, cols: p, unchecked: testProbe.x),
                                               Matrix(rows: p, cols: factors.count, unchecked: w))
                for f in 0..<factors.count {
                    r2[k * factors.count + f] = RidgeRegression.rSquared(
                        predicted: (0..<testProbe.rows).map { predicted[$0, f] },
                        actual: (0..<testProbe.rows).map { testProbe.y[$0 * factors.count + f] })
                }
            }
        }

        pca = encoder
        dynamics = a
        probes = probeRows
        probeR2 = r2
        probedBodies = bodyCount
        probeNames = names
        frameHeight = height

        // One-step latent error (training and held out) against "nothing moves".
        func stepErrors(_ codes: [[[Double]]]) -> (model: Double, still: Double) {
            var stepError = 0.0, stillError = 0.0, count = 0
            for seq in codes where seq.count >= 3 {
                for t in 1..<(seq.count - 1) {
                    let next = advance(seq[t], seq[t - 1])
                    for i in 0..<dim {
                        stepError += (next[i] - seq[t + 1][i]) * (next[i] - seq[t + 1][i])
                        stillError += (seq[t][i] - seq[t + 1][i]) * (seq[t][i] - seq[t + 1][i])
                    }
                    count += 1
                }
            }
            let n = Double(max(1, count * dim))
            return (stepError / n, stillError / n)
        }
        let trainErrors = stepErrors(trainCodes), testErrors = stepErrors(testCodes)
        var keyed: [(key: String, r2: Double)] = []
        for k in 0..<bodyCount { for (f, name) in factors.enumerated() { keyed.append(("\(names[k]).\(name)", r2[k * factors.count + f])) } }
        let result = LatentTrainingReport(
            explainedVariance: encoder.explainedVariance,
            trainingStepError: trainErrors.model,
            heldOutStepError: testErrors.model,
            heldOutStillError: testErrors.still,
            probeR2: keyed.sorted { $0.key < $1.key },
            trainingSequences: trainSet.count, heldOutSequences: testSet.count)
        report = result
        return result
    }

    /// Installs a saved fit (model files).
    func restore(pca: PCA, dynamics: [Double], probes: [Double], probeR2: [Double], probedBodies: Int,
                 frameHeight: Int, trainingReport: TrainingReport?, probeNames: [String] = []) throws {
        guard pca.dim == dim, pca.inputDimension == frameWidth * frameHeight * channels else {
            throw ModelError("latent model file: the encoder does not match dim \(dim) and \(frameWidth)×\(frameHeight) frames")
        }
        self.pca = pca
        self.dynamics = dynamics
        self.probes = probes
        self.probeR2 = probeR2
        self.probedBodies = probedBodies
        self.probeNames = probeNames
        self.frameHeight = frameHeight
        self.trainingReport = trainingReport
    }

    /// Takes over another latent model's fit (the trainer fits on a scratch model).
    func adopt(_ other: LatentModel, trainingReport: TrainingReport) {
        pca = other.pca
        dynamics = other.dynamics
        probes = other.probes
        probeR2 = other.probeR2
        probedBodies = other.probedBodies
        probeNames = other.probeNames
        frameHeight = other.frameHeight
        report = other.report
        correction = other.correction
        self.trainingReport = trainingReport
    }

    /// z_{t+1} from z_t and z_{t−1}.
    func advance(_ z: [Double], _ previous: [Double]) -> [Double] {
        var next = linearAdvance(z, previous)
        if let c = correction {
            let delta = c.target.invert(c.network.forward(c.input.apply(z + previous)))
            for i in 0..<dim { next[i] += delta[i] }
        }
        return next
    }

    /// The ridge-regression part of the dynamics alone.
    func linearAdvance(_ z: [Double], _ previous: [Double]) -> [Double] {
        let features = z + previous + [1]
        var next = [Double](repeating: 0, count: dim)
        BLAS.exclusive {
            cblas_dgemv(CblasRowMajor, CblasTrans, Int32(2 * dim + 1), Int32(dim), 1, dynamics, Int32(dim),
                        features, 1, 0, &next, 1)
        }
        return next
    }

    /// Latent codes of every state of each rollout (for training the correction).
    func codes(of rollouts: [Rollout]) throws -> [[[Double]]] {
        guard let encoder = pca else { throw ModelError("latent model is not fitted") }
        return try rollouts.map { r in
            try r.states.map { s in
                let f = try frame(scene: r.scene, state: s)
                guard f.pixels.count == encoder.inputDimension else {
                    throw ModelError("latent: all training scenes need the same camera size")
                }
                return encoder.encode(f.pixels)
            }
        }
    }

    // MARK: - WorldModel

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let encoder = pca else { throw ModelError("latent model is not trained; call train first") }
        guard let last = context.last else { throw ModelError("latent: start needs at least one context observation") }
        func code(_ o: Observation) throws -> [Double] {
            let f = try frame(scene: scene, state: o.source)
            guard f.pixels.count == encoder.inputDimension else {
                throw ModelError("latent: this scene's camera gives \(frameWidth)×\(f.height) frames; the model was trained on \(frameWidth)×\(frameHeight)")
            }
            return encoder.encode(f.pixels)
        }
        let z = try code(last)
        let previous = context.count >= 2 ? try code(context[context.count - 2]) : z
        return LatentState(step: last.step, time: last.time, dt: scene.dt, z: z, previous: previous,
                           template: last.source.bodies)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try own(state)
        let next = advance(s.z, s.previous)
        guard next.allSatisfy(\.isFinite) else { throw ModelError("latent: the latent state diverged at step \(s.step &+ 1)") }
        s.previous = s.z
        s.z = next
        s.step &+= 1
        s.time += s.dt
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        let s = try own(state)
        let values = probeValues(s)
        let n = Self.probedFactors.count
        var bodies: [BodyState] = []
        for var b in s.template {
            guard let k = probeIndex(of: b.name, in: s.template), (k + 1) * n <= values.count else { continue }
            b.position = Vec2(values[k * n], values[k * n + 1])
            b.velocity = Vec2(values[k * n + 2], values[k * n + 3])
            b.visible = true
            bodies.append(b)
        }
        return WorldState(step: s.step, time: s.time, bodies: bodies)
    }

    /// The frame the model believes the camera shows (grey, `frameWidth` wide).
    public func decodeFrame(_ state: any ModelState) throws -> [Double] {
        let s = try own(state)
        guard let encoder = pca else { throw ModelError("latent model is not trained") }
        return encoder.decode(s.z)
    }

    /// The probe block that reads the body called `name` in a scene of `template`'s bodies.
    func probeIndex(of name: String, in template: [BodyState]) -> Int? {
        if probeNames.isEmpty {
            guard let k = template.firstIndex(where: { $0.name == name }), k < probedBodies else { return nil }
            return k
        }
        return probeNames.firstIndex(of: name)
    }

    /// Every probe's prediction for the state, body-major in `probedFactors` order.
    func probeValues(_ s: LatentState) -> [Double] {
        let p = 2 * dim + 1
        let rows = probes.count / p
        guard rows > 0 else { return [] }
        var out = [Double](repeating: 0, count: rows)
        BLAS.exclusive { cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(p), 1, probes, Int32(p), s.features, 1, 0, &out, 1) }
        return out
    }

    func own(_ state: any ModelState) throws -> LatentState {
        guard let s = state as? LatentState, s.z.count == dim, s.previous.count == dim else {
            throw ModelError("latent: not a state of this latent model")
        }
        return s
    }
}
