import Testing
@testable import OrreryLang
@testable import OrreryWorld

@Suite struct InterpreterLifetimeTests {
    /// Compiled code holds its interpreter, and global functions hold their own cells;
    /// the session clears those cells when it ends, so a finished run frees its
    /// interpreter and value stack.
    @Test func interpreterIsFreedAfterARun() {
        weak var seen: Interpreter?
        do {
            let session = ScriptSession(options: RunOptions(), output: CollectingOutput(), extensions: [])
            let (unit, _, diagnostics) = session.compile(
                source: "fn rec(n) { if n > 0 { return rec(n - 1) }; return 0 }\nprint(rec(3), linspace(0, 1, 3))",
                file: "t.orr", globals: [:])
            #expect(diagnostics.isEmpty)
            try? session.runPrelude()
            try? session.interpreter.runTopLevel(unit)
            seen = session.interpreter
            #expect(seen != nil)
        }
        #expect(seen == nil)
    }
}
