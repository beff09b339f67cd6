// The abstract syntax tree. Every node is a value carrying its source range.
// The grammar productions are written above each parse function in Parser.swift;
// the language reference (docs/reference.md) is the user-facing description.

/// An identifier together with where it was written.
public struct Identifier: Hashable, Sendable {
    public var name: String
    public var range: SourceRange
    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

// MARK: - Expressions

public struct Expr: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case number(Double)
        case string(String)
        /// `"a \(x) b"`: literal text and embedded expressions, in order.
        case interpolated([InterpolationPart])
        case bool(Bool)
        case `nil`
        case name(String)
        /// `(x, y)`
        case vector(Expr, Expr)
        /// `[a, b, c]`
        case list([Expr])
        /// `{x: 1, "y z": 2}`
        case record([RecordField])
        /// `-x`, `not x`
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `a and b`, `a or b` (short-circuit)
        case logical(LogicalOperator, Expr, Expr)
        /// `a ~= b` or `a ~= b within tol`: approximate equality.
        case approx(Expr, Expr, tolerance: Expr?)
        /// `f(a, b, name: c)`, optionally followed on the same line by a block
        /// (`intervene(world) { … }`), kept for the causal layer.
        case call(callee: Expr, arguments: [Argument], trailingBlock: Block?)
        /// `x.field`
        case member(Expr, Identifier)
        /// `x[i]`
        case index(Expr, Expr)
        /// `fn (a, b: 2) { … }` or `fn (x) => x * 2`
        case function(FunctionDecl)
        /// `scene "name" { … }`: a scene builder block.
        case scene(name: Expr, body: Block)
    }

    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum InterpolationPart: Hashable, Sendable {
    case text(String)
    case expr(Expr)
}

public struct RecordField: Hashable, Sendable {
    public var key: Identifier
    public var value: Expr
    public init(key: Identifier, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// A call argument; `label` is set for `name: value`.
public struct Argument: Hashable, Sendable {
    public var label: Identifier?
    public var value: Expr
    public init(label: Identifier?, value: Expr) {
        self.label = label
        self.value = value
    }
}

public enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
    case equal = "==", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

public enum LogicalOperator: String, Hashable, Sendable {
    case and, or
}

/// A parameter: `a`, or `b: 2` with a default value.
public struct Parameter: Hashable, Sendable {
    public var name: Identifier
    public var defaultValue: Expr?
    public init(name: Identifier, defaultValue: Expr?) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

public struct FunctionDecl: Hashable, Sendable {
    /// nil for an anonymous `fn (…)`.
    public var name: Identifier?
    public var parameters: [Parameter]
    /// An expression body `=> e` is stored as a block holding `return e`.
    public var body: Block
    public var range: SourceRange
    public init(name: Identifier?, parameters: [Parameter], body: Block, range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.range = range
    }
}

// MARK: - Statements

/// `{ stmt* }`. `range` covers the braces.
public struct Block: Hashable, Sendable {
    public var statements: [Stmt]
    public var range: SourceRange
    public init(statements: [Stmt], range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}

public enum AssignmentOperator: String, Hashable, Sendable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/="
}

/// The clauses of a statistical test: `for NAME in EXPR` and the optional
/// `expect rate (>=|>) EXPR` (without it, every sample must pass).
public struct TestSweep: Hashable, Sendable {
    public var variable: Identifier
    public var samples: Expr
    public var threshold: Expr?
    /// True for `expect rate > p`, false for `>=`.
    public var strict: Bool
    public init(variable: Identifier, samples: Expr, threshold: Expr?, strict: Bool) {
        self.variable = variable
        self.samples = samples
        self.threshold = threshold
        self.strict = strict
    }
}

public struct Stmt: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case expression(Expr)
        /// `let x = e` (constant) or `var x = e` (mutable).
        case binding(name: Identifier, mutable: Bool, value: Expr)
        /// `target op= value`; the target is a name, a member or an index chain rooted at a name.
        case assign(target: Expr, op: AssignmentOperator, value: Expr)
        /// `if c { } else if c { } else { }`; `elseBranch` holds a nested `if` for `else if`.
        case `if`(condition: Expr, then: Block, elseBranch: Block?)
        case `while`(condition: Expr, body: Block)
        case `for`(variable: Identifier, sequence: Expr, body: Block)
        case `break`
        case `continue`
        case `return`(Expr?)
        case function(FunctionDecl)
        /// `import "std/priors"` or `import "relative/path.orr"`.
        case `import`(path: String)
        /// `test "name" { … }`, or a statistical test over samples:
        /// `test "name" for w in EXPR expect rate >= p { … }` (`sweep` holds the clauses).
        case test(name: String, body: Block, sweep: TestSweep?)
        /// `expect cond` or `expect cond, "message"`
        case expect(condition: Expr, message: Expr?)
        /// `assume cond`: in a statistical test, skips the sample unless `cond` holds
        case assume(condition: Expr)
        /// `show x`
        case show(Expr)
        /// Inside a `scene` block: `ball a at (1, 0.5) radius 0.5 …`.
        case sceneEntry(SceneEntry)
        /// Inside a `scene` block: `require cond` or `require[p] cond`.
        case require(condition: Expr, probability: Expr?)
        /// `prior NAME(state[, previous]) { … }`: a reasoning prior (docs/priors-language.md).
        case prior(FunctionDecl)
        /// `correct BODY.FIELD = value`: a correction, only inside a prior's body.
        case correct(target: Expr, value: Expr)
    }

    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One line of a scene block: `KIND [NAME] [VALUE] (KEY [VALUE])*`.
///
/// Named kinds (`SceneVocabulary.namedWords`: `ball`, `box`, … in the world) take a name:
/// an identifier (stored as a string expression) or a string expression such as `"b\(i)"`.
/// A value written right after the kind (or name) is `positional`
/// (`gravity (0, -9.8)`, `bounds (0, 0) to (40, 40)`). Then `KEY VALUE` pairs on the
/// same line; flag keys (`SceneVocabulary.flagKeys`, such as `static`) take no value.
public struct SceneEntry: Hashable, Sendable {
    public struct Property: Hashable, Sendable {
        public var key: Identifier
        public var value: Expr?
        public init(key: Identifier, value: Expr?) {
            self.key = key
            self.value = value
        }
    }

    public var kind: Identifier
    public var name: Expr?
    /// True when the name was written as an identifier (`remove x`), false for a string
    /// (`remove "x"`, `ball "b\(i)"`): an identifier is taken as written, even where a
    /// variable of that name is in scope.
    public var nameIsIdentifier: Bool
    public var positional: Expr?
    public var properties: [Property]
    public init(kind: Identifier, name: Expr?, nameIsIdentifier: Bool = false, positional: Expr?,
                properties: [Property]) {
        self.kind = kind
        self.name = name
        self.nameIsIdentifier = nameIsIdentifier
        self.positional = positional
        self.properties = properties
    }
}

/// A parsed file.
public struct Program: Hashable, Sendable {
    public var file: String
    public var statements: [Stmt]
    public init(file: String, statements: [Stmt]) {
        self.file = file
        self.statements = statements
    }
}
