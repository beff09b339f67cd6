/// A function written in the language: compiled code plus the variables it captured.
public final class ScriptFunction {
    /// The declared name, or "anonymous".
    public var name: String { proto.name }
    let proto: FunctionProto
    /// Captured variables of enclosing functions (Lua's upvalues), shared by reference.
    let upvalues: [Cell]

    // Copied from the (finished) proto as constants: the call path reads them without
    // the exclusivity checks that `var` properties of a class cost.
    let frameSize: Int
    let cellCount: Int
    let parameterCount: Int
    let hasCapturedParameters: Bool
    let body: Exec
    /// Copied from the proto, like `body`.
    let hasValueBody: Bool
    let valueBody: Eval

    init(proto: FunctionProto, upvalues: [Cell]) {
        self.proto = proto
        self.upvalues = upvalues
        frameSize = proto.frameSize
        cellCount = proto.cellCount
        parameterCount = proto.parameterNames.count
        hasCapturedParameters = !proto.capturedParameters.isEmpty
        body = proto.body
        hasValueBody = proto.hasValueBody
        valueBody = proto.valueBody
    }
}

/// A variable that outlives its frame: a global, or a local captured by a closure.
/// The value sits behind a pointer so reads and in-place updates skip the dynamic
/// exclusivity checks of class properties; `ref.pointee` is the in-place handle.
final class Cell {
    let ref: UnsafeMutablePointer<Value>
    init(_ value: Value) {
        ref = .allocate(capacity: 1)
        ref.initialize(to: value)
    }
    deinit {
        ref.deinitialize(count: 1)
        ref.deallocate()
    }
    var value: Value {
        @inline(__always) get { ref.pointee }
        @inline(__always) set { ref.pointee = newValue }
    }
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
    /// The body as one value-computing closure, when it is only guarded returns
    /// (`Compiler.valueBody`); calls run it instead of `body`. Not an optional: an
    /// `Optional<Eval>` holds the closure generically, and every call would go through
    /// two reabstraction thunks.
    var valueBody: Eval = { _ in .null }
    var hasValueBody = false
    let range: SourceRange

    init(name: String, parameterNames: [String], range: SourceRange) {
        self.name = name
        self.parameterNames = parameterNames
        self.range = range
    }

    /// Forgets the compiled code (for `check`, which runs nothing).
    func dropCode() {
        defaults = []
        body = { _ in .normal }
        valueBody = { _ in .null }
    }
}

/// Where a compiled call is written: its range behind one reference, so the call's
/// closure captures a pointer, not a range it would load on every call (only errors read it).
final class CallSite {
    let range: SourceRange
    init(_ range: SourceRange) { self.range = range }
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

/// Closures kept in arrays go inside these structs: an array of bare closures stores
/// them at the generic abstraction level, and every call then pays two reabstraction thunks.
struct ExecBox { let run: Exec }
struct EvalBox { let run: Eval }

/// How a statement finished; `returned` leaves the value in `Interpreter.returnValue`.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// A runtime error on its way out, before it reaches the API as `RuntimeError`. A native
/// that knows the exact place in the script throws one; most throw `NativeError`.
public struct ScriptError: Error {
    public var error: RuntimeError
    /// Where the frame being unwound was called from: the position inside the next
    /// frame out, recorded when that frame is unwound.
    var pendingCallSite: SourceRange?
    public init(_ message: String, _ range: SourceRange) {
        error = RuntimeError(message: message, range: range)
    }

    /// Adds the frame of `function` while the error leaves it; `callSite` is where it was called.
    mutating func unwind(through function: String, calledAt callSite: SourceRange?) {
        error.trace.append(StackFrame(function: function, range: pendingCallSite ?? error.range))
        pendingCallSite = callSite
    }
}
