import OrreryLang
import WorldKit

// MARK: - Plan values
//
// What `plan` returns: the chosen actions as a schedule (`p.schedule`, which
// `intervene(scene, p.schedule)` takes, and `p.scene`, the scene carrying it), the
// rollout the model imagined, whether it reached the goal there, and how many
// candidates were imagined. `execute(p)` makes it in reality.

/// A schedule of interventions as a value: `intervene(w, p.schedule)` puts it on a scene.
final class ScheduleObject: HostObject {
    let schedule: [ScheduledIntervention]

    init(_ schedule: [ScheduledIntervention]) { self.schedule = schedule }

    var typeName: String { "schedule" }
    var description: String { "<schedule: \(schedule.map(\.description).joined(separator: "; "))>" }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? ScheduleObject).map { $0.schedule == schedule } ?? false
    }
    var memberNames: [String] { ["entries", "length"] }
    func member(_ name: String) throws -> Value? {
        switch name {
        case "entries": return .strings(schedule.map(\.description))
        case "length": return .number(Double(schedule.count))
        default: return nil
        }
    }
}

/// A plan: `p.actions`, `p.schedule`, `p.scene`, `p.imagined`, `p.success`, `p.cost`, `p.evaluations`.
final class PlanObject: HostObject {
    let plan: Plan
    let problem: PlanningProblem
    let model: ModelObject
    let scene: SceneObject
    let method: SearchMethod

    init(_ plan: Plan, problem: PlanningProblem, model: ModelObject, scene: SceneObject) {
        self.plan = plan
        self.problem = problem
        self.model = model
        self.scene = scene
        method = problem.method
    }

    var typeName: String { "plan" }
    var description: String {
        let outcome = plan.imaginedSuccess.map { $0 ? "reaches the goal" : "misses the goal" } ?? "cost \(fmt(plan.imaginedCost))"
        return "<plan by \(model.name) (\(method.rawValue)): \(plan.actions.count) action\(plan.actions.count == 1 ? "" : "s"), "
            + "\(outcome) in imagination after \(plan.evaluations) candidate\(plan.evaluations == 1 ? "" : "s")>"
    }
    func isEqual(to other: any HostObject) -> Bool { self === other }

    var schedule: [ScheduledIntervention] { Imagination.schedule(plan.actions) }

    var memberNames: [String] {
        ["actions", "schedule", "scene", "imagined", "success", "cost", "evaluations", "costs", "model", "method", "budget", "horizon"]
    }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "actions": return .strings(plan.actions.map(\.description))
        case "schedule": return .object(ScheduleObject(schedule))
        case "scene": return .object(SceneObject(scene.scene, schedule: scene.schedule + schedule))
        case "imagined": return .object(RolloutObject(plan.imagined, modelName: model.name, schedule: schedule))
        case "success": return plan.imaginedSuccess.map { .bool($0) } ?? .null
        case "cost": return .number(plan.imaginedCost)
        case "evaluations": return .number(Double(plan.evaluations))
        case "costs": return .numbers(plan.costs)
        case "model": return .object(model)
        case "method": return .string(method.rawValue)
        case "budget": return .number(Double(problem.budget))
        case "horizon": return .number(Double(problem.horizon))
        default: return nil
        }
    }
}

