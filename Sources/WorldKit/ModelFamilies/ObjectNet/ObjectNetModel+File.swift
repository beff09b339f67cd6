// MARK: - Saving and loading the object-slot model (.orrm)
//
// Tensors: the relational and object MLPs (`relational.w0`, `relational.b0`, …,
// `object.w0`, …) and the three normalisers (`norm.relation.mean`, `.scale`, and
// likewise `norm.object`, `norm.target`). Hyperparameter: `hidden`.

extension ObjectNetModel: PersistentModel {
    public func tensors() -> [NamedTensor] {
        guard let net = network else { return [] }
        var out = (net.relational.tensors(prefix: "relational") + net.object.tensors(prefix: "object"))
            .map { NamedTensor($0.name, $0.value) }
        for (name, n) in [("relation", relationNormalizer), ("object", objectNormalizer), ("target", targetNormalizer)] {
            out.append(NamedTensor("norm.\(name).mean", n.mean))
            out.append(NamedTensor("norm.\(name).scale", n.scale))
        }
        return out
    }

    /// Rebuilds a trained model from a model file's record.
    public convenience init(record: ModelRecord) throws {
        try self.init(hidden: record.integer("hidden", in: 1...4096))
        let byName = record.tensorsByName
        let network = try InteractionNetwork(
            relational: MLP(tensors: byName, prefix: "relational", activation: .relu),
            object: MLP(tensors: byName, prefix: "object", activation: .relu))
        func normalizer(_ name: String) throws -> Normalizer {
            try Normalizer(mean: record.tensor("norm.\(name).mean"), scale: record.tensor("norm.\(name).scale"))
        }
        try install(network: network, relation: normalizer("relation"), object: normalizer("object"),
                    target: normalizer("target"), report: record.training)
    }
}
