import CBLAS
import Synchronization

// MARK: - BLAS configuration and access
//
// Every BLAS and LAPACK call in WorldKit goes through `BLAS.exclusive`. The
// single-threaded OpenBLAS that Scripts/bootstrap selects keeps its work buffers in
// a table without locks: two threads inside it at once can share a buffer and get
// wrong numbers (parallel tests rolled out one trained model and disagreed with a
// serial rollout, 18 of 4,500 times; never with the locked pthread build). One lock,
// held for each call, makes the library safe for a host that uses WorldKit from
// several threads; uncontended it costs next to nothing beside the call.

/// One-time setup of OpenBLAS, and the lock every call takes.
public enum BLAS {
    /// A global `let` initialiser runs exactly once, thread-safely, on first use.
    private static let configured: Bool = {
        // One thread: OpenBLAS splits sums differently per thread count, and bit-identical
        // results at any core count matter more here than speed on the models' small sizes.
        openblas_set_num_threads(1)
        return true
    }()

    private static let lock = Mutex(())

    /// Pins OpenBLAS to one thread before the first product; cheap after the first call.
    @inline(__always) public static func configure() {
        _ = configured
    }

    /// Runs `call` (BLAS or LAPACK routines, nothing that takes this lock again) while no
    /// other thread is inside OpenBLAS.
    @inline(__always) static func exclusive<Result>(_ call: () -> Result) -> Result {
        configure()
        return lock.withLock { _ in call() }
    }
}
