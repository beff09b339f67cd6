// The hook through which the world bindings turn `scene "name" { … }` blocks into scenes.
//
// The language evaluates the block's statements and entry values; the host decides
// what an entry means. A scene body is kept as a closure so the host can run it again
// (a scene whose values are random is a generator sampled many times).

/// One evaluated line of a scene block: `ball a at (1, 0.5) radius 0.5`.
public struct EvaluatedSceneEntry {
    public var kind: String
    public var name: String?
    /// True when the name was written as a bare word that is also a variable in scope
    /// (`remove x` after `let x = "a"`): the entry still takes the word, and a domain
    /// that finds nothing of that name can say how to use the variable instead.
    public var nameIsAlsoVariable = false
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
    /// The names `read` knows (the bodies declared so far), for "did you mean" when a
    /// bare name is neither a variable nor one of them. The default knows none.
    var readableNames: [String] { get }
}

extension SceneBuilder {
    public func assign(_ assignment: EvaluatedAssignment) throws {
        throw NativeError("cannot assign to '\(assignment.target)' here")
    }

    public func read(_ name: String) throws -> Value? { nil }

    public var readableNames: [String] { [] }
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
    /// Where the block is written, from `{` to `}`.
    public let range: SourceRange

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
