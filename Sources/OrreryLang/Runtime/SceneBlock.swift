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

/// Receives a scene body's entries and `require` lines while it runs.
public protocol SceneBuilder: AnyObject {
    func entry(_ entry: EvaluatedSceneEntry) throws
    func require(_ condition: Value, probability: Value?, range: SourceRange) throws
}

/// A scene block's body, runnable any number of times into a builder.
public final class SceneBody {
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
        inScene += 1
        let make = functionValue(FunctionDecl(name: nil, parameters: [], body: body, range: body.range), name: "scene")
        inScene -= 1
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
        guard inScene > 0 else {
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
                    throw ScriptError("scene entry outside of a running scene", range)
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
