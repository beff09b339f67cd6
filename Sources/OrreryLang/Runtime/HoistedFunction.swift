/// The function a top-level `fn` declaration installed, read by calls without
/// reference counting.
///
/// A call of a top-level function by name is the hottest path of recursive code, and
/// copying the function out of its global cell costs a retain and a release per call.
/// The binding is immutable, so the cell only changes when the unit's top level runs;
/// the interpreter keeps every function installed here alive (`Interpreter.keepAlive`)
/// until `tearDown`, which also clears this reference, so it never dangles.
final class HoistedFunction {
    /// Behind a pointer, like `Cell.ref`: class properties pay dynamic exclusivity checks.
    let ref: UnsafeMutablePointer<Unmanaged<ScriptFunction>?>

    init() {
        ref = .allocate(capacity: 1)
        ref.initialize(to: nil)
    }

    deinit {
        ref.deinitialize(count: 1)
        ref.deallocate()
    }

    /// Makes `function` the one calls reach; `interp` keeps it alive until tear-down.
    func install(_ function: ScriptFunction, in interp: Interpreter) {
        interp.keepAlive.append(function)
        interp.hoistedFunctions.append(self)
        ref.pointee = Unmanaged.passUnretained(function)
    }

    /// Forgets the function (the interpreter is releasing it).
    func clear() {
        ref.pointee = nil
    }
}
