import CBLAS

extension BLAS {
    /// Lets OpenBLAS use `n` threads, for throughput measurements only: models keep the
    /// single thread `configure()` sets, because sums split across threads can differ
    /// in the last bit and training must be bit-identical on any machine.
    public static func benchmarkThreads(_ n: Int) {
        configure()
        openblas_set_num_threads(Int32(max(1, min(n, 256))))
    }
}
