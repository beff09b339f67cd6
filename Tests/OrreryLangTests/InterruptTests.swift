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

/// The interpreter's interrupt flag, polled where it counts steps (calls, loop iterations).
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
}
