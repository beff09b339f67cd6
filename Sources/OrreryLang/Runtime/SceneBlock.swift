// The hook through which the world bindings turn `scene "name" { … }` blocks into scenes.
//
// The language evaluates the block's statements and entry values; the host decides
// what an entry means. A scene body is kept as a closure so the host can run it again
// (a scene whose values are random is a generator sampled many times).

/// One evaluated line of a scene block: `ball a at (1, 0.5) radius 0.5`.
public struct EvaluatedSceneEntry {
    public var kind: String
    public var name: String?
    public var positional: Value?
    /// Keys in the order written; flag keys (`static`) have no value.
    public var properties: [(key: String, value: Value?)]
    public var range: SourceRange
}

/// An edit in a trailing block: an assignment rooted at a name that is not a variable
/// (`b.mass = 10`, `set a.x += 1`): the name of a body in the scene being edited.
public struct EvaluatedAssignment {
    /// The root name (`b`).
    public var target: String
    /// Fields and indices after the root (`["mass"]`); indices as evaluated values.
    public var path: [Value]
    /// `=`, `+=`, `-=`, `*=` or `/=`.
    public var op: String
    public var value: Value
    public var range: SourceRange
}

/// Receives a scene body's (or trailing block's) entries, `require` lines and edits while it runs.
public protocol SceneBuilder: AnyObject {
    func entry(_ entry: EvaluatedSceneEntry) throws
    func require(_ condition: Value, probability: Value?, range: SourceRange) throws
    /// An edit of a body in a trailing block. The default rejects it.
    func assign(_ assignment: EvaluatedAssignment) throws
    /// The value of a bare name that is no variable, read inside a trailing block
    /// (`set b.mass = b.mass * 2`): the builder's body of that name, or nil when it has none.
    func read(_ name: String) throws -> Value?
}

extension SceneBuilder {
    public func assign(_ assignment: EvaluatedAssignment) throws {
        throw NativeError("cannot assign to '\(assignment.target)' here")
    }

    public func read(_ name: String) throws -> Value? { nil }
}

/// A scene block's body, or a call's trailing block (`intervene(w) { set b.mass = 10 }`),
/// runnable any number of times into a builder. A native receives a trailing block as
/// its `block` argument (`args.object(at: i, as: SceneBody.self, expected: "block")`).
public final class SceneBody: HostObject {
    public var typeName: String { "block" }
    public var description: String { "<block>" }
    public func member(_ name: String) throws -> Value? { nil }
    public func isEqual(to other: any HostObject) -> Bool { self === other }

    unowned let interpreter: Interpreter
    let function: ScriptFunction
    let range: SourceRange

    init(interpreter: Interpreter, function: ScriptFunction, range: SourceRange) {
        self.interpreter = interpreter
        self.function = function
        self.range = range
    }

    /// Runs the body; entries and requirements go to `builder`.
    public func run(into builder: SceneBuilder) throws {
        interpreter.sceneBuilders.append(builder)
        defer { interpreter.sceneBuilders.removeLast() }
        _ = try interpreter.call(.function(function), positional: [], named: [], at: range)
    }
}

extension Compiler {
    func sceneExpression(_ name: Expr, _ body: Block, _ range: SourceRange) -> Eval {
        let nameEval = expression(name)
        let make = functionValue(FunctionDecl(name: nil, parameters: [], body: body, range: body.range), name: "scene",
                                 kind: .scene)
        let interp = self.interp
        return { a in
            let n = try nameEval(a)
            guard case .string(let sceneName) = n else {
                throw ScriptError("scene name must be a string, got \(n.typeName)", name.range)
            }
            guard case .function(let f) = try make(a) else { return .null }
            guard let factory = interp.sceneFactory else {
                throw ScriptError("scene blocks need the world bindings, which are not loaded", range)
            }
            do {
                return try factory(sceneName, SceneBody(interpreter: interp, function: f, range: range), range)
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
        }
    }

    func sceneStatement(_ s: Stmt) -> Exec {
        let range = s.range
        let interp = self.interp
        guard bodyKind != .plain else {
            resolver.error("scene entries are only allowed inside a scene block", range)
            return { _ in .normal }
        }
        switch s.kind {
        case .sceneEntry(let entry):
            let nameEval = entry.name.map { expression($0) }
            let positionalEval = entry.positional.map { expression($0) }
            let props: [(String, Eval?)] = entry.properties.map { ($0.key.name, $0.value.map { expression($0) }) }
            let kind = entry.kind.name
            return { a in
                var name: String?
                if let nameEval {
                    let v = try nameEval(a)
                    guard case .string(let n) = v else {
                        throw ScriptError("\(kind) name must be a string, got \(v.typeName)", range)
                    }
                    name = n
                }
                var properties: [(key: String, value: Value?)] = []
                for (key, e) in props { properties.append((key, try e.map { try $0(a) })) }
                let evaluated = EvaluatedSceneEntry(kind: kind, name: name, positional: try positionalEval.map { try $0(a) },
                                                    properties: properties, range: range)
                guard let builder = interp.sceneBuilders.last else {
                    throw ScriptError("scene entry outside of a running scene or block", range)
                }
                do { try builder.entry(evaluated) } catch let e as NativeError { throw ScriptError(e.message, range) }
                return .normal
            }
        case .require(let condition, let probability):
            let c = expression(condition), p = probability.map { expression($0) }
            return { a in
                let cv = try c(a)
                let pv = try p.map { try $0(a) }
                guard let builder = interp.sceneBuilders.last else {
                    throw ScriptError("'require' outside of a running scene", range)
                }
                do { try builder.require(cv, probability: pv, range: range) } catch let e as NativeError {
                    throw ScriptError(e.message, range)
                }
                return .normal
            }
        default:
            return { _ in .normal }
        }
    }
}

// MARK: - Trailing blocks

extension Compiler {
    /// The block after a call: only natives with a `block` parameter take one; the
    /// block is compiled like a scene body and passed as that argument.
    func trailingBlock(_ block: Block, callee: Expr) -> Eval? {
        guard case .name(let name) = callee.kind, case .global(let cell)? = resolver.peek(name)?.address,
              case .native(let native) = cell.value, native.parameters.contains("block") else {
            resolver.error("a block after a call is only accepted by causal operations such as 'intervene'", block.range)
            return nil
        }
        let make = functionValue(FunctionDecl(name: nil, parameters: [], body: block, range: block.range),
                                 name: "block", kind: .trailingBlock)
        unowned(unsafe) let interp = self.interp
        let range = block.range
        return { a in
            guard case .function(let f) = try make(a) else { return .null }
            return .object(SceneBody(interpreter: interp, function: f, range: range))
        }
    }

    /// A bare name that is no variable, inside a scene or trailing block: the body of that
    /// name (declared so far, or in the edited world), looked up when the block runs
    /// (an undefined-variable error if none). `require b.x > a.x` reads this way.
    func blockRead(_ name: String, _ range: SourceRange) -> Eval {
        let interp = self.interp
        return { _ in
            do {
                if let builder = interp.sceneBuilders.last, let v = try builder.read(name) { return v }
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            throw ScriptError("undefined variable '\(name)'", range)
        }
    }

    /// `b.mass = 10` in a trailing block, where `b` is no variable: an edit for the builder.
    func edit(root: String, steps: [(kind: PathStepKind, range: SourceRange)], op: AssignmentOperator,
              value: Expr, range: SourceRange) -> Exec {
        let keys: [EvalBox] = steps.map { step in
            switch step.kind {
            case .field(let name):
                let v = Value.string(name)
                return EvalBox(run: { _ in v })
            case .index(let e):
                return EvalBox(run: expression(e))
            }
        }
        let rhs = expression(value)
        let interp = self.interp
        return { a in
            var path: [Value] = []
            for k in keys { path.append(try k.run(a)) }
            let v = try rhs(a)
            guard let builder = interp.sceneBuilders.last else {
                throw ScriptError("edit outside of a running block", range)
            }
            do {
                try builder.assign(EvaluatedAssignment(target: root, path: path, op: op.rawValue, value: v, range: range))
            } catch let e as NativeError {
                throw ScriptError(e.message, range)
            }
            return .normal
        }
    }
}
