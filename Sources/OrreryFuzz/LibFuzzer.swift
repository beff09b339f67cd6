// MARK: - libFuzzer
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (Scripts/fuzz does it), the tool hands
// a target to libFuzzer's driver: coverage-guided mutation under AddressSanitizer. The
// plain build leaves this out and has only the mutation driver.

#if FUZZING
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

enum LibFuzzer {
    static let isAvailable = true
    /// The target the C callback runs (it cannot capture).
    private static var target: FuzzTarget?

    /// Runs libFuzzer with `arguments` (its flags and corpus folders) on `target`.
    static func run(_ target: FuzzTarget, arguments: [String]) -> Int32 {
        Self.target = target
        var argv: [UnsafeMutablePointer<CChar>?] = ([CommandLine.arguments[0]] + arguments).map { strdup($0) } + [nil]
        var argc = Int32(argv.count - 1)
        return argv.withUnsafeMutableBufferPointer { buffer in
            var base: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &base) { data, size in
                let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
                LibFuzzer.target?.run(bytes)
                return 0
            }
        }
    }
}
#else
enum LibFuzzer {
    static let isAvailable = false
    static func run(_ target: FuzzTarget, arguments: [String]) -> Int32 { 64 }
}
#endif
