import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// A domain with one native, `press_ctrl_c()`, that raises the run's interrupt flag the
/// way the REPL's SIGINT handler does: what runs next must stop with "interrupted".
struct CtrlC: LanguageExtension {
    func install(into interpreter: Interpreter, options: RunOptions, output: OutputSink) {
        let flag = options.interrupt
        interpreter.define(NativeFunction("press_ctrl_c", parameters: []) { _ in
            flag?.raise()
            return .null
        })
    }
}

/// The interpreter's interrupt flag, polled where it counts steps (calls, loop iterations)
/// and by natives that loop for long (training).
@Suite struct InterruptTests {
    /// Runs `source` with an interrupt flag; the printed lines and the runtime error, if any.
    func run(_ source: String, flag: InterruptFlag = InterruptFlag(), extensions: [any LanguageExtension] = [CtrlC()],
             output: CollectingOutput = CollectingOutput()) -> (lines: [String], error: RuntimeError?) {
        var options = RunOptions()
        options.interrupt = flag
        let report = Engine(options: options, output: output, extensions: extensions).run(path: "t.orr", source: source)
        if case .runtimeError(let e) = report.outcome { return (output.lines, e) }
        return (output.lines, nil)
    }

    @Test func stopsWhileLoopsForLoopsAndCallsWhereTheyAre() {
        let loops = [
            "var i = 0\nwhile true { i += 1; if i == 100 { press_ctrl_c() } }",
            "print(1)\nfor i in range(1000000) { if i == 100 { press_ctrl_c() } }",
            "print(1)\nfor x in [1, 2, 3] { press_ctrl_c() }",
            "fn f() { return 1 }\npress_ctrl_c(); f()",
        ]
        for source in loops {
            let r = run(source)
            #expect(r.error?.message == "interrupted", "\(source)")
            #expect(r.error?.range.start.line == 2, "\(source)")
        }
    }

    @Test func theInterruptIsLoweredOnceItStoppedARun() {
        let flag = InterruptFlag()
        #expect(run("press_ctrl_c()\nwhile true {}", flag: flag).error?.message == "interrupted")
        #expect(flag.take() == false)
        #expect(run("var n = 0\nwhile n < 10 { n += 1 }\nprint(n)", flag: flag).lines == ["10"])
    }

    @Test func anotherRunsFlagDoesNotStopThisOne() {
        let other = InterruptFlag()
        other.raise()
        defer { _ = other.take() }
        let r = run("fn f(n) { return n }\nvar n = 0\nwhile n < 1000 { n = f(n) + 1 }\nprint(n)")
        #expect(r.error == nil)
        #expect(r.lines == ["1000"])
    }

    @Test func trainingStopsBetweenEpochs() {
        let output = ProgressCollectingOutput()
        var options = RunOptions()
        options.interrupt = InterruptFlag()
        let source = ModelLanguageTests.world + """
        let data = dataset(world, n: 2, steps: 10, seed: 3)
        press_ctrl_c()
        train(window(k: 3, hidden: 4), data, epochs: 100000)
        """
        let report = Engine(options: options, output: output, extensions: world + [CtrlC()]).run(path: "t.orr", source: source)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error, got \(report.outcome)")
            return
        }
        #expect(e.message == "interrupted")
        let trainLine = source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("train(") }
        #expect(e.range.start.line == trainLine.map { $0 + 1 })
        #expect(output.progress.isEmpty)
    }

    /// Long world built-ins stop too: a dataset between rollouts, the benchmark between
    /// trainings and tasks, a rollout every 1,024 steps (found by fuzzing: each ran on
    /// for over 10 s).
    @Test(arguments: ["let data = dataset(world, n: 5000, steps: 200, seed: 3)",
                      "let table = benchmark(quick: true)",
                      "let long = rollout(physics, world, steps: 1000000)"])
    func longWorldBuiltinsStopWhereTheyAre(line: String) {
        var options = RunOptions()
        options.interrupt = InterruptFlag()
        let source = ModelLanguageTests.world + "press_ctrl_c()\n" + line + "\n"
        let report = Engine(options: options, output: ProgressCollectingOutput(), extensions: world + [CtrlC()])
            .run(path: "t.orr", source: source)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error, got \(report.outcome)")
            return
        }
        #expect(e.message == "interrupted")
        let last = source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == Substring(line) }
        #expect(e.range.start.line == last.map { $0 + 1 })
    }
}
