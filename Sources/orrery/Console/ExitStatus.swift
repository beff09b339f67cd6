import ArgumentParser
import OrreryLang

/// The exit-code contract (sysexits-style, like jlox/clox). Scripts and CI rely on
/// these numbers, so they are named once here.
enum ExitStatus {
    /// A test or a top-level `expect` failed.
    static let expectationFailed = ExitCode(1)
    /// Bad command line (argument-parser uses the same number for its own errors).
    static let usage = ExitCode(64)
    /// Syntax or resolve errors: nothing ran.
    static let scriptError = ExitCode(65)
    /// The script raised a runtime error.
    static let runtimeError = ExitCode(70)
    /// A file could not be read or written.
    static let ioError = ExitCode(74)
}

extension ExitStatus {
    /// What a finished run exits with: 65 when it had syntax errors, 70 on a runtime
    /// error, 1 when a top-level `expect` failed, nil when it succeeded.
    static func of(_ report: FileRunReport) -> ExitCode? {
        switch report.outcome {
        case .scriptErrors: return scriptError
        case .runtimeError: return runtimeError
        case .success: return report.expectFailures.isEmpty ? nil : expectationFailed
        }
    }
}
