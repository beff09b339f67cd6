import OrreryLang
import WorldKit

// MARK: - Model values
//
// A model value wraps any `WorldModel`. To the script models are values: `train`
// builds a fresh model from the same constructor and trains that one, so the model
// passed in stays as it was (untrained stays untrained).

/// A world model in a script: `physics`, `window(k: 8)`, a trained model, a loaded file.
final class ModelObject: HostObject {
    let model: any WorldModel
    /// Builds an untrained model with the same hyperparameters; nil for models that
    /// cannot be retrained (the simulator, external processes, loaded files keep theirs).
    let fresh: (() throws -> any WorldModel)?

    init(_ model: any WorldModel, fresh: (() throws -> any WorldModel)? = nil) {
        self.model = model
        self.fresh = fresh
    }

    /// The simulator, shared by every session: `rollout(physics, world)`.
    static let physics = ModelObject(PhysicsModel())

    var name: String { model.kind }
    var typeName: String { "model" }
    var description: String {
        let state = model.isTrained ? (model.kind == "physics" ? "" : ", trained") : ", untrained"
        return "<model \(model.kind)\(hyperparameterText.isEmpty ? "" : " " + hyperparameterText)\(state)>"
    }
    func isEqual(to other: any HostObject) -> Bool { self === other }

    /// The trainer's report, when the model was trained (here or before it was saved).
    var report: TrainingReport? { (model as? any TrainableModel)?.trainingReport }

    /// `k: 8, hidden: 64`, in name order.
    var hyperparameterText: String {
        model.hyperparameters.keys.sorted().map { "\($0): \(fmt(model.hyperparameters[$0] ?? 0))" }
            .joined(separator: ", ")
    }

    var memberNames: [String] {
        ["name", "kind", "description", "trained", "context", "taxonomy", "hyperparameters", "loss", "held_out",
         "epochs", "best_epoch", "stopped_early", "rollout_errors", "one_step_error", "rollout_error", "unroll", "priors"]
    }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "name", "kind": return .string(model.kind)
        case "description": return .string(summary)
        case "trained": return .bool(model.isTrained)
        case "context": return .number(Double(model.contextLength))
        case "taxonomy":
            let t = model.taxonomy
            return .record(["state": .string(t.state.rawValue), "memory": .string(Self.memoryName(t.memory)),
                            "dynamics": .string(Self.dynamicsName(t.dynamics)), "summary": .string(t.summary)])
        case "hyperparameters":
            var r: [String: Value] = [:]
            for (k, v) in model.hyperparameters { r[k] = .number(v) }
            return .record(Record(sorting: r))
        case "loss": return report.map { .numbers($0.trainLoss) } ?? .list([])
        case "held_out": return report.map { .numbers($0.heldOutLoss) } ?? .list([])
        case "epochs": return .number(Double(report?.epochsRun ?? 0))
        case "best_epoch": return report.map { .number(Double($0.bestEpoch)) } ?? .null
        case "stopped_early": return .bool(report?.stoppedEarly ?? false)
        case "rollout_errors": return report.map { .numbers($0.heldOutRolloutError) } ?? .list([])
        case "one_step_error": return report?.keptOneStepLoss.map { .number($0) } ?? .null
        case "rollout_error": return report?.keptRolloutError.map { .number($0) } ?? .null
        case "unroll": return report.map { .number(Double($0.unroll)) } ?? .null
        case "priors": return report?.priors.map(Self.priorsRecord) ?? .null
        default: return nil
        }
    }

    /// What `describe(m)` prints: the taxonomy, the hyperparameters and the training state.
    var summary: String {
        let t = model.taxonomy
        var lines = ["\(model.kind): \(t.summary)"]
        lines.append("  state: \(t.state.rawValue), memory: \(Self.memoryName(t.memory)), dynamics: \(Self.dynamicsName(t.dynamics))")
        if !hyperparameterText.isEmpty { lines.append("  hyperparameters: \(hyperparameterText)") }
        if model.kind != "physics" {
            if let r = report {
                var held = r.heldOutLoss.isEmpty ? "" : ", best held-out loss \(fmt(r.heldOutLoss.min() ?? 0)) at epoch \(r.bestEpoch)"
                if let e = r.keptRolloutError {
                    // Both figures of the kept weights: one step from the truth, and their own rollout.
                    held = ", kept epoch \(r.bestEpoch): one-step error \(fmt(r.keptOneStepLoss ?? .nan)), rollout error \(fmt(e)) m over \(r.rolloutHorizon) steps (unroll \(r.unroll))"
                }
                let last = r.trainLoss.last.map { ", final train loss \(fmt($0))" } ?? ""
                lines.append("  trained: \(r.epochsRun) epochs\(r.stoppedEarly ? " (stopped early)" : "")\(last)\(held)")
                // What priors in training contributed (issue 19: never a silent no-op).
                if let c = r.priors {
                    lines += c.lines.map { "  " + $0 }
                } else if !r.priorsRecorded {
                    lines.append("  priors in training: not recorded (a model file older than format \(ModelFile.priorsVersion))")
                }
            } else {
                lines.append(model.isTrained ? "  trained" : "  untrained")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `m.priors`: what priors in training contributed (the share of the loss and each prior's
    /// held-out violation per predicted state, at the first epoch with priors and the kept one).
    static func priorsRecord(_ c: PriorContribution) -> Value {
        func num(_ x: Double?) -> Value { x.map { .number($0) } ?? .null }
        var held: [String: Value] = [:]
        var weights: [String: Value] = [:]
        for p in c.priors {
            held[p.name] = .record(["first": num(p.heldOutFirst), "kept": num(p.heldOutKept)])
            weights[p.name] = num(p.weight ?? c.weight)
        }
        return .record(["weight": .number(c.weight), "warmup": .number(Double(c.warmup)),
                        "share_first": num(c.shareFirst), "share_kept": num(c.shareKept),
                        "held_out": .record(Record(sorting: held)), "weights": .record(Record(sorting: weights)),
                        "first_epoch": num(c.firstActiveEpoch.map(Double.init)), "kept_epoch": .number(Double(c.keptEpoch)),
                        "unlabelled_scenes": .number(Double(c.unlabelledScenes))])
    }

    /// The taxonomy's names as the language spells them.
    static func memoryName(_ m: Taxonomy.Memory) -> String {
        m == .objectSlots ? "object slots" : m.rawValue
    }

    static func dynamicsName(_ d: Taxonomy.Dynamics) -> String {
        d == .knowledgeIntegrated ? "knowledge integration" : d.rawValue
    }
}

/// A rollout made by a model: remembers the model, so `edit(r, at: t) { … }` and
/// `factors(r, at: t)` can replay its run.
final class ModelRolloutObject: RolloutObject {
    let model: ModelObject

    init(_ rollout: Rollout, model: ModelObject) {
        self.model = model
        super.init(rollout, modelName: model.name)
    }
}
