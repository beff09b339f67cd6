// MARK: - Training the video model under the common trainer
//
// Examples are windows of a rollout: `window` context frames and the `horizon`
// frames after them, starting at every step where they fit. The loss of a minibatch
// is the multi-step pixel MSE of `VideoNetwork.sequenceLoss`, computed in chunks of
// `chunkSize` examples (bounding the activations kept for the backward pass) and
// averaged. The held-out loss — what early stopping and the kept weights follow — is
// the pixel MSE of the *predicted* frames alone on up to `heldOutExamples` evenly
// spaced held-out windows: a rollout error over the training horizon, not a one-step
// or reconstruction error. After training, the probes are fitted (closed form).

extension VideoModel: TrainableModel {
    /// Examples per forward/backward pass inside a minibatch.
    static let chunkSize = 8
    /// Held-out windows measured after every epoch (evenly spaced).
    static let heldOutExamples = 48
    /// Ridge penalty of the probes, relative to the mean feature variance and the row count.
    static let probeRidge = 1e-4

    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try VideoTrainingSession(model: self, dataset: dataset, seed: seed, profile: profile)
    }

    public func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate? {
        let s = architecture.size, c = architecture.channels
        let states = dataset.rollouts.reduce(0) { $0 &+ $1.states.count }
        let frameBytes = Double(states) * Double(3 * s * s)
        // Per image in a chunk: the frame, im2col patches and maps of each layer, both ways.
        let perImage = 8.0 * (40.0 * Double(s * s) + 3.0 * Double(c * s * s))
        let images = Double(Self.chunkSize * (contextSteps + horizon))
        let bytes = frameBytes + perImage * images * 2
        return MemoryEstimate(bytes: bytes >= 9e18 ? Int.max : Int(bytes),
                              detail: "\(states) frames of \(s)×\(s) RGB pixels and chunks of \(Self.chunkSize) examples of \(contextSteps + horizon) frames")
    }

    /// Context frames per training example.
    var contextSteps: Int { max(architecture.window, architecture.isRecurrent ? 2 : 1) }
    /// Frames per training example: context and predicted.
    public var trainingExampleFrames: (context: Int, predicted: Int) { (contextSteps, horizon) }

    /// Installs a trained network and fits the probes on the dataset's rollouts.
    func install(_ net: VideoNetwork, frames: [[[UInt8]]], dataset: Dataset, report: TrainingReport?) throws {
        network = net
        trainingReport = report
        probes = try fitProbes(frames: frames, dataset: dataset)
    }

    /// One linear probe per body name: [z_t, z_{t−1}, 1] → x, y, vx, vy, fitted by ridge
    /// regression on the training rollouts' states where the body exists; R² on held-out ones.
    func fitProbes(frames: [[[UInt8]]], dataset: Dataset) throws -> [VideoProbe] {
        let codes = try frames.map { try encode($0) }
        let p = 2 * architecture.dim + 1
        var names: [String] = []
        for r in dataset.rollouts { for b in r.scene.bodies where !names.contains(b.name) { names.append(b.name) } }
        func rows(_ indices: Range<Int>, body: String) -> (x: [Double], y: [Double], n: Int) {
            var x: [Double] = [], y: [Double] = []
            for i in indices {
                let r = dataset.rollouts[i]
                guard let k = r.scene.bodies.firstIndex(where: { $0.name == body }) else { continue }
                for t in 1..<r.states.count where k < r.states[t].bodies.count {
                    x += codes[i][t] + codes[i][t - 1] + [1]
                    let b = r.states[t].bodies[k]
                    y += [b.position.x, b.position.y, b.velocity.x, b.velocity.y]
                }
            }
            return (x, y, x.count / p)
        }
        var out: [VideoProbe] = []
        for name in names {
            let train = rows(dataset.trainingIndices, body: name)
            guard train.n > p else { continue }
            out.append(try VideoProbe(fitting: name, inputs: p, training: train, heldOut: rows(dataset.heldOutIndices, body: name)))
        }
        return out
    }
}

/// The trainer's view of a video model.
final class VideoTrainingSession: TrainingSession {
    private let model: VideoModel
    private let dataset: Dataset
    private var network: VideoNetwork
    private let frames: [[[UInt8]]]
    /// (rollout, first frame) of every training example.
    private let examples: [(rollout: Int, start: Int)]
    private let heldOut: [(rollout: Int, start: Int)]
    private let profile: LearningProfile?
    /// Normalised x, y, vx, vy of each supervised body slot, per rollout and step (NaN
    /// where the body is absent); empty when the loss has no state term.
    private let states: [[[Double]]]
    private let stateCount: Int

    init(model: VideoModel, dataset: Dataset, seed: UInt64, profile: LearningProfile?) throws {
        self.model = model
        self.dataset = dataset
        self.profile = profile
        let size = model.architecture.size
        let rendered = try dataset.rollouts.map { r in try r.states.map { try VideoModel.frame(scene: r.scene, state: $0, size: size) } }
        frames = rendered
        let length = model.contextSteps + model.horizon
        func windows(_ indices: Range<Int>) -> [(rollout: Int, start: Int)] {
            indices.flatMap { i in (0..<max(0, rendered[i].count - length + 1)).map { (i, $0) } }
        }
        examples = windows(dataset.trainingIndices)
        let allHeld = windows(dataset.heldOutIndices)
        let n = min(VideoModel.heldOutExamples, allHeld.count)
        heldOut = (0..<n).map { allHeld[$0 * allHeld.count / max(1, n)] }
        (states, stateCount) = model.loss.stateWeight > 0
            ? Self.stateTargets(dataset: dataset, dim: model.architecture.dim) : ([], 0)
        var random = RandomStream(seed: seed)
        network = try VideoNetwork(architecture: model.architecture, random: &random)
    }

    /// The state-supervision targets: body slot k (the k-th name in order of first
    /// appearance, as the probes find bodies) fills latent coordinates 4k…4k+3 with x, y,
    /// vx, vy, each normalised by its mean and deviation over the training rollouts;
    /// as many slots as fit in `dim`.
    static func stateTargets(dataset: Dataset, dim: Int) -> (targets: [[[Double]]], count: Int) {
        var names: [String] = []
        for r in dataset.rollouts { for b in r.scene.bodies where !names.contains(b.name) { names.append(b.name) } }
        let slots = min(names.count, dim / 4)
        guard slots > 0 else { return ([], 0) }
        func factors(_ b: BodyState) -> [Double] { [b.position.x, b.position.y, b.velocity.x, b.velocity.y] }
        var sum = [Double](repeating: 0, count: 4), square = sum, n = 0.0
        for i in dataset.trainingIndices {
            for state in dataset.rollouts[i].states {
                for b in state.bodies where names.prefix(slots).contains(b.name) {
                    let v = factors(b)
                    for f in 0..<4 { sum[f] += v[f]; square[f] += v[f] * v[f] }
                    n += 1
                }
            }
        }
        let mean = sum.map { $0 / max(1, n) }
        let deviation = (0..<4).map { f in max(1e-6, (square[f] / max(1, n) - mean[f] * mean[f]).squareRoot()) }
        let targets = dataset.rollouts.map { r in
            r.states.map { state in
                var row = [Double](repeating: .nan, count: 4 * slots)
                for (k, name) in names.prefix(slots).enumerated() {
                    guard let b = state.bodies.first(where: { $0.name == name }) else { continue }
                    let v = factors(b)
                    for f in 0..<4 where v[f].isFinite { row[4 * k + f] = (v[f] - mean[f]) / deviation[f] }
                }
                return row
            }
        }
        return (targets, 4 * slots)
    }

    var trainingExampleCount: Int { examples.count }

    var parameters: [Matrix] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    /// The frames of a chunk of examples, step-major (image t·B + e).
    private func batch(_ chunk: [(rollout: Int, start: Int)]) -> Matrix {
        let length = model.contextSteps + model.horizon
        var list: [[UInt8]] = []
        list.reserveCapacity(length * chunk.count)
        for t in 0..<length { for e in chunk { list.append(frames[e.rollout][e.start + t]) } }
        return VideoModel.batch(list, size: model.architecture.size)
    }

    /// The state targets of a chunk, step-major like `batch`.
    private func stateBatch(_ chunk: [(rollout: Int, start: Int)]) -> Matrix {
        let length = model.contextSteps + model.horizon
        var out = Matrix(rows: length * chunk.count, cols: stateCount)
        for t in 0..<length {
            for (e, example) in chunk.enumerated() {
                let row = states[example.rollout][example.start + t]
                for k in 0..<stateCount { out[t * chunk.count + e, k] = row[k] }
            }
        }
        return out
    }

    private func run(_ chosen: [(rollout: Int, start: Int)], gradients: Bool) -> (loss: Double, prediction: Double, gradients: [Matrix]?) {
        var loss = 0.0, prediction = 0.0
        var sum: [Matrix]? = nil
        var start = 0
        while start < chosen.count {
            let end = min(chosen.count, start + VideoModel.chunkSize)
            let chunk = Array(chosen[start..<end])
            let frames = profile.measure(.elementwise) { batch(chunk) }
            let targets = stateCount > 0 ? profile.measure(.elementwise) { stateBatch(chunk) } : nil
            let r = network.sequenceLoss(frames: frames, batch: chunk.count, contextSteps: model.contextSteps,
                                         horizon: model.horizon, wantGradients: gradients, weighting: model.loss,
                                         states: targets, profile: profile)
            let w = Double(chunk.count) / Double(chosen.count)
            loss += r.loss * w
            prediction += r.predictionMSE * w
            if let g = r.gradients {
                profile.measure(.elementwise) {
                    if sum == nil { sum = g.map { $0 * w } } else {
                        for i in 0..<g.count {
                            sum![i].values.withUnsafeMutableBufferPointer { s in
                                for j in 0..<s.count { s[j] += g[i].values[j] * w }
                            }
                        }
                    }
                }
            }
            start = end
        }
        return (loss, prediction, sum)
    }

    func lossAndGradients(examples chosen: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        let r = run(chosen.map { examples[$0] }, gradients: true)
        return (r.loss, r.gradients ?? network.parameters.map { Matrix(rows: $0.rows, cols: $0.cols) })
    }

    /// Pixel MSE of the predicted frames (all `horizon` of them) on held-out windows.
    func heldOutLoss() throws -> Double? {
        heldOut.isEmpty ? nil : run(heldOut, gradients: false).prediction
    }

    func finish(report: TrainingReport) throws {
        try model.install(network, frames: frames, dataset: dataset, report: report)
    }
}

extension VideoProbe {
    /// A ridge probe (inputs p, the last a constant 1) → x, y, vx, vy, with R² on held-out rows
    /// (NaN when there are none). The ridge scales with the inputs' mean variance.
    init(fitting body: String, inputs p: Int, training train: (x: [Double], y: [Double], n: Int),
         heldOut held: (x: [Double], y: [Double], n: Int)) throws {
        var variance = 0.0
        for j in 0..<(p - 1) {
            var mean = 0.0, sq = 0.0
            for r in 0..<train.n { mean += train.x[r * p + j] }
            mean /= Double(train.n)
            for r in 0..<train.n { let d = train.x[r * p + j] - mean; sq += d * d }
            variance += sq / Double(train.n)
        }
        let lambda = VideoModel.probeRidge * max(1e-12, variance / Double(p - 1)) * Double(train.n)
        let weights = Matrix(rows: p, cols: 4, unchecked: try RidgeRegression.fit(x: train.x, y: train.y, rows: train.n,
                                                                                 inputs: p, outputs: 4, ridge: lambda))
        var r2 = [Double](repeating: .nan, count: 4)
        if held.n > 0 {
            let predicted = Matrix.product(Matrix(rows: held.n, cols: p, unchecked: held.x), weights)
            for f in 0..<4 {
                r2[f] = RidgeRegression.rSquared(predicted: (0..<held.n).map { predicted[$0, f] },
                                                 actual: (0..<held.n).map { held.y[$0 * 4 + f] })
            }
        }
        self.init(body: body, weights: weights, r2: r2)
    }
}
