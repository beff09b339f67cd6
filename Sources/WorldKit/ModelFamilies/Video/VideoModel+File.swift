// MARK: - Saving and loading the video model (.orrm)
//
// Hyperparameters: `size`, `channels`, `dim`, `window`, `memory`, `hidden`, `horizon`
// and `format` (the video layout version, 1). Tensors: `down0.w` … `up2.b` and
// `dynamics.w0` … (VideoNetwork.tensorNames), then per probed body `probe.NAME`
// ((2·dim + 1) × 4: x, y, vx, vy) and `probe_r2.NAME` (1 × 4). Every shape is checked
// on load against the hyperparameters. Layout in docs/model-format.md.

extension VideoModel: PersistentModel {
    public func tensors() -> [NamedTensor] {
        guard let network else { return [] }
        let names = VideoNetwork.tensorNames(dynamicsLayers: network.dynamics.layers.count)
        var out = zip(names, network.parameters).map { NamedTensor($0.0, $0.1) }
        for p in probes {
            out.append(NamedTensor("probe.\(p.body)", p.weights))
            out.append(NamedTensor("probe_r2.\(p.body)", Matrix(row: p.r2)))
        }
        return out
    }

    /// Rebuilds a trained model from a model file's record.
    public convenience init(record: ModelRecord) throws {
        let format = try record.integer("format", in: 1...1_000_000)
        guard format == Self.formatVersion else {
            throw ModelError("video model file: layout version \(format) is not supported (this Orrery reads \(Self.formatVersion))")
        }
        try self.init(size: record.integer("size", in: Self.sizes), channels: record.integer("channels", in: 1...64),
                      dim: record.integer("dim", in: 1...512), window: record.integer("window", in: 1...16),
                      memory: record.integer("memory", in: 0...512), hidden: record.integer("hidden", in: 1...4096),
                      horizon: record.integer("horizon", in: 1...64), anchored: record.integer("anchored", in: 0...1) == 1,
                      motionWeight: record.hyperparameters["motion_weight"] ?? 0,
                      stateWeight: record.hyperparameters["state_weight"] ?? 0)
        var random = RandomStream(seed: 0)
        var net = try VideoNetwork(architecture: architecture, random: &random)
        let names = VideoNetwork.tensorNames(dynamicsLayers: net.dynamics.layers.count)
        let shapes = net.parameters.map(\.shape)
        var values: [Matrix] = []
        for (name, shape) in zip(names, shapes) {
            let t = try record.tensor(name)
            guard t.shape == shape, t.values.allSatisfy(\.isFinite) else {
                throw ModelError("video model file: tensor '\(name)' is \(t.rows)×\(t.cols) (or not finite), expected \(shape[0])×\(shape[1])")
            }
            values.append(t)
        }
        net.parameters = values
        let p = 2 * architecture.dim + 1
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
        self.probes = probes
        trainingReport = record.training
    }
}
