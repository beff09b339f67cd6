import OrreryLang
import WorldKit

// MARK: - What one run of a user prior found
//
// A user prior's body runs with a state whose bodies know this collector: `correct
// b.y = v` changes the collector's working copy of the state and records a violation
// whose magnitude is the size of the change; `violate(b, m, "why")` records a
// violation only. The bridge (`PriorObject`) turns the collector into the library's
// violations and corrected state, so user priors run like the built-in ones.

/// The violations and corrections of one run of a user prior on one state.
final class PriorCollector {
    let prior: String
    /// The state the prior was given (bodies of other states cannot be corrected).
    let given: WorldState
    /// The state with every correction so far applied.
    private(set) var state: WorldState
    private(set) var violations: [Violation] = []

    init(prior: String, state: WorldState) {
        self.prior = prior
        self.given = state
        self.state = state
    }

    /// The fields `correct` may set, in the order error messages list them.
    static let correctableFields = ["x", "y", "vx", "vy", "angle", "spin", "position", "velocity"]

    /// `correct BODY.FIELD = value` on a body value (throws a message for the statement's line).
    static func correct(_ target: Value, field: String, to value: Value) throws {
        guard case .object(let b as BodyStateObject) = target, let c = b.collector else {
            throw NativeError("'correct' needs a body of the state the prior was given, got a \(target.typeName)"
                + (target.typeName == "body" ? " of another state" : ""))
        }
        guard c.given[b.body.name] == b.body else {
            throw NativeError("'correct' can only change bodies of the prior's current state (its first parameter), not of the previous one")
        }
        try c.correct(b.body.name, field, value)
    }

    /// Sets one field of one body in the working state; records the change as a violation.
    func correct(_ name: String, _ field: String, _ value: Value) throws {
        guard let i = state.bodies.firstIndex(where: { $0.name == name }) else {
            throw NativeError("no body named '\(name)' in the prior's state")
        }
        var body = state.bodies[i]
        let old: Value, magnitude: Double
        switch (field, value) {
        case ("x", .number(let v)): old = .number(body.position.x); magnitude = abs(v - body.position.x); body.position = Vec2(v, body.position.y)
        case ("y", .number(let v)): old = .number(body.position.y); magnitude = abs(v - body.position.y); body.position = Vec2(body.position.x, v)
        case ("vx", .number(let v)): old = .number(body.velocity.x); magnitude = abs(v - body.velocity.x); body.velocity = Vec2(v, body.velocity.y)
        case ("vy", .number(let v)): old = .number(body.velocity.y); magnitude = abs(v - body.velocity.y); body.velocity = Vec2(body.velocity.x, v)
        case ("angle", .number(let v)): old = .number(body.angle); magnitude = abs(v - body.angle); body.angle = v
        case ("spin", .number(let v)): old = .number(body.spin); magnitude = abs(v - body.spin); body.spin = v
        case ("position", .vector(let v)): old = .vector(body.position); magnitude = (v - body.position).length; body.position = v
        case ("velocity", .vector(let v)): old = .vector(body.velocity); magnitude = (v - body.velocity).length; body.velocity = v
        default:
            guard Self.correctableFields.contains(field) else {
                throw NativeError("cannot correct '\(name).\(field)': correctable fields are \(Self.correctableFields.joined(separator: ", "))")
            }
            let wanted = field == "position" || field == "velocity" ? "vector" : "number"
            throw NativeError("'correct \(name).\(field)' needs a \(wanted), got a \(value.typeName)")
        }
        guard magnitude.isFinite else {
            throw NativeError("'correct \(name).\(field)' needs a finite value, got \(value.description)")
        }
        // Setting a field to the value it has is no violation (so a prior is idempotent).
        guard magnitude > 0 else { return }
        state.bodies[i] = body
        violations.append(Violation(prior: prior, step: state.step, bodies: [name], magnitude: magnitude,
                                    message: "\(name).\(field) corrected from \(Self.text(old)) to \(Self.text(value))"))
    }

    /// `state` as corrected so far when it is the state the prior was given, else nil: a
    /// read after `correct` sees the corrected value.
    func current(of state: WorldState) -> WorldState? {
        state == given ? self.state : nil
    }

    /// `body` as corrected so far when it is a body of the state the prior was given (not of
    /// the previous state), else nil.
    func current(of body: BodyState) -> BodyState? {
        guard given[body.name] == body else { return nil }
        return state[body.name]
    }

    /// A check-only violation: `violate(bodies, magnitude, message)`.
    func violate(_ bodies: [String], magnitude: Double, message: String) {
        violations.append(Violation(prior: prior, step: state.step, bodies: bodies, magnitude: magnitude, message: message))
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .number(let x): return fmt(x)
        case .vector(let p): return "(\(fmt(p.x)), \(fmt(p.y)))"
        default: return v.description
        }
    }
}
