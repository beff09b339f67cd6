import OrreryLang
import WorldKit

// MARK: - Prior values
//
// A prior in a script is a value: a built-in (`no_overlap`, made by
// `builtin_prior("no_overlap")`) or a user prior declared with `prior NAME(s) { … }`.
// Both become the library's `Prior` when a rollout runs, a user prior as a
// `ClosurePrior` whose closures call back into the interpreter.

/// A reasoning prior: `no_overlap`, `builtin_prior("gravity", tolerance: 2)`, `prior p(s) { … }`.
final class PriorObject: HostObject {
    enum Kind {
        case builtin(any Prior)
        case user(ScriptFunction, takesPrevious: Bool)
    }

    let name: String
    let kind: Kind

    init(builtin prior: any Prior) {
        name = prior.name
        kind = .builtin(prior)
    }

    init(user function: ScriptFunction, name: String, takesPrevious: Bool) {
        self.name = name
        kind = .user(function, takesPrevious: takesPrevious)
    }

    var typeName: String { "prior" }
    var isBuiltin: Bool { if case .builtin = kind { return true } else { return false } }
    var description: String { "<prior \(name)\(isBuiltin ? "" : " (user)")>" }
    func isEqual(to other: any HostObject) -> Bool { self === other }

    var memberNames: [String] { ["name", "builtin"] }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "builtin": return .bool(isBuiltin)
        default: return nil
        }
    }

    /// The library prior this value stands for; a user prior runs its body through `interp`.
    func prior(in interp: Interpreter) -> any Prior {
        switch kind {
        case .builtin(let p):
            return p
        case .user(let f, let takesPrevious):
            let name = self.name
            let run = { (previous: WorldState?, state: WorldState, context: PriorContext) throws -> PriorCollector in
                let c = PriorCollector(prior: name, state: state)
                var args: [Value] = [.object(StateObject(scene: context.scene, state: state, collector: c))]
                if takesPrevious {
                    args.append(previous.map { .object(StateObject(scene: context.scene, state: $0, collector: c)) } ?? .null)
                }
                do {
                    _ = try interp.call(.function(f), args)
                } catch var e as ScriptError {
                    // Located where the prior's body failed; the message says which prior and step.
                    e.error.message = "in prior '\(name)' at step \(state.step): \(e.error.message)"
                    throw e
                }
                return c
            }
            return ClosurePrior(name: name,
                                check: { try run($0, $1, $2).violations },
                                correct: { try run($0, $1, $2).state })
        }
    }

    // MARK: - Built-ins

    /// The built-in prior `name` with `tolerance` (its main tolerance: the depth, distance,
    /// acceleration or size it accepts; the absolute part for momentum and energy; the
    /// reappearance distance for permanence), or nil for an unknown name.
    static func builtin(_ name: String, tolerance: Double?) -> (any Prior)? {
        guard let t = tolerance else { return BuiltinPriors.named(name) }
        switch name {
        case "no_overlap": return NoOverlapPrior(tolerance: t)
        case "above_ground": return AboveGroundPrior(tolerance: t)
        case "inside_bounds": return InsideBoundsPrior(tolerance: t)
        case "permanence": return PermanencePrior(reappearanceTolerance: t)
        case "momentum": return MomentumPrior(absoluteTolerance: t)
        case "energy": return EnergyPrior(absoluteTolerance: t)
        case "gravity": return GravityPrior(tolerance: t)
        case "rigid": return RigidPrior(tolerance: t)
        default: return nil
        }
    }
}
