#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OrreryLang

// MARK: - Ctrl-C as a request

/// While installed, SIGINT raises an `InterruptFlag` instead of ending the process, so
/// the REPL can stop the evaluation running now and keep its bindings. The handler
/// does nothing but raise the flag: atomic operations, no allocation, no locks.
enum InterruptSignal {
    /// The flag SIGINT raises, retained here so the handler need not retain it.
    nonisolated(unsafe) fileprivate static var target: Unmanaged<InterruptFlag>?
    nonisolated(unsafe) private static var previous: sighandler_t?

    /// Makes SIGINT raise `flag` until `restore()`, unless SIGINT was ignored when the
    /// program started (a background job of a shell): then it stays ignored.
    static func install(_ flag: InterruptFlag) {
        target?.release()
        target = Unmanaged.passRetained(flag)
        previous = signal(SIGINT, raiseInterruptFlag)
        if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
            signal(SIGINT, SIG_IGN)
        }
    }

    /// Gives SIGINT back the meaning it had before `install` (ending the process).
    static func restore() {
        signal(SIGINT, previous ?? SIG_DFL)
        previous = nil
        target?.release()
        target = nil
    }
}

/// The SIGINT handler.
private func raiseInterruptFlag(_ signal: Int32) {
    InterruptSignal.target?._withUnsafeGuaranteedRef { $0.raise() }
}
