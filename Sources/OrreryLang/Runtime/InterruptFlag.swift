import Synchronization

/// How many `InterruptFlag`s are raised now, in the whole process. Interpreters read it
/// where they count steps: a global with a fixed address costs the hot path one load
/// and a branch, and only when it is not zero does an interpreter look at its own flag.
let raisedInterrupts = Atomic<Int>(0)

/// A request from outside to stop the evaluation running now: Ctrl-C in the REPL. The
/// interpreter made with this flag polls it at every call and loop iteration and, when it
/// is raised, lowers it and fails with the runtime error "interrupted" at that place.
///
/// Raising and lowering are atomic operations only, so `raise` is safe from any thread
/// and from a signal handler.
public final class InterruptFlag: Sendable {
    /// The message of the runtime error an interrupt causes.
    public static let message = "interrupted"

    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Asks the evaluation running now to stop.
    public func raise() {
        if !raised.exchange(true, ordering: .sequentiallyConsistent) {
            raisedInterrupts.add(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Whether the flag is raised now; leaves it raised.
    public var isRaised: Bool {
        raised.load(ordering: .sequentiallyConsistent)
    }

    /// Whether the flag was raised; lowers it.
    public func take() -> Bool {
        guard raised.exchange(false, ordering: .sequentiallyConsistent) else { return false }
        raisedInterrupts.subtract(1, ordering: .sequentiallyConsistent)
        return true
    }
}
