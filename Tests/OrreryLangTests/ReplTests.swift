import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Feeds the REPL fixed lines and records the prompts it asked with.
final class ScriptedReader: LineReader {
    /// Stands for Ctrl-C pressed while a line is typed: the reader raises the REPL's
    /// interrupt flag and ends the line, as the readline reader does.
    static let ctrlC = "^C"
    var lines: [String]
    var prompts: [String] = []
    var history: [String] = []
    /// The REPL's flag, for `ctrlC`.
    var interrupt: InterruptFlag?
    /// Called with each line handed out.
    var whenRead: (String) -> Void = { _ in }
    init(_ lines: [String]) { self.lines = lines }
    func readLine(prompt: String) -> String? {
        prompts.append(prompt)
        guard !lines.isEmpty else { return nil }
        let line = lines.removeFirst()
        whenRead(line)
        if line == Self.ctrlC {
            interrupt?.raise()
            return ""
        }
        return line
    }
    func addHistory(_ line: String) { history.append(line) }
}

/// Runs a REPL session over `input` (with the world and `press_ctrl_c()`) and returns
/// what it printed and reported.
func transcript(_ input: [String], maxSteps: Int? = nil, maxMemory: Int? = nil, whenRead: @escaping (String, Repl) -> Void = { _, _ in })
    -> (lines: [String], errors: [String], reader: ScriptedReader) {
    let reader = ScriptedReader(input)
    let out = CollectingOutput()
    var options = RunOptions()
    options.maxSteps = maxSteps
    if let maxMemory { options.maxMemory = maxMemory }
    let repl = Repl(options: options, reader: reader, output: out)
    repl.extensions = world + [CtrlC()]
    reader.interrupt = repl.interrupt
    reader.whenRead = { [unowned repl] line in whenRead(line, repl) }
    repl.run()
    return (out.lines, out.errors, reader)
}

@Suite struct ReplTests {
    @Test func echoesExpressionValues() {
        #expect(transcript(["let x = 2", "x * 21"]).lines == ["42"])
        #expect(transcript(["\"hi\"", "print(\"a\")", "nil", "[1, \"b\"]"]).lines == ["\"hi\"", "a", "[1, \"b\"]"])
    }

    @Test func multiLineInput() {
        let t = transcript(["fn f(a) {", "  return a + 1", "}", "f(1)"])
        #expect(t.lines == ["2"])
        #expect(t.reader.prompts == ["> ", ". ", ". ", "> ", "> "])
        #expect(t.reader.history == ["fn f(a) {\n  return a + 1\n}", "f(1)"])
    }

    @Test func bindingsSurviveErrors() {
        let t = transcript(["let y = 5", "y + nope", "[1][5]", "y"])
        #expect(t.lines == ["5"])
        #expect(t.errors.count == 2)
        #expect(t.errors.first?.contains("undefined variable 'nope'") == true)
        #expect(t.errors.last?.contains("list index 5 out of range (length 1)") == true)
    }

    @Test func redefinitionAtThePrompt() {
        #expect(transcript(["let x = 1", "let x = x + 1", "x"]).lines == ["2"])
        #expect(transcript(["fn f() { return 1 }", "fn f() { return 2 }", "f()"]).lines == ["2"])
    }

    @Test func closuresKeepEarlierBindings() {
        #expect(transcript(["var n = 0", "fn bump() { n += 1; return n }", "bump()", "bump()", "n"]).lines == ["1", "2", "2"])
    }

    @Test func commands() {
        #expect(transcript([".type 1 + 1", ".type [1]", ".type \"s\""]).lines == ["number", "list", "string"])
        let help = transcript([".help"]).lines.joined(separator: "\n")
        #expect(help.contains(".quit") && help.contains(".load FILE") && help.contains(".limit N"))
        let reset = transcript(["let z = 1", ".reset", "z"])
        #expect(reset.lines == ["bindings cleared"])
        #expect(reset.errors.first?.contains("undefined variable 'z'") == true)
        #expect(transcript([".quit", "1 + 1"]).lines == [])
        #expect(transcript([".bogus"]).errors == ["error: unknown command '.bogus' (try .help)"])
        let timed = transcript([".time 2 + 3"]).lines
        #expect(timed.first == "5")
        #expect(timed.last?.hasPrefix("time: ") == true)
    }

    @Test func loadsFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("repl-load-\(UUID().uuidString).orr").path
        try "let loaded = 40\nprint(\"loaded\")\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(transcript([".load \(path)", "loaded + 2"]).lines == ["loaded", "42"])
        #expect(transcript([".load /nonexistent/x.orr"]).errors == ["error: cannot read '/nonexistent/x.orr'"])
    }

    @Test func testsAndExpectsAtThePrompt() {
        let t = transcript(["test \"ok\" { expect 1 == 1 }", "test \"bad\" { expect 1 == 2 }", "expect 2 < 1"])
        #expect(t.lines == ["test \"ok\" passed", "test \"bad\" failed"])
        #expect(t.errors == ["<repl>:1:14: expect failed: 1 == 2\n  left: 1\n  right: 2", "<repl>:1:1: expect failed: 2 < 1\n  left: 2\n  right: 1"])
    }

    @Test func completions() {
        let repl = Repl(options: RunOptions(), reader: ScriptedReader([]), output: CollectingOutput())
        repl.extensions = world
        let le = repl.completions(for: "le")
        #expect(le == ["left_view", "len", "length", "lerp", "let"])
        #expect(repl.completions(for: ".t") == [".time", ".type"])
    }

    // MARK: - Ctrl-C

    @Test func ctrlCStopsAnEvaluationAndKeepsEveryBinding() {
        let loop = "while true { n += 1; if n == 1000 { press_ctrl_c() } }"
        let t = transcript(["let x = 41", "var n = 0", loop, "x + 1", "n"])
        #expect(t.lines == ["42", "1000"])
        #expect(t.errors == ["<repl>:1:1: error: interrupted\n  \(loop)\n  ^" + String(repeating: "~", count: loop.count - 1)])
    }

    @Test func ctrlCFromAnotherThreadStopsALoop() {
        // Raised from another thread once the loop was handed out, as the SIGINT handler would.
        let t = transcript(["let x = 1", "fn spin() { while true {} }", "spin()", "x"]) { line, repl in
            guard line == "spin()" else { return }
            let flag = repl.interrupt
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.05)
                flag.raise()
            }
        }
        #expect(t.lines == ["1"])
        #expect(t.errors.count == 1)
        #expect(t.errors.first?.hasPrefix("<repl>:1:13: error: interrupted") == true)
    }

    @Test func ctrlCWhileTypingDropsTheInput() {
        // At a continuation prompt: the pending lines go.
        let pending = transcript(["fn f() {", "  return 1", ScriptedReader.ctrlC, "1 + 1", "f()"])
        #expect(pending.lines == ["2"])
        #expect(pending.errors.count == 1 && pending.errors[0].contains("undefined variable 'f'"))
        #expect(pending.reader.prompts == ["> ", ". ", ". ", "> ", "> ", "> "])
        #expect(pending.reader.history == ["1 + 1", "f()"])
        // At an empty prompt: the REPL goes on.
        let empty = transcript(["let x = 3", ScriptedReader.ctrlC, ScriptedReader.ctrlC, "x"])
        #expect(empty.lines == ["3"])
        #expect(empty.errors.isEmpty)
    }

    @Test func anInterruptOnlyLastsForItsInput() {
        // Raised while a native ran and no step came after: the next input still runs.
        let t = transcript(["press_ctrl_c()", "1 + 1"])
        #expect(t.lines == ["2"])
        #expect(t.errors.isEmpty)
    }

    // MARK: - Failed inputs

    @Test func aFailedInputBindsNothing() {
        #expect(transcript(["let x = 1", "let x = [1][3]", "x"]).lines == ["1"])
        #expect(transcript(["var y = 2", "var y = [][0]", "y"]).lines == ["2"])
        #expect(transcript(["fn f() { return 1 }", "fn f() { return 2 }; [][0]", "f()"]).lines == ["1"])
        // Every name of the line goes, even those bound before the failure.
        let both = transcript(["let z = 1; let w = [][0]", "z"])
        #expect(both.lines == [])
        #expect(both.errors.last?.contains("undefined variable 'z'") == true)
        // An interrupted input is a failed one.
        #expect(transcript(["var m = 5", "var m = 0; while true { m += 1; if m == 9 { press_ctrl_c() } }", "m"]).lines == ["5"])
        // Assignments to variables that already existed stay done.
        #expect(transcript(["var n = 1", "n = 2; [][0]", "n"]).lines == ["2"])
    }

    // MARK: - Memory budget

    @Test func runningOutOfMemoryIsAnErrorAndTheSessionGoesOn() {
        let t = transcript(["var xs = [1, 2]", "let name = \"kept\"", "while true { xs = xs + xs }",
                            "let big = range(1e7)", "len(xs)", "name", "\"\\(len(xs) * 2)\""], maxMemory: 1 << 20)
        #expect(t.errors.count == 2)
        #expect(t.errors.allSatisfy { $0.contains("memory limit exceeded") && $0.contains("the limit is 1 MiB (--max-memory)") })
        // The doubling that fit stays done; the failed `let` binds nothing; the rest runs.
        #expect(t.lines == ["32768", "\"kept\"", "\"65536\""])
    }

    // MARK: - Step limit

    @Test func maxStepsCountsEachInputAfresh() {
        let t = transcript(["var i = 0", "while i < 40 { i += 1 }", "while i < 80 { i += 1 }", "i"], maxSteps: 50)
        #expect(t.errors.isEmpty)
        #expect(t.lines == ["80"])
        let over = transcript(["var i = 0", "while i < 80 { i += 1 }", "i < 80"], maxSteps: 50)
        #expect(over.lines == ["true"])
        #expect(over.errors.count == 1 && over.errors[0].contains("step limit exceeded"))
    }

    @Test func limitShowsSetsAndRemovesTheStepLimit() {
        #expect(transcript([".limit"], maxSteps: 1000).lines == ["step limit: 1000 per input"])
        let t = transcript([".limit", ".limit 10", "var i = 0", "while true { i += 1 }", ".reset", "var j = 0",
                            "while true { j += 1 }", "j < 10", ".limit none", "while j < 100 { j += 1 }", "j"])
        #expect(t.lines == ["step limit: none", "step limit: 10 per input", "bindings cleared", "true",
                            "step limit: none", "100"])
        #expect(t.errors.count == 2 && t.errors.allSatisfy { $0.contains("step limit exceeded") })
        #expect(transcript([".limit 0", ".limit x"]).errors == [
            "error: .limit takes a positive whole number of steps or 'none', got '0'",
            "error: .limit takes a positive whole number of steps or 'none', got 'x'",
        ])
        #expect(transcript([]).reader.prompts == ["> "])
    }

    // MARK: - else on the next line

    @Test func elseOnTheNextLineContinuesTheIf() {
        let t = transcript(["if false {", "  print(1)", "}", "else {", "  print(2)", "}"])
        #expect(t.lines == ["2"])
        #expect(t.reader.prompts == ["> ", ". ", ". ", ". ", ". ", ". ", "> "])
        #expect(t.reader.history == ["if false {\n  print(1)\n}\nelse {\n  print(2)\n}"])
        #expect(transcript(["if false { print(1) }", "else if false { print(2) }", "  else { print(3) }"]).lines == ["3"])
    }

    @Test func aLineThatIsNotElseIsTheNextInput() {
        let t = transcript(["let a = 1", "if a == 1 { print(\"one\") }", "print(\"after\")", "var elsewhere = 5",
                            "if false { 1 }", "elsewhere"])
        #expect(t.lines == ["one", "after", "5"])
        #expect(t.reader.history == ["let a = 1", "if a == 1 { print(\"one\") }", "print(\"after\")",
                                     "var elsewhere = 5", "if false { 1 }", "elsewhere"])
        // An empty line, or the end of input, ends the if.
        #expect(transcript(["if true { print(1) }", "", "2"]).lines == ["1", "2"])
        #expect(transcript(["if true { print(1) }"]).lines == ["1"])
        // An if that already has its final else, or other statements after it, asks for nothing.
        #expect(transcript(["if false { 1 } else { if false { 2 } }", "3"]).reader.prompts == ["> ", "> ", "> "])
        #expect(transcript(["if false { 1 }; print(4)", "5"]).reader.prompts == ["> ", "> ", "> "])
        // Ctrl-C while the REPL waits for an else drops the if.
        #expect(transcript(["if true { print(1) }", ScriptedReader.ctrlC, "2"]).lines == ["2"])
    }
}
