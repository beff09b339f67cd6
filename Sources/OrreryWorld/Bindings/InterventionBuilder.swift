import OrreryLang
import WorldKit

// MARK: - Intervention blocks
//
// The trailing block of `intervene`, `counterfactual`, `would` runs into this builder.
// Each line becomes one `Intervention`, in order; the block never edits anything
// itself, so the same list can be applied to a scene, scheduled in a rollout, or
// made at a counterfactual's split.

/// Turns the lines of an intervention block into `Intervention`s.
final class InterventionBuilder: SceneBuilder {
    /// What a bare body name reads inside the block: the body as the intervened
    /// world has it (a scene's declaration, or the body's state at the split).
    private let lookup: (String) -> Value?
    private(set) var interventions: [Intervention] = []
    /// Bodies an earlier line of the block adds (`add ball c …`): later lines may name them.
    private var added: Set<String> = []

    init(lookup: @escaping (String) -> Value?) { self.lookup = lookup }

    /// Runs a block and returns its interventions.
    static func interventions(of block: SceneBody, lookup: @escaping (String) -> Value?) throws -> [Intervention] {
        let builder = InterventionBuilder(lookup: lookup)
        try block.run(into: builder)
        return builder.interventions
    }

    func read(_ name: String) throws -> Value? { lookup(name) }

    // MARK: Entry lines

    func entry(_ e: EvaluatedSceneEntry) throws {
        switch e.kind {
        case "remove", "freeze":
            let name = try bodyName(e)
            guard e.positional == nil, e.properties.isEmpty else {
                throw ScriptError("'\(e.kind)' takes only a body name, as in \(e.kind) b", e.range)
            }
            interventions.append(e.kind == "remove" ? .remove(name) : .freeze(name))
        case "push":
            let name = try bodyName(e)
            guard e.positional == nil, e.properties.count == 1, e.properties[0].key == "by",
                  case .vector(let impulse)? = e.properties[0].value else {
                throw ScriptError("'push' needs an impulse vector, as in push \(name) by (2, 0)", e.range)
            }
            interventions.append(.push(name, impulse))
        case "ball", "box":
            // The same reader as scene blocks, so `add ball c …` takes exactly what `ball c …` takes.
            let assembler = SceneAssembler(name: "block", range: e.range)
            try assembler.entry(e)
            guard let spec = assembler.scene.bodies.first else {
                throw ScriptError("'\(e.kind)' did not declare a body", e.range)
            }
            interventions.append(.add(spec))
            added.insert(spec.name)
        default:
            let guess = Suggestions.didYouMean(e.kind, among: ["set", "remove", "add", "push", "freeze"]).map { $0 + " " } ?? ""
            throw ScriptError("unknown intervention '\(e.kind)' (\(guess)expected set, remove, add, push or freeze)", e.range)
        }
    }

    private func bodyName(_ e: EvaluatedSceneEntry) throws -> String {
        guard let name = e.name, !name.isEmpty else {
            throw ScriptError("'\(e.kind)' needs a body name, as in \(e.kind) b", e.range)
        }
        // `remove x` takes the word as written even when `x` is a variable; when no body
        // has that name, the variable was surely meant: say how to use it.
        if e.nameIsAlsoVariable, lookup(name) == nil, !added.contains(name) {
            let rest = e.properties.isEmpty ? "" : " …"
            throw ScriptError("no body named '\(name)' ('\(e.kind) \(name)' names a body as written, not the variable '\(name)'; "
                              + "for the body the variable names, write \(e.kind) \"\\(\(name))\"\(rest))", e.range)
        }
        return name
    }

    func require(_ condition: Value, probability: Value?, range: SourceRange) throws {
        throw ScriptError("'require' belongs in scene blocks, not intervention blocks", range)
    }

    // MARK: Property edits

    /// Properties `set b.P = v` accepts, with the value each takes.
    static let settable = ["position", "x", "y", "velocity", "vx", "vy", "angle", "spin", "mass", "density",
                           "restitution", "friction", "radius", "size", "color", "static"]

    func assign(_ a: EvaluatedAssignment) throws {
        guard a.path.count == 1, case .string(let property) = a.path[0] else {
            throw NativeError("set needs a body property, as in set \(a.target).mass = 10")
        }
        guard Self.settable.contains(property) else {
            throw NativeError("cannot set '\(property)' of a body\(Suggestions.hint(property, among: Self.settable)); "
                              + "one of: \(Self.settable.joined(separator: ", "))")
        }
        var value = a.value
        if a.op != "=" || ["x", "y", "vx", "vy"].contains(property) {
            // Compound edits and single coordinates need the current value.
            guard case .object(let body)? = lookup(a.target) else { throw NativeError("no body named '\(a.target)'") }
            if a.op != "=" {
                guard var current = try body.member(property), !Self.isNull(current) else {
                    throw NativeError("body '\(a.target)' has no '\(property)' to change")
                }
                guard let op = AssignmentOperator(rawValue: a.op) else { throw NativeError("unknown operator '\(a.op)'") }
                do { try Operators.compound(op, &current, a.value, a.range) } catch let e as ScriptError {
                    throw NativeError(e.error.message)
                }
                value = current
            }
            if let axis = ["x", "y", "vx", "vy"].firstIndex(of: property) {
                let whole = axis < 2 ? "position" : "velocity"
                guard case .vector(let v)? = try body.member(whole), case .number(let d) = value else {
                    throw NativeError("'\(property)' of '\(a.target)' must be a number, got \(value.typeName)")
                }
                let changed = axis % 2 == 0 ? Vec2(d, v.y) : Vec2(v.x, d)
                interventions.append(.set(a.target, whole == "position" ? .position(changed) : .velocity(changed)))
                return
            }
        }
        interventions.append(.set(a.target, try Self.change(property, value)))
    }

    private static func isNull(_ v: Value) -> Bool {
        if case .null = v { return true }
        return false
    }

    /// The body change for `set b.property = value`, type-checked.
    static func change(_ property: String, _ value: Value) throws -> BodyChange {
        func number() throws -> Double {
            guard case .number(let d) = value, d.isFinite else {
                throw NativeError("'\(property)' must be a finite number, got \(value.typeName)")
            }
            return d
        }
        func vector() throws -> Vec2 {
            guard case .vector(let v) = value, v.x.isFinite, v.y.isFinite else {
                throw NativeError("'\(property)' must be a finite vector, got \(value.typeName)")
            }
            return v
        }
        func positive() throws -> Double {
            let d = try number()
            guard d > 0 else { throw NativeError("'\(property)' must be positive, got \(Value.format(number: d))") }
            return d
        }
        switch property {
        case "position": return .position(try vector())
        case "velocity": return .velocity(try vector())
        case "angle": return .angle(try number())
        case "spin": return .spin(try number())
        case "mass": return .mass(try positive())
        case "density": return .density(try positive())
        case "radius": return .radius(try positive())
        case "restitution":
            let r = try number()
            guard r >= 0, r <= 1 else { throw NativeError("restitution must be between 0 and 1") }
            return .restitution(r)
        case "friction":
            let f = try number()
            guard f >= 0 else { throw NativeError("friction must not be negative") }
            return .friction(f)
        case "size":
            let s = try vector()
            guard s.x > 0, s.y > 0 else { throw NativeError("size must be positive on both sides") }
            return .size(s)
        case "color":
            guard case .string(let text) = value, let c = Color.parse(text) else {
                let guess = value.asString.map { Color.suggestion(for: $0) } ?? ""
                throw NativeError("color must be a color name or #rrggbb, got \(value.description)"
                                  + (guess.isEmpty ? "" : " (\(guess.dropLast()))"))
            }
            return .color(c)
        default:
            guard case .bool(let b) = value else { throw NativeError("'static' must be true or false, got \(value.typeName)") }
            return .isStatic(b)
        }
    }
}
