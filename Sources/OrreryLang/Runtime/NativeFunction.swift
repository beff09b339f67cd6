/// A function implemented in Swift and callable from scripts.
///
/// `parameters` names the arguments so scripts may pass them by name
/// (`sort(xs, by: f)`); a variadic native takes any number of positional arguments.
public final class NativeFunction {
    public let name: String
    public let parameters: [String]
    public let isVariadic: Bool
    let body: (inout Arguments) throws -> Value
    /// For a function of one number (`sqrt`, `sin`, …), the function itself: a call with
    /// one number argument applies it directly, without an argument array (`hasNumeric`
    /// says whether it is set; not an optional, which would cost reabstraction thunks).
    let numeric: (Double) -> Double
    let hasNumeric: Bool

    /// Creates a native; `body` reads its arguments through the checking helpers of `Arguments`.
    public init(_ name: String, parameters: [String], variadic: Bool = false,
                _ body: @escaping (inout Arguments) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.isVariadic = variadic
        self.body = body
        numeric = { $0 }
        hasNumeric = false
    }

    /// A native of one number `x` returning a number: `f` applied to it.
    public init(_ name: String, number f: @escaping (Double) -> Double) {
        self.name = name
        parameters = ["x"]
        isVariadic = false
        body = { args in .number(f(try args.number(at: 1))) }
        numeric = f
        hasNumeric = true
    }
}

/// An error raised by a native; the interpreter adds the location and the stack trace.
public struct NativeError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// The arguments of one native call, in parameter order (named arguments already placed).
/// Positions are 1-based, as in the error messages (`bad argument #1 to 'sqrt'`).
public struct Arguments {
    /// The argument values; a position skipped by named arguments holds nil.
    public private(set) var values: [Value]
    /// Which positions were actually passed (a named argument can skip one); empty
    /// when every position up to `values.count` was passed.
    private var present: [Bool]
    /// The name of the native being called, for error messages.
    public let function: String
    public unowned let interpreter: Interpreter

    init(values: [Value], present: [Bool], function: String, interpreter: Interpreter) {
        self.values = values
        self.present = present
        self.function = function
        self.interpreter = interpreter
    }

    /// The number of argument positions (the last passed one decides).
    public var count: Int { values.count }

    /// Whether position `i` (0-based) was passed.
    func passed(_ i: Int) -> Bool { present.isEmpty || present[i] }

    /// Calls a script function or native (e.g. the `by:` function of `sort`).
    public func call(_ callee: Value, _ arguments: [Value]) throws -> Value {
        try interpreter.call(callee, arguments)
    }

    /// Moves the value at a position out (leaving nil), so a native can mutate a list
    /// it holds the only reference to, without copying it.
    public mutating func take(at position: Int) -> Value {
        let i = position - 1
        guard i >= 0, i < values.count else { return .null }
        let v = values[i]
        values[i] = .null
        return v
    }
}
