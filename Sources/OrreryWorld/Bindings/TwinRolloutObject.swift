import OrreryLang
import WorldKit

/// A counterfactual: the twin world as a rollout (every rollout member reads the
/// counterfactual world), plus `cf.factual`, `cf.split`, `cf.divergence()`,
/// `cf.prevented`, `cf.caused` and `cf.interventions`.
final class TwinRolloutObject: RolloutObject {
    let twin: TwinRollout
    let factualObject: RolloutObject

    init(_ twin: TwinRollout, factual: RolloutObject) {
        self.twin = twin
        factualObject = factual
        super.init(twin.counterfactual, modelName: factual.modelName, schedule: factual.schedule)
        earlierNames = factual.knownNames
    }

    override var description: String {
        "<counterfactual of \"\(twin.factual.scene.name)\" split at step \(twin.splitStep): \(length) steps, \(rollout.events.count) events>"
    }

    override func isEqual(to other: any HostObject) -> Bool {
        (other as? TwinRolloutObject).map { $0.twin == twin } ?? false
    }

    override var memberNames: [String] {
        ["factual", "split", "interventions", "prevented", "caused", "divergence"] + super.memberNames
    }

    override func member(_ name: String) throws -> Value? {
        switch name {
        case "factual": return .object(factualObject)
        case "split": return .number(Double(twin.splitStep))
        case "interventions": return .strings(twin.interventions.map(\.description))
        case "prevented": return .list(twin.eventChanges().prevented.map { .object(EventObject(occurrence: $0)) })
        case "caused": return .list(twin.eventChanges().caused.map { .object(EventObject(occurrence: $0)) })
        case "divergence":
            return NativeFunction.method("divergence", ["tolerance"]) { [twin] args in
                let tolerance = args.has(1) ? try args.number(at: 1) : 0
                guard tolerance >= 0, tolerance.isFinite else { throw args.bad(1, "tolerance must not be negative") }
                guard let d = twin.divergence(tolerance: tolerance) else { return .null }
                return .record(["step": .number(Double(d.step)), "magnitude": .number(d.magnitude),
                                "bodies": .strings(d.bodies)])
            }
        default:
            return try super.member(name)
        }
    }
}
