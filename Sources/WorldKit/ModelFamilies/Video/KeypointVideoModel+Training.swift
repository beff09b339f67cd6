// MARK: - Training the keypoint video model under the common trainer
//
// A training example is a frame and the W frames before it (W = window). Its loss has
// two parts over disjoint parameters:
// - keypoints: the encoder's keypoint k on the example's last frame against the image
//   position of body slot k (pixels², mean over the slots whose body is in the frame);
// - dynamics: the MLP's predicted displacement from the W earlier keypoint sets to the
//   last frame's (pixels², × `dynamicsWeight`), all taken from the encoder itself.
// The dynamics read keypoints from a cache of every training frame's keypoints, which
// each example refreshes for its last frame when its encoder runs (so the dynamics
// follow the encoder at most one epoch behind, and one frame is encoded per example
// instead of W + 1). The held-out loss encodes its frames afresh. After training the
// probes are fitted on freshly encoded keypoints (closed form, held-out R²).

extension KeypointVideoModel: TrainableModel {
    static let chunkSize = 16
    static let heldOutExamples = 64
    static let dynamicsWeight = 100.0

    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try KeypointTrainingSession(model: self, dataset: dataset, seed: seed, profile: profile)
    }

    public func trainingMemoryEstimate(dataset: Dataset) throws -> MemoryEstimate? {
        let s = architecture.size, c = architecture.channels
        let states = dataset.rollouts.reduce(0) { $0 &+ $1.states.count }
        let perImage = 8.0 * Double(s * s) * Double(27 + 9 * c + 2 * c + 4 * architecture.keypoints)
        let bytes = Double(states) * Double(3 * s * s) + perImage * Double(Self.chunkSize) * 2
        return MemoryEstimate(bytes: bytes >= 9e18 ? Int.max : Int(bytes),
                              detail: "\(states) frames of \(s)×\(s) RGB pixels and chunks of \(Self.chunkSize) frames")
    }

    /// Body names in order of first appearance: slot k follows the k-th.
    static func slotNames(_ dataset: Dataset, keypoints: Int) -> [String] {
        var names: [String] = []
        for r in dataset.rollouts { for b in r.scene.bodies where !names.contains(b.name) { names.append(b.name) } }
        return Array(names.prefix(keypoints))
    }

    /// The image position (pixels) of each slot's body in a state, nil where absent or outside the frame.
    static func targets(scene: Scene, state: WorldState, slots: [String], size: Int) throws -> [Vec2?] {
        let spec = scene.camera
        let side = max(spec.size.x, spec.size.y)
        let camera = try Camera(center: spec.center(at: state.time), size: Vec2(side, side), pixelsPerUnit: Double(size) / side)
        return slots.map { name in
            guard let b = state.bodies.first(where: { $0.name == name }), b.visible else { return nil }
            let p = camera.pixelPosition(of: b.position)
            guard p.x.isFinite, p.y.isFinite, p.x >= 0, p.y >= 0, p.x <= Double(size), p.y <= Double(size) else { return nil }
            return p
        }
    }

    /// One linear probe per body name: the dynamics' features + 1 → x, y, vx, vy.
    func fitProbes(keypoints codes: [[[Double]]], dataset: Dataset) throws -> [VideoProbe] {
        let net = try trained()
        let w = architecture.window, p = architecture.featureCount + 1
        func rows(_ indices: Range<Int>, body: String) -> (x: [Double], y: [Double], n: Int) {
            var x: [Double] = [], y: [Double] = []
            for i in indices {
                let r = dataset.rollouts[i]
                guard let k = r.scene.bodies.firstIndex(where: { $0.name == body }) else { continue }
                let present = self.present(names: r.scene.bodies.map(\.name))
                for t in (w - 1)..<r.states.count where k < r.states[t].bodies.count {
                    x += net.features(Array(codes[i][(t - w + 1)...t]), present: present) + [1]
                    let b = r.states[t].bodies[k]
                    y += [b.position.x, b.position.y, b.velocity.x, b.velocity.y]
                }
            }
            return (x, y, x.count / p)
        }
        var out: [VideoProbe] = []
        for name in slots {
            let train = rows(dataset.trainingIndices, body: name)
            guard train.n > p else { continue }
            out.append(try VideoProbe(fitting: name, inputs: p, training: train, heldOut: rows(dataset.heldOutIndices, body: name)))
        }
        return out
    }
}

/// The trainer's view of a keypoint video model.
final class KeypointTrainingSession: TrainingSession {
    private let model: KeypointVideoModel
    private let dataset: Dataset
    private var network: KeypointNetwork
    private let frames: [[[UInt8]]]
    private let slots: [String]
    /// Per rollout and step: each slot's target image position (nil: not supervised).
    private let targets: [[[Vec2?]]]
    /// Per rollout: which slots name one of its bodies.
    private let present: [[Bool]]
    /// (rollout, last frame) of every example.
    private let examples: [(rollout: Int, step: Int)]
    private let heldOut: [(rollout: Int, step: Int)]
    /// The keypoints of every frame as the encoder last saw it.
    private var cache: [[[Double]]]
    private let profile: LearningProfile?

    init(model: KeypointVideoModel, dataset: Dataset, seed: UInt64, profile: LearningProfile?) throws {
        self.model = model
        self.dataset = dataset
        self.profile = profile
        let a = model.architecture
        let rendered = try dataset.rollouts.map { r in try r.states.map { try VideoModel.frame(scene: r.scene, state: $0, size: a.size) } }
        frames = rendered
        let names = KeypointVideoModel.slotNames(dataset, keypoints: a.keypoints)
        guard !names.isEmpty else { throw ModelError("video: the training rollouts have no bodies for the keypoints to follow") }
        slots = names
        targets = try dataset.rollouts.map { r in
            try r.states.map { try KeypointVideoModel.targets(scene: r.scene, state: $0, slots: names, size: a.size) }
        }
        present = dataset.rollouts.map { r in (0..<a.keypoints).map { k in k < names.count && r.scene.bodies.contains { $0.name == names[k] } } }
        func windows(_ indices: Range<Int>) -> [(rollout: Int, step: Int)] {
            indices.flatMap { i in (min(a.window, rendered[i].count)..<rendered[i].count).map { (i, $0) } }
        }
        examples = windows(dataset.trainingIndices)
        guard !examples.isEmpty else {
            throw ModelError("video: training rollouts need more than \(a.window) steps (the keypoint window) to make an example")
        }
        let allHeld = windows(dataset.heldOutIndices)
        let n = min(KeypointVideoModel.heldOutExamples, allHeld.count)
        heldOut = (0..<n).map { allHeld[$0 * allHeld.count / max(1, n)] }
        var random = RandomStream(seed: seed)
        network = try KeypointNetwork(architecture: a, random: &random)
        let net = network
        cache = rendered.map { KeypointVideoModel.keypoints(net, $0) }
    }

    var trainingExampleCount: Int { examples.count }

    var parameters: [Matrix] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    /// Loss (and gradients) of a list of examples; `fresh` encodes every window frame
    /// instead of reading the cache (held-out), and `refresh` writes the cache.
    private func run(_ chosen: [(rollout: Int, step: Int)], gradients: Bool, fresh: Bool) -> (loss: Double, gradients: [Matrix]?) {
        let a = model.architecture, k = a.keypoints
        var total = 0.0
        var sum: [Matrix]? = nil
        var start = 0
        while start < chosen.count {
            let end = min(chosen.count, start + KeypointVideoModel.chunkSize)
            let chunk = Array(chosen[start..<end])
            let n = chunk.count
            let batch = profile.measure(.elementwise) { VideoModel.batch(chunk.map { frames[$0.rollout][$0.step] }, size: a.size) }
            let trace = network.encode(batch, images: n, profile: profile)
            // Keypoint loss on the last frames.
            var dkp = Matrix(rows: n, cols: 2 * k)
            var kpLoss = 0.0, counted = 0
            for (e, ex) in chunk.enumerated() {
                for (slot, target) in targets[ex.rollout][ex.step].enumerated() {
                    guard let target else { continue }
                    let du = trace.keypoints[e, 2 * slot] - target.x, dv = trace.keypoints[e, 2 * slot + 1] - target.y
                    kpLoss += du * du + dv * dv
                    dkp[e, 2 * slot] = 2 * du
                    dkp[e, 2 * slot + 1] = 2 * dv
                    counted += 1
                }
            }
            let kpScale = 1 / Double(max(1, counted))
            kpLoss *= kpScale
            if !fresh { for (e, ex) in chunk.enumerated() { cache[ex.rollout][ex.step] = trace.keypoints.row(e) } }
            // Dynamics loss: the W keypoint sets before each last frame → its keypoints.
            var windows: [[[Double]]] = []
            if fresh {
                for ex in chunk {
                    let list = (ex.step - a.window)..<ex.step
                    windows.append(KeypointVideoModel.keypoints(network, list.map { frames[ex.rollout][$0] }))
                }
            } else {
                windows = chunk.map { Array(cache[$0.rollout][($0.step - a.window)..<$0.step]) }
            }
            var input = Matrix(rows: n, cols: a.featureCount)
            var dOut = Matrix(rows: n, cols: 2 * k)
            for (e, ex) in chunk.enumerated() {
                let f = network.features(windows[e], present: present[ex.rollout])
                for j in 0..<f.count { input[e, j] = f[j] }
            }
            let dynTrace = profile.measure(.gemm) { network.dynamics.forwardTrace(input) }
            var dynLoss = 0.0, terms = 0
            for (e, ex) in chunk.enumerated() {
                let newest = windows[e][a.window - 1]
                let target = fresh ? trace.keypoints.row(e) : cache[ex.rollout][ex.step]
                for slot in 0..<k where present[ex.rollout][slot] {
                    for c in 0..<2 {
                        let i = 2 * slot + c
                        let d = dynTrace.output[e, i] - (target[i] - newest[i])
                        dynLoss += d * d
                        dOut[e, i] = 2 * d
                        terms += 1
                    }
                }
            }
            let dynScale = KeypointVideoModel.dynamicsWeight / Double(max(1, terms))
            dynLoss *= dynScale
            let weight = Double(n) / Double(chosen.count)
            total += (kpLoss + dynLoss) * weight
            if gradients {
                dkp = dkp * kpScale
                dOut = dOut * dynScale
                let enc = network.encoderBackward(dkp, trace: trace, images: n, profile: profile)
                let dyn = profile.measure(.gemm) { network.dynamics.backward(dynTrace, outputGradient: dOut) }
                let g = (enc + dyn.parameters).map { $0 * weight }
                profile.measure(.elementwise) {
                    if sum == nil { sum = g } else { for i in 0..<g.count { sum![i] = sum![i] + g[i] } }
                }
            }
            start = end
        }
        return (total, sum)
    }

    func lossAndGradients(examples chosen: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        let r = run(chosen.map { examples[$0] }, gradients: true, fresh: false)
        return (r.loss, r.gradients ?? network.parameters.map { Matrix(rows: $0.rows, cols: $0.cols) })
    }

    func heldOutLoss() throws -> Double? {
        heldOut.isEmpty ? nil : run(heldOut, gradients: false, fresh: true).loss
    }

    func finish(report: TrainingReport) throws {
        model.network = network
        model.slots = slots
        model.trainingReport = report
        let net = network
        model.probes = try model.fitProbes(keypoints: frames.map { KeypointVideoModel.keypoints(net, $0) }, dataset: dataset)
    }
}

// MARK: - Model files
//
// Hyperparameters `size`, `keypoints`, `channels`, `window`, `hidden`, `reach` and
// `format` 2. Tensors `conv0.w` … `dynamics.b2`, `slot.NAME` (1 × 1: the slot index)
// and the probes `probe.NAME` ((2K·W + 1) × 4) and `probe_r2.NAME` (1 × 4).

extension KeypointVideoModel: PersistentModel {
    public func tensors() -> [NamedTensor] {
        guard let network else { return [] }
        let names = KeypointNetwork.tensorNames(dynamicsLayers: network.dynamics.layers.count)
        var out = zip(names, network.parameters).map { NamedTensor($0.0, $0.1) }
        for (k, name) in slots.enumerated() { out.append(NamedTensor("slot.\(name)", Matrix(row: [Double(k)]))) }
        for p in probes {
            out.append(NamedTensor("probe.\(p.body)", p.weights))
            out.append(NamedTensor("probe_r2.\(p.body)", Matrix(row: p.r2)))
        }
        return out
    }

    public convenience init(record: ModelRecord) throws {
        let format = try record.integer("format", in: 1...1_000_000)
        guard format == Self.formatVersion else {
            throw ModelError("video model file: keypoint layout version \(format) is not supported (this Orrery reads \(Self.formatVersion))")
        }
        guard let reach = record.hyperparameters["reach"] else { throw ModelError("video model file: hyperparameter 'reach' is missing") }
        try self.init(size: record.integer("size", in: VideoModel.sizes), keypoints: record.integer("keypoints", in: 1...16),
                      channels: record.integer("channels", in: 1...64), window: record.integer("window", in: 2...16),
                      hidden: record.integer("hidden", in: 1...4096), reach: reach)
        var random = RandomStream(seed: 0)
        var net = try KeypointNetwork(architecture: architecture, random: &random)
        let names = KeypointNetwork.tensorNames(dynamicsLayers: net.dynamics.layers.count)
        var values: [Matrix] = []
        for (name, shape) in zip(names, net.parameters.map(\.shape)) {
            let t = try record.tensor(name)
            guard t.shape == shape, t.values.allSatisfy(\.isFinite) else {
                throw ModelError("video model file: tensor '\(name)' is \(t.rows)×\(t.cols) (or not finite), expected \(shape[0])×\(shape[1])")
            }
            values.append(t)
        }
        net.parameters = values
        var slotList: [(Int, String)] = []
        for t in record.tensors where t.name.hasPrefix("slot.") {
            let name = String(t.name.dropFirst("slot.".count))
            guard !name.isEmpty, t.value.count == 1, let v = t.value.values.first, v.isFinite,
                  v >= 0, v < Double(architecture.keypoints), v == v.rounded() else {
                throw ModelError("video model file: tensor '\(t.name)' must hold one slot index in 0..<\(architecture.keypoints)")
            }
            slotList.append((Int(v), name))
        }
        slotList.sort { $0.0 < $1.0 }
        guard slotList.enumerated().allSatisfy({ $0.offset == $0.element.0 }) else {
            throw ModelError("video model file: the slot.NAME tensors must number the slots 0, 1, … without gaps")
        }
        let p = architecture.featureCount + 1
        var probes: [VideoProbe] = []
        for t in record.tensors where t.name.hasPrefix("probe.") {
            let body = String(t.name.dropFirst("probe.".count))
            guard !body.isEmpty, t.value.rows == p, t.value.cols == 4, t.value.values.allSatisfy(\.isFinite) else {
                throw ModelError("video model file: tensor '\(t.name)' is \(t.value.rows)×\(t.value.cols), expected \(p)×4")
            }
            let r2 = try record.tensor("probe_r2.\(body)")
            guard r2.rows == 1, r2.cols == 4 else { throw ModelError("video model file: tensor 'probe_r2.\(body)' must be 1×4") }
            probes.append(VideoProbe(body: body, weights: t.value, r2: r2.values))
        }
        network = net
        slots = slotList.map(\.1)
        self.probes = probes
        trainingReport = record.training
    }
}
