import Foundation

// MARK: - Running compiled units

extension Interpreter {
    /// Runs a file's (or module's) top level; an error's trace ends at the top level.
    func runTopLevel(_ unit: CompiledUnit) throws {
        let proto = unit.main
        let function = ScriptFunction(proto: proto, upvalues: [])
        let a = try pushFrame(function, at: proto.range)
        defer { popFrame(function, a) }
        do {
            _ = try proto.body(a)
        } catch var e as ScriptError {
            // An error raised right here (no call in between) needs no trace line.
            if e.pendingCallSite != nil { e.unwind(through: proto.name, calledAt: nil) }
            throw e
        }
        returnValue = .null
    }

    /// Runs an imported module's top level the first time an `import` of it executes.
    func runModule(_ module: ImportedModule, at range: SourceRange) throws {
        if module.hasRun { return }
        module.hasRun = true
        do {
            try runTopLevel(module.unit)
        } catch var e as ScriptError {
            // The importer's frame continues the trace at the `import` line.
            if e.error.trace.isEmpty { e.error.trace.append(StackFrame(function: module.unit.main.name, range: e.error.range)) }
            e.pendingCallSite = range
            throw e
        }
    }

    /// Runs one test block as a function with no parameters.
    func runTest(_ test: CompiledTest) throws {
        let function = ScriptFunction(proto: test.proto, upvalues: [])
        let a = try pushFrame(function, at: test.range)
        defer { popFrame(function, a) }
        do {
            _ = try test.proto.body(a)
        } catch var e as ScriptError {
            e.unwind(through: test.proto.name, calledAt: nil)
            throw e
        }
        returnValue = .null
    }

    /// Converts anything thrown while running into the API's `RuntimeError`.
    static func runtimeError(_ error: Error, at range: SourceRange) -> RuntimeError {
        switch error {
        case let e as ScriptError: return e.error
        case let e as NativeError: return RuntimeError(message: e.message, range: range)
        default: return RuntimeError(message: String(describing: error), range: range)
        }
    }

    // MARK: - A large native stack

    /// Native stack size for the interpreter's thread: deep enough that the script
    /// depth limit (`maxCallDepth`) is always reached first.
    public static let threadStackSize = 512 << 20

    /// Runs `body` on a thread with a large stack and waits for it.
    public static func onLargeStack<T>(_ body: @escaping () -> T) -> T {
        let box = LargeStackBox(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = box.body()
            done.signal()
        }
        thread.stackSize = threadStackSize
        thread.start()
        done.wait()
        guard let value = box.value else { return body() }
        return value
    }
}

/// Carries a body and its result across the thread boundary of `onLargeStack`.
private final class LargeStackBox<T>: @unchecked Sendable {
    var value: T?
    let body: () -> T
    init(_ body: @escaping () -> T) { self.body = body }
}
