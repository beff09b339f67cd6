import OrreryLang
import WorldKit

// MARK: - Temporal requirements, Boolean and quantitative
//
// `always(r, p)`, `eventually(r, p)`, `until(r, p, q)` over a rollout's recorded states.
// With predicates that return true or false they are the finite-trace (LTLf) checks of
// WorldKit's `Temporal` and return a Boolean. With predicates that return a number — a
// margin, positive when the condition holds (`fn (s) => s.a.y - 1`) — they return signal
// temporal logic's robustness (WorldKit's `Robustness`): the worst margin for `always`,
// the best for `eventually`, and for `until` the best over k of min(q at k, p before k).
// Its sign agrees with the Boolean answer; its size is how far the trace is from flipping
// it, which is what `falsify` follows. In `until`, a Boolean side next to a numeric one
// counts as +1 or −1.

enum TemporalBindings {
    /// A predicate's value at one state.
    enum Atom {
        case bool(Bool)
        case number(Double)
        var robustness: Double {
            switch self {
            case .bool(let b): return Robustness.value(b)
            case .number(let x): return x
            }
        }
    }

    static func install(_ interp: Interpreter) {
        interp.define(NativeFunction("always", parameters: ["rollout", "predicate"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let p = try predicate(args, 2, r)
            let states = r.rollout.states
            guard let first = states.first else { return .bool(true) }
            switch try p(first) {
            case .bool(let b):
                guard b else { return .bool(false) }
                return .bool(try Temporal.always(r.rollout) { try boolean(p($0), args) }.holds)
            case .number(let x):
                return .number(Robustness.always([x] + (try states.dropFirst().map { try number(p($0), args) })))
            }
        })
        interp.define(NativeFunction("eventually", parameters: ["rollout", "predicate"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let p = try predicate(args, 2, r)
            let states = r.rollout.states
            guard let first = states.first else { return .bool(false) }
            switch try p(first) {
            case .bool(let b):
                if b { return .bool(true) }
                return .bool(try Temporal.eventually(r.rollout) { try boolean(p($0), args) }.holds)
            case .number(let x):
                return .number(Robustness.eventually([x] + (try states.dropFirst().map { try number(p($0), args) })))
            }
        })
        interp.define(NativeFunction("until", parameters: ["rollout", "holds", "until"]) { args in
            let r = try args.object(at: 1, as: RolloutObject.self, expected: "rollout")
            let p = try predicate(args, 2, r), q = try predicate(args, 3, r)
            let states = r.rollout.states
            guard let first = states.first else { return .bool(false) }
            let q0 = try q(first)
            if case .bool(let qb) = q0 {
                if qb { return .bool(true) }
                if case .bool(let pb) = try p(first) {
                    if !pb { return .bool(false) }
                    return .bool(try Temporal.until(r.rollout, { try boolean(p($0), args) }, { try boolean(q($0), args) }).holds)
                }
            }
            // Quantitative: every state's margins.
            let ps = try states.map { try p($0).robustness }
            let qs = try [q0.robustness] + states.dropFirst().map { try q($0).robustness }
            return .number(Robustness.until(ps, qs))
        })
    }

    static func predicate(_ args: Arguments, _ position: Int, _ r: RolloutObject) throws -> (WorldState) throws -> Atom {
        let f = args.value(at: position)
        switch f {
        case .function, .native: break
        default: throw args.bad(position, expected: "function")
        }
        let interpreter = args.interpreter
        let scene = r.rollout.scene
        let function = args.function
        return { state in
            let v = try interpreter.call(f, [.object(StateObject(scene: scene, state: state))])
            switch v {
            case .bool(let b): return .bool(b)
            case .number(let x) where !x.isNaN: return .number(x)
            default:
                throw NativeError("the predicate given to '\(function)' must return true or false, or a number (a margin), got \(v.typeName)")
            }
        }
    }

    static func boolean(_ a: Atom, _ args: Arguments) throws -> Bool {
        guard case .bool(let b) = a else {
            throw NativeError("the predicate given to '\(args.function)' returned a number after true or false; return the same kind at every step")
        }
        return b
    }

    static func number(_ a: Atom, _ args: Arguments) throws -> Double {
        guard case .number(let x) = a else {
            throw NativeError("the predicate given to '\(args.function)' returned true or false after a number; return the same kind at every step")
        }
        return x
    }
}
