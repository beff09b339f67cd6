// MARK: - Training the object-slot model
//
// Examples are simulator transitions: the slots of the true state at t (teacher
// forcing) and the true Δv = v_{t+1} − v_t of every moving body. One example is
// one whole world (all its relations and objects), so a minibatch of examples is
// one batched interaction-network pass.

/// Interaction-network examples, normalised, stored flat with per-example offsets.
public struct InteractionExamples: Sendable {
    public var relations: [Double] = []
    public var receivers: [Int] = []
    public var objects: [Double] = []
    public var targets: [Double] = []
    /// Start of each example's relation rows and object rows (one more entry than examples).
    public var relationStart: [Int] = [0]
    public var objectStart: [Int] = [0]

    public var count: Int { relationStart.count - 1 }

    /// Appends one world's raw rows; `receivers` index the world's own object rows.
    mutating func append(relations r: [Double], receivers rc: [Int], objects o: [Double], targets t: [Double]) {
        relations += r
        receivers += rc
        objects += o
        targets += t
        relationStart.append(receivers.count)
        objectStart.append(objects.count / InteractionNetwork.objectWidth)
    }

    /// The examples at `indices` as one batch (receivers re-indexed into the batch).
    public func batch(_ indices: [Int]) -> InteractionBatch {
        let rw = InteractionNetwork.relationWidth, ow = InteractionNetwork.objectWidth, tw = InteractionNetwork.outputWidth
        var rel: [Double] = [], rec: [Int] = [], obj: [Double] = [], tgt: [Double] = []
        var relationRows = 0, objectRows = 0
        for e in indices {
            relationRows += relationStart[e + 1] - relationStart[e]
            objectRows += objectStart[e + 1] - objectStart[e]
        }
        rel.reserveCapacity(relationRows * rw)
        rec.reserveCapacity(relationRows)
        obj.reserveCapacity(objectRows * ow)
        tgt.reserveCapacity(objectRows * tw)
        var objectBase = 0
        for e in indices {
            let r0 = relationStart[e], r1 = relationStart[e + 1]
            let o0 = objectStart[e], o1 = objectStart[e + 1]
            rel.append(contentsOf: relations[(r0 * rw)..<(r1 * rw)])
            for k in r0..<r1 { rec.append(receivers[k] + objectBase) }
            obj.append(contentsOf: objects[(o0 * ow)..<(o1 * ow)])
            tgt.append(contentsOf: targets[(o0 * tw)..<(o1 * tw)])
            objectBase += o1 - o0
        }
        return InteractionBatch(relations: Matrix(rows: rec.count, cols: rw, unchecked: rel), receivers: rec,
                                objects: Matrix(rows: objectBase, cols: ow, unchecked: obj),
                                targets: Matrix(rows: objectBase, cols: tw, unchecked: tgt))
    }

    /// Every example as one batch.
    public var all: InteractionBatch { batch(Array(0..<count)) }

    /// Transitions of `rollouts` (raw, unnormalised).
    static func transitions(_ rollouts: [Rollout]) -> InteractionExamples {
        var out = InteractionExamples()
        for r in rollouts {
            let statics = StaticCollider.of(r.scene)
            guard r.states.count >= 2 else { continue }
            for t in 0..<(r.states.count - 1) {
                let now = r.states[t], next = r.states[t + 1]
                guard now.bodies.count == next.bodies.count else { continue }
                let f = ObjectNetModel.features(slots: ObjectNetModel.slots(of: now, scene: r.scene), statics: statics, gravity: r.scene.gravity,
                                                dt: r.scene.dt)
                guard !f.moving.isEmpty else { continue }
                var targets: [Double] = []
                for i in f.moving {
                    let dv = next.bodies[i].velocity - now.bodies[i].velocity
                    targets += [dv.x, dv.y]
                }
                out.append(relations: f.relations, receivers: f.receivers, objects: f.objects, targets: targets)
            }
        }
        return out
    }

    /// The transitions of `rollouts`, normalised by normalisers fitted on them (benchmarks
    /// and experiments that drive the network directly), with those normalisers.
    public static func normalisedTransitions(of rollouts: [Rollout])
        -> (examples: InteractionExamples, relation: Normalizer, object: Normalizer, target: Normalizer) {
        let raw = transitions(rollouts)
        let rel = fit(raw.relations, width: InteractionNetwork.relationWidth)
        let obj = fit(raw.objects, width: InteractionNetwork.objectWidth)
        let tgt = fitTargets(raw.targets)
        return (raw.normalised(rel, obj, tgt), rel, obj, tgt)
    }

    /// Normalised copies (the normalisers come from the training examples).
    func normalised(_ rel: Normalizer, _ obj: Normalizer, _ tgt: Normalizer) -> InteractionExamples {
        var out = self
        out.relations = Self.apply(rel, relations)
        out.objects = Self.apply(obj, objects)
        out.targets = Self.apply(tgt, targets)
        return out
    }

    static func apply(_ n: Normalizer, _ flat: [Double]) -> [Double] {
        let w = n.width
        var out = flat
        for i in 0..<out.count { out[i] = (out[i] - n.mean.values[i % w]) / n.scale.values[i % w] }
        return out
    }

    static func fit(_ flat: [Double], width: Int) -> Normalizer {
        Normalizer(fitting: Matrix(rows: flat.count / width, cols: width, unchecked: flat))
    }

    /// The target normaliser: the velocity change's x and y are siblings, so a component
    /// constant in training (y of bodies that only roll) takes the other's scale instead of
    /// 1, and its errors are not weighed millions of times less (as for the other models).
    static func fitTargets(_ flat: [Double]) -> Normalizer {
        let width = InteractionNetwork.outputWidth
        return Normalizer(fitting: Matrix(rows: flat.count / width, cols: width, unchecked: flat), siblings: 0..<width)
    }
}

/// A dataset's transitions, normalised by statistics of the training ones (both training
/// sessions, one-step and unrolled, start from these).
struct ObjectNetTransitions {
    let relation: Normalizer, object: Normalizer, target: Normalizer
    let training: InteractionExamples
    let heldOut: InteractionExamples

    init(dataset: Dataset) throws {
        let trainRaw = InteractionExamples.transitions(dataset.trainingIndices.map { dataset.rollouts[$0] })
        let heldRaw = InteractionExamples.transitions(dataset.heldOutIndices.map { dataset.rollouts[$0] })
        guard trainRaw.count > 0 else {
            throw ModelError("objectnet: the dataset has no transitions with moving bodies to learn from")
        }
        guard trainRaw.relations.allSatisfy(\.isFinite), trainRaw.targets.allSatisfy(\.isFinite) else {
            throw ModelError("objectnet: training transitions contain non-finite values")
        }
        relation = InteractionExamples.fit(trainRaw.relations, width: InteractionNetwork.relationWidth)
        object = InteractionExamples.fit(trainRaw.objects, width: InteractionNetwork.objectWidth)
        target = InteractionExamples.fitTargets(trainRaw.targets)
        training = trainRaw.normalised(relation, object, target)
        heldOut = heldRaw.normalised(relation, object, target)
    }
}

/// The trainer's view of an object-slot model: batched interaction-network regression.
final class ObjectNetSession: TrainingSession {
    private(set) var network: InteractionNetwork
    let training: InteractionExamples
    let heldOut: InteractionExamples
    let relation: Normalizer, object: Normalizer, target: Normalizer
    private let model: ObjectNetModel

    init(model: ObjectNetModel, dataset: Dataset, seed: UInt64) throws {
        let data = try ObjectNetTransitions(dataset: dataset)
        (relation, object, target) = (data.relation, data.object, data.target)
        training = data.training
        heldOut = data.heldOut
        var random = RandomStream(seed: seed)
        network = try InteractionNetwork(hidden: model.hidden, random: &random)
        self.model = model
    }

    var trainingExampleCount: Int { training.count }

    var parameters: [Matrix] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    func lossAndGradients(examples: [Int]) throws -> (loss: Double, gradients: [Matrix]) {
        network.lossAndGradients(training.batch(examples))
    }

    func heldOutLoss() throws -> Double? {
        guard heldOut.count > 0 else { return nil }
        let batch = heldOut.all
        return RegressionSession.meanSquaredError(network.forward(batch), batch.targets)
    }

    func finish(report: TrainingReport) throws {
        try model.install(network: network, relation: relation, object: object, target: target, report: report)
    }
}

extension ObjectNetModel {
    public func makeTrainingSession(dataset: Dataset, seed: UInt64) throws -> any TrainingSession {
        try ObjectNetSession(model: self, dataset: dataset, seed: seed)
    }
}
