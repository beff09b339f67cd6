import Foundation
import OrreryLang
import OrreryWorld

// MARK: - Script targets: the front end, the checker, the evaluator

/// Golden scripts and (unless the seeds are to be run) the examples: every construct of
/// the language. The examples are left out of the evaluator's seeds: some train models
/// or run the full benchmark, seconds to minutes of work a step limit does not bound.
private func scriptSeeds(root: String, examples: Bool = true) -> [[UInt8]] {
    SeedFiles.read(under: root + "/Tests/golden", suffix: ".orr")
        + (examples ? SeedFiles.read(under: root + "/Stdlib/examples", suffix: ".orr") : [])
}

/// Keywords, operators and scene words that mutations splice into scripts.
private let scriptWords = [
    "let ", "var ", "fn ", "return ", "if ", "else ", "while ", "for ", " in ", "break", "continue",
    "test ", "expect ", "import ", "scene ", "show ", "print(", "true", "false", "nil", " and ", " or ", "not ",
    "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "=", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*",
    "/", "%", "..", "\"", "\\(", "#", "\n", "1e308", "-0", "nan", "inf", "9223372036854775807", "0x",
    "ball ", "box ", "wall ", "at ", "radius ", "velocity ", "gravity ", "camera ", "size ", "ppu ",
    "rollout(", "physics", "steps: ", "save(", "range(", "len(", "samples ", "assume ", "sample ",
    "remove ", "set ", "contact(", "dataset(", "train(", "load_model(", "model(",
]

/// Bytes as a script: invalid UTF-8 becomes U+FFFD, as when a file is read.
private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The lexer and parser (with the world's scene words), the AST dump and the diagnostic
/// formatter over the result; also the REPL's single-expression parse.
final class ParseTarget: FuzzTarget {
    let name = "parse"
    let summary = "lexer and parser: Parser.parse, the AST dump, every diagnostic formatted"
    let maxLength = 1 << 16
    var dictionary: [String] { scriptWords }
    private let vocabulary = WorldExtension().sceneVocabulary

    func run(_ bytes: [UInt8]) {
        let source = text(bytes)
        let result = Parser.parse(source: source, file: "fuzz.orr", vocabulary: vocabulary)
        _ = result.program.sExpression
        for d in result.diagnostics { _ = DiagnosticFormatter.format(d, source: source, color: false) }
        let expression = Parser.parseExpression(source: source, file: "fuzz.orr", vocabulary: vocabulary)
        _ = expression.expression?.sExpression
    }

    func seeds(root: String) -> [[UInt8]] { scriptSeeds(root: root) }
}

/// `orrery check`: parse, resolve, compile and the checks, with the world installed; runs nothing.
final class CheckTarget: FuzzTarget {
    let name = "check"
    let summary = "checker: Engine.check (resolver, compiler, checks) with the world installed"
    let maxLength = 1 << 16
    var dictionary: [String] { scriptWords }
    private let engine = Engine(options: RunOptions(), output: DiscardingOutput(), extensions: [WorldExtension()])
    private let folder = FuzzScratch.folder("check")

    func run(_ bytes: [UInt8]) {
        let source = text(bytes)
        for d in engine.check(path: folder + "/fuzz.orr", source: source) {
            _ = DiagnosticFormatter.format(d, source: source, color: false)
        }
    }

    func seeds(root: String) -> [[UInt8]] { scriptSeeds(root: root) }
}

/// `orrery test`: the top level and every test, under a small step limit, an interrupt
/// after `timeLimit`, writing only into a scratch output folder, with no `--allow-exec`.
final class EvaluatorTarget: FuzzTarget {
    let name = "run"
    let summary = "evaluator: Engine.test under --max-steps \(EvaluatorTarget.maxSteps), interrupted after \(EvaluatorTarget.timeLimit) s, output in a scratch folder, no exec"
    let maxLength = 1 << 14
    var dictionary: [String] { scriptWords }

    static let maxSteps = 2_000
    static let timeLimit = 0.5
    /// Runs between emptying the output folder.
    static let cleanEvery = 200

    private let folder = FuzzScratch.folder("run")
    private lazy var watchdog = Watchdog()
    private var runs = 0

    func run(_ bytes: [UInt8]) {
        let source = text(bytes)
        var options = RunOptions()
        options.seed = 1
        options.maxSteps = Self.maxSteps
        options.outputDirectory = folder + "/out"
        options.allowExec = false
        // Inputs may not build large values (the goldens' `# max-memory:` comments are
        // not read here): a 1,000,000-step rollout fits 4 GiB but takes seconds.
        options.maxMemory = 256 << 20
        let flag = InterruptFlag()
        options.interrupt = flag
        let output = DiscardingOutput()
        let engine = Engine(options: options, output: output, extensions: [WorldExtension()])
        watchdog.arm(flag, seconds: Self.timeLimit)
        let report = engine.test(path: folder + "/fuzz.orr", source: source, filter: nil)
        watchdog.disarm()
        switch report.outcome {
        case .runtimeError(let error): _ = DiagnosticFormatter.format(error, source: source, color: false)
        case .scriptErrors(let diagnostics): for d in diagnostics { _ = DiagnosticFormatter.format(d, source: source, color: false) }
        default: break
        }
        for f in report.expectFailures { _ = DiagnosticFormatter.format(f, source: source) }
        runs += 1
        if runs % Self.cleanEvery == 0 { try? FileManager.default.removeItem(atPath: folder + "/out") }
    }

    func seeds(root: String) -> [[UInt8]] { scriptSeeds(root: root, examples: false) }
}

/// Drops everything a script prints or shows.
final class DiscardingOutput: OutputSink {
    func print(_ line: String) {}
    func show(_ value: Value) {}
}

/// A scratch folder per target and process, for scripts' paths and output.
enum FuzzScratch {
    static func folder(_ target: String) -> String {
        let path = NSTemporaryDirectory() + "/orrery-fuzz-\(getpid())/\(target)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Raises an interrupt flag when a run takes longer than its time limit: scripts poll
/// the flag in loops and calls, so a slow input ends with "interrupted" instead of
/// being reported as a hang.
final class Watchdog: @unchecked Sendable {
    private let lock = NSCondition()
    private var flag: InterruptFlag?
    private var deadline = Date.distantFuture

    init() {
        let thread = Thread { [unowned self] in self.watch() }
        thread.start()
    }

    func arm(_ flag: InterruptFlag, seconds: Double) {
        lock.lock()
        self.flag = flag
        deadline = Date(timeIntervalSinceNow: seconds)
        lock.signal()
        lock.unlock()
    }

    func disarm() {
        lock.lock()
        flag = nil
        lock.unlock()
    }

    private func watch() {
        lock.lock()
        while true {
            if let flag {
                if Date() >= deadline {
                    flag.raise()
                    self.flag = nil
                } else {
                    _ = lock.wait(until: deadline)
                }
            } else {
                lock.wait()
            }
        }
    }
}
