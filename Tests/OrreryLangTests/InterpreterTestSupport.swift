import Foundation
@testable import OrreryLang
@testable import OrreryWorld

/// Collects everything a script prints (and shows) as lines.
final class CollectingOutput: ReplOutput {
    var lines: [String] = []
    var errors: [String] = []
    func print(_ line: String) {
        lines.append(contentsOf: line.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }
    func show(_ value: Value) { print(value.description) }
    func error(_ text: String) { errors.append(text) }
}

/// Runs `source` and returns its printed lines, or a description of what went wrong.
func runScript(_ source: String, maxSteps: Int? = nil) -> (lines: [String], report: FileRunReport) {
    let out = CollectingOutput()
    var options = RunOptions()
    options.maxSteps = maxSteps
    let engine = Engine(options: options, output: out, extensions: world)
    let report = engine.run(path: "t.orr", source: source)
    return (out.lines, report)
}

/// The printed output of a script that must run without errors.
func output(_ source: String) -> [String] {
    let (lines, report) = runScript(source)
    switch report.outcome {
    case .success: return lines
    case .scriptErrors(let ds): return lines + ds.map { "error: \($0.message)" }
    case .runtimeError(let e): return lines + ["runtime error: \(e.message)"]
    }
}

/// The messages of the resolve (or syntax) errors of a script.
func resolveErrors(_ source: String) -> [String] {
    let engine = Engine(output: CollectingOutput(), extensions: world)
    return engine.check(path: "t.orr", source: source).map(\.message)
}

/// The world, installed into the engines of these tests (the language's own tests, in
/// LanguageTests, run without it).
let world: [any LanguageExtension] = [WorldExtension()]

/// A domain made of one install closure, for tests that define natives of their own.
final class NativesForTest: LanguageExtension {
    let installer: (Interpreter) -> Void
    init(_ installer: @escaping (Interpreter) -> Void) { self.installer = installer }
    func install(into interpreter: Interpreter, options: RunOptions, output: OutputSink) { installer(interpreter) }
}

extension Array where Element == any LanguageExtension {
    /// `engine.extensions.append { interp in … }`: natives of a test.
    mutating func append(_ installer: @escaping (Interpreter) -> Void) {
        append(NativesForTest(installer))
    }
}

/// The world's scene words, for parser tests of scene blocks.
let worldWords = WorldExtension().sceneVocabulary
