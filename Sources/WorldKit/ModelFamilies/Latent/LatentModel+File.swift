// MARK: - Saving and loading the latent model (.orrm)
//
// Tensors: `pca.mean` (1×d), `pca.components` (k×d), `pca.variances` (1×k),
// `pca.explained` (1×1), `dynamics` ((2k+1)×k), `probes` (rows×(2k+1)),
// `probe_r2` (1×rows), `probe_name.NAME` (1×1: the probe block reading body NAME; files
// without them read bodies by index); when trained through `Trainer`, the dynamics correction MLP
// (`correction.w0`, `correction.b0`, …) and its normalisers (`norm.input.mean`,
// `.scale`, `norm.target.mean`, `.scale`). Hyperparameters: `dim`, `frame_width`,
// `frame_height`, `probed_bodies`, `hidden`, `color` (1: RGB frames; absent in older files: grey).

extension LatentModel: PersistentModel {
    public func tensors() -> [NamedTensor] {
        guard let pca else { return [] }
        let k = dim, d = pca.inputDimension, p = 2 * dim + 1
        var extra: [NamedTensor] = []
        if let c = correction {
            extra = c.network.tensors(prefix: "correction").map { NamedTensor($0.name, $0.value) }
            for (name, n) in [("input", c.input), ("target", c.target)] {
                extra.append(NamedTensor("norm.\(name).mean", n.mean))
                extra.append(NamedTensor("norm.\(name).scale", n.scale))
            }
        }
        return extra + [
            NamedTensor("pca.mean", Matrix(rows: 1, cols: d, unchecked: pca.mean)),
            NamedTensor("pca.components", Matrix(rows: k, cols: d, unchecked: pca.components)),
            NamedTensor("pca.variances", Matrix(rows: 1, cols: k, unchecked: pca.variances)),
            NamedTensor("pca.explained", Matrix(rows: 1, cols: 1, unchecked: [pca.explainedVariance])),
            NamedTensor("dynamics", Matrix(rows: p, cols: k, unchecked: dynamics)),
            NamedTensor("probes", Matrix(rows: probes.count / p, cols: p, unchecked: probes)),
            NamedTensor("probe_r2", Matrix(rows: 1, cols: probeR2.count, unchecked: probeR2)),
        ] + probeNames.enumerated().map { NamedTensor("probe_name.\($0.element)", Matrix(rows: 1, cols: 1, unchecked: [Double($0.offset)])) }
    }

    /// Rebuilds a trained model from a model file's record; every shape is checked.
    public convenience init(record: ModelRecord) throws {
        try self.init(dim: record.integer("dim", in: 1...256), frameWidth: record.integer("frame_width", in: 4...128),
                      hidden: record.integer("hidden", in: 1...4096),
                      color: (record.hyperparameters["color"] ?? 0) != 0)
        let height = try record.integer("frame_height", in: 1...4096)
        let bodies = try record.integer("probed_bodies", in: 1...10_000)
        let k = dim, d = frameWidth * height * channels, p = 2 * dim + 1, rows = bodies * Self.probedFactors.count
        func tensor(_ name: String, _ r: Int, _ c: Int) throws -> [Double] {
            let t = try record.tensor(name)
            guard t.rows == r, t.cols == c, t.values.allSatisfy(\.isFinite) else {
                throw ModelError("latent model file: tensor '\(name)' is \(t.rows)×\(t.cols) (or not finite), expected \(r)×\(c)")
            }
            return t.values
        }
        let pca = try PCA(mean: tensor("pca.mean", 1, d), components: tensor("pca.components", k, d),
                          variances: tensor("pca.variances", 1, k), explainedVariance: tensor("pca.explained", 1, 1)[0])
        // Probe blocks by body name (`probe_name.NAME`, 1×1: the block's index); files
        // without them read bodies by index.
        var names = [String?](repeating: nil, count: bodies)
        for t in record.tensors where t.name.hasPrefix("probe_name.") {
            let name = String(t.name.dropFirst("probe_name.".count))
            guard t.value.count == 1, let v = t.value.values.first, v == v.rounded(), v >= 0, v < Double(bodies),
                  names[Int(v)] == nil, !name.isEmpty else {
                throw ModelError("latent model file: tensor '\(t.name)' must be one distinct block index in 0..<\(bodies)")
            }
            names[Int(v)] = name
        }
        let probeNames = names.compactMap { $0 }
        guard probeNames.isEmpty || probeNames.count == bodies else {
            throw ModelError("latent model file: \(probeNames.count) probe names for \(bodies) probed bodies")
        }
        try restore(pca: pca, dynamics: tensor("dynamics", p, k), probes: tensor("probes", rows, p),
                    probeR2: tensor("probe_r2", 1, rows), probedBodies: bodies, frameHeight: height,
                    trainingReport: record.training, probeNames: probeNames)
        if record.tensors.contains(where: { $0.name == "correction.w0" }) {
            let net = try MLP(tensors: record.tensorsByName, prefix: "correction", activation: .tanh)
            guard net.inputSize == 2 * k, net.outputSize == k else {
                throw ModelError("latent model file: the correction network is \(net.inputSize)→\(net.outputSize), expected \(2 * k)→\(k)")
            }
            let input = try Normalizer(mean: record.tensor("norm.input.mean"), scale: record.tensor("norm.input.scale"))
            let target = try Normalizer(mean: record.tensor("norm.target.mean"), scale: record.tensor("norm.target.scale"))
            guard input.width == 2 * k, target.width == k else {
                throw ModelError("latent model file: correction normalisers have the wrong widths")
            }
            correction = (net, input, target)
        }
    }
}

extension PCA {
    /// A PCA from saved parts; throws unless the shapes agree.
    public init(mean: [Double], components: [Double], variances: [Double], explainedVariance: Double) throws {
        let d = mean.count, k = variances.count
        guard d >= 1, k >= 1, components.count == k * d else {
            throw ModelError("PCA: \(components.count) component values do not make \(k) components of length \(d)")
        }
        self.init(unchecked: mean, components: components, variances: variances, explainedVariance: explainedVariance)
    }
}
