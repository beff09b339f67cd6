import Testing
@testable import OrreryLang
@testable import OrreryWorld

@Suite struct InterpreterTests {
    @Test func arithmeticAndPrint() {
        #expect(output("print(1 + 2 * 3, 7 % 3, -7 % 3, 2 ** 10)") == ["7 1 2 1024"])
        #expect(output("print(-2 ** 2, 1 / 0, 0.5)") == ["-4 inf 0.5"])
    }

    @Test func recursionAndClosures() {
        let src = """
        fn fib(n) { if n < 2 { return n }; return fib(n - 1) + fib(n - 2) }
        print(fib(20))
        fn counter() { var c = 0; return fn() { c += 1; return c } }
        let k = counter()
        k(); k()
        print(k())
        var fs = []
        for i in range(3) { fs = append(fs, fn() => i * 10) }
        print(fs[0](), fs[1](), fs[2]())
        """
        #expect(output(src) == ["6765", "3", "0 10 20"])
    }

    @Test func valueSemantics() {
        let src = """
        let a = [1, 2, 3]
        var b = a
        b[0] = 9
        print(a, b)
        var r = {x: 1, y: {z: 2}}
        var s = r
        s.y.z += 5
        print(r, s)
        """
        #expect(output(src) == ["[1, 2, 3] [9, 2, 3]", "{x: 1, y: {z: 2}} {x: 1, y: {z: 7}}"])
    }

    @Test func stackOverflowIsAnError() {
        let (_, report) = runScript("fn f(n) { return f(n + 1) }\nf(0)")
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "stack overflow")
        #expect(e.trace.count == Interpreter.maxCallDepth)  // 9,999 frames of f, then the top level
    }

    @Test func stepLimit() {
        let (_, report) = runScript("var i = 0\nwhile true { i += 1 }", maxSteps: 1000)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "step limit exceeded")
        #expect(e.range.start.line == 2)
    }

    @Test func resolveErrors() {
        #expect(OrreryLangTests.resolveErrors("print(y)") == ["undefined variable 'y'"])
        #expect(OrreryLangTests.resolveErrors("let x = 1\nx = 2") == ["cannot assign to constant 'x'"])
        #expect(OrreryLangTests.resolveErrors("break") == ["'break' outside of a loop"])
    }
}

@Suite struct InterpreterLimitTests {
    /// The length cap itself (a golden script reaching it would allocate a gigabyte).
    @Test func concatenationLengthIsCapped() {
        let range = SourceRange(file: "t.orr", start: SourceLocation(offset: 0, line: 1, column: 1),
                                end: SourceLocation(offset: 0, line: 1, column: 1))
        #expect(throws: ScriptError.self) { try Operators.checkLength(Operators.maxLength, 1, "string", range) }
        #expect(throws: Never.self) { try Operators.checkLength(Operators.maxLength - 1, 1, "list", range) }
    }
}
