// What the compiler hands the interpreter: compiled files, tests and loaded modules.

/// A `test "name" { … }` block, compiled and ready to run after the top level.
struct CompiledTest {
    var name: String
    var range: SourceRange
    /// The body; a statistical test's body takes the sample as its one parameter.
    var proto: FunctionProto
    /// A statistical test's `for … in EXPR`, compiled as a function of no arguments.
    var samples: FunctionProto?
    /// Its `expect rate >= EXPR`, likewise; nil when every sample must pass.
    var threshold: FunctionProto?
    var strict = false

    init(name: String, range: SourceRange, proto: FunctionProto) {
        self.name = name
        self.range = range
        self.proto = proto
    }
}

/// Thrown by a failed `assume`: the statistical test skips this sample (it is not a trial).
struct SampleSkipped: Error, CustomStringConvertible {
    var range: SourceRange
    var description: String { "'assume' can skip a sample only while a statistical test runs it" }
}

/// The result of compiling one file or REPL input.
struct CompiledUnit {
    var main: FunctionProto
    var tests: [CompiledTest]
    /// What `check` reports besides the diagnostics (Compiler+Checks.swift): mistakes a
    /// run reports only when their line runs.
    var checks: [Diagnostic] = []
}

/// A loaded module: its top-level bindings and the code that runs it once.
final class ImportedModule {
    let file: String
    let exports: [String: Binding]
    let unit: CompiledUnit
    var hasRun = false
    init(file: String, exports: [String: Binding], unit: CompiledUnit) {
        self.file = file
        self.exports = exports
        self.unit = unit
    }
}
