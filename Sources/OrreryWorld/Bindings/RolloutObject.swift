import OrreryLang
import WorldKit

/// A recorded rollout: `r.at(t)`, `r.final`, `r.series(a, "x")`, `r.events`,
/// `r.happened(contact(a, b))`. Steps count from 0 (the initial state) to `r.length`.
class RolloutObject: HostObject {
    let rollout: Rollout
    /// Which model produced it, for `describe` and summaries.
    let modelName: String
    /// The interventions the rollout was recorded with (`intervene(w, at: 30) { … }`): part of
    /// the mechanism, so counterfactuals of it replay them too.
    let schedule: [ScheduledIntervention]
    /// What the priors found, when the rollout ran under priors (`r.violations`, PriorBindings).
    var constrained: ConstrainedRollout?
    /// Names of the scenes it came from that its own scene lacks (`SceneObject.namesBeyondScene`):
    /// queries may ask about them without an error.
    var earlierNames: Set<String> = []
    /// The names a query of this rollout may mention (BodyNames.swift), gathered once.
    private(set) lazy var knownNames: Set<String> = collectKnownNames()

    init(_ rollout: Rollout, modelName: String, schedule: [ScheduledIntervention] = []) {
        self.rollout = rollout
        self.modelName = modelName
        self.schedule = schedule
    }

    var typeName: String { "rollout" }
    var length: Int { max(0, rollout.states.count - 1) }
    var description: String {
        "<rollout of \"\(rollout.scene.name)\" by \(modelName): \(length) steps, \(rollout.events.count) events>"
    }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? RolloutObject).map { $0.rollout == rollout } ?? false
    }

    func state(_ i: Int) -> StateObject {
        StateObject(scene: rollout.scene, state: rollout.states[i])
    }

    /// Every member a rollout answers (`priorMember`'s only when it ran under priors).
    var memberNames: [String] {
        Self.members + (constrained == nil ? [] : Self.priorMembers)
    }

    static let members = ["length", "final", "initial", "scene", "seed", "dt", "duration", "model", "events", "at",
                          "series", "happened", "first", "count", "occurrences"]

    func member(_ name: String) throws -> Value? {
        let r = rollout
        switch name {
        case "length": return .number(Double(length))
        case "final": return r.states.isEmpty ? .null : .object(state(r.states.count - 1))
        case "initial": return r.states.isEmpty ? .null : .object(state(0))
        case "scene": return .object(SceneObject(r.scene))
        case "seed": return .seed(r.seed)
        case "dt": return .number(r.scene.dt)
        case "duration": return .number(Double(length) * r.scene.dt)
        case "model": return .string(modelName)
        case "events": return .list(r.events.map { .object(EventObject(occurrence: $0)) })
        case "at":
            return NativeFunction.method("at", ["step"]) { [self] args in
                .object(state(try args.step(at: 1, last: length)))
            }
        case "series":
            return NativeFunction.method("series", ["body", "field"]) { [r] args in
                let body = try args.bodyName(at: 1)
                let fieldName = try args.string(at: 2)
                guard r.scene.body(named: body) != nil || r.states.contains(where: { $0[body] != nil }) else {
                    let bodies = Set(r.scene.bodies.map(\.name) + r.states.flatMap { $0.bodies.map(\.name) })
                    throw args.bad(1, "no body named '\(body)'" + (Suggestions.didYouMean(body, among: bodies).map { "; " + $0 } ?? ""))
                }
                guard let field = RolloutObject.field(fieldName) else {
                    let names = RolloutObject.fieldNames.joined(separator: ", ")
                    let guess = Suggestions.didYouMean(fieldName, among: RolloutObject.fieldNames).map { $0 + " " } ?? ""
                    throw args.bad(2, "unknown field '\(fieldName)'; \(guess)one of: \(names)")
                }
                return .numbers(r.series(body, field))
            }
        case "happened":
            return NativeFunction.method("happened", ["event"]) { [self, r] args in
                .bool(r.happened(try pattern(args)))
            }
        case "first":
            return NativeFunction.method("first", ["event"]) { [self, r] args in
                return r.first(try pattern(args)).map { .number(Double($0.step - r.firstStep)) } ?? .null
            }
        case "count":
            return NativeFunction.method("count", ["event"]) { [self, r] args in
                return .number(Double(r.events(matching: try pattern(args)).count))
            }
        case "occurrences":
            return NativeFunction.method("occurrences", ["event"]) { [self, r] args in
                return .list(r.events(matching: try pattern(args)).map { .object(EventObject(occurrence: $0)) })
            }
        default: return priorMember(name)
        }
    }

    /// The event pattern a query (`happened`, `first`, …) was given, its names checked.
    private func pattern(_ args: Arguments) throws -> EventPattern {
        let p = try args.object(at: 1, as: EventObject.self, expected: "event").pattern
        try checkNames(p, args, at: 1)
        return p
    }

    static let fieldNames = ["x", "y", "angle", "vx", "vy", "spin", "speed", "left", "right", "top", "bottom",
                             "energy", "visible"]

    static func field(_ name: String) -> BodyField? {
        name == "energy" ? .kineticEnergy : BodyField(rawValue: name)
    }

    /// A few lines for `show` without a terminal.
    var summary: String {
        var lines = ["rollout of \"\(rollout.scene.name)\" by \(modelName): \(length) steps (\(fmt(Double(length) * rollout.scene.dt))s), \(rollout.events.count) events"]
        for e in rollout.events.prefix(8) { lines.append("  " + EventObject(occurrence: e).description) }
        if rollout.events.count > 8 { lines.append("  … \(rollout.events.count - 8) more events") }
        if !rollout.states.isEmpty { lines.append(state(rollout.states.count - 1).summary) }
        return lines.joined(separator: "\n")
    }
}

/// A rendered picture: `frame(r, 30)`. Saved as PNG, shown in the terminal.
final class FrameObject: HostObject {
    let image: Image
    let caption: String

    init(_ image: Image, caption: String) {
        self.image = image
        self.caption = caption
    }

    var typeName: String { "frame" }
    var description: String { "<frame \(image.width)×\(image.height): \(caption)>" }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? FrameObject).map { $0.image == image } ?? false
    }

    var memberNames: [String] { ["width", "height", "caption"] }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "width": return .number(Double(image.width))
        case "height": return .number(Double(image.height))
        case "caption": return .string(caption)
        default: return nil
        }
    }
}
