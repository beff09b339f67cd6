/// A function written in the language: compiled code plus the variables it captured.
public final class ScriptFunction {
    /// The declared name, or "anonymous".
    public var name: String { proto.name }
    let proto: FunctionProto
    /// Captured variables of enclosing functions (Lua's upvalues), shared by reference.
    let upvalues: [Cell]

    init(proto: FunctionProto, upvalues: [Cell]) {
        self.proto = proto
        self.upvalues = upvalues
    }
}

/// A variable that outlives its frame: a global, or a local captured by a closure.
final class Cell {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// The compiled, shareable part of a function: one per `fn` in the source.
final class FunctionProto {
    let name: String
    let parameterNames: [String]
    /// Default value code per parameter, run in the callee's frame when the argument is missing.
    var defaults: [Eval?] = []
    /// Slots for parameters and every local of the body (block locals get their own slots).
    var frameSize = 0
    /// Cells for the locals that closures capture (they outlive the frame).
    var cellCount = 0
    /// Parameters that closures capture: (parameter slot, cell index).
    var capturedParameters: [(slot: Int, cell: Int)] = []
    var body: Exec = { _ in .normal }
    let range: SourceRange

    init(name: String, parameterNames: [String], range: SourceRange) {
        self.name = name
        self.parameterNames = parameterNames
        self.range = range
    }
}

/// The running function's frame: its slots on the value stack and its closure.
struct Activation {
    let slots: UnsafeMutablePointer<Value>
    let cells: UnsafeMutablePointer<Cell?>
    unowned(unsafe) let function: ScriptFunction
}

typealias Eval = (Activation) throws -> Value
typealias Exec = (Activation) throws -> Flow
typealias Condition = (Activation) throws -> Bool

/// How a statement finished; `returned` leaves the value in `Interpreter.returnValue`.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// A runtime error on its way out, before it reaches the API as `RuntimeError`.
struct ScriptError: Error {
    var error: RuntimeError
    init(_ message: String, _ range: SourceRange) {
        error = RuntimeError(message: message, range: range)
    }
}
