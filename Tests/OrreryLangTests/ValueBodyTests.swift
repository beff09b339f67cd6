import Testing
@testable import OrreryLang
@testable import OrreryWorld

// MARK: - Value bodies behave like the statements they fuse

/// Function bodies made only of guarded returns run as one value closure
/// (`Compiler.valueBody`); results, errors and traces must match the statement path.
@Suite struct ValueBodyTests {
    @Test func guardsElseChainsAndBareReturnsGiveTheStatementResults() {
        #expect(output("""
        fn fib(n) { if n < 2 { return n }
          return fib(n - 1) + fib(n - 2) }
        fn sign(x) { if x < 0 { return -1 } else if x == 0 { return 0 } else { return 1 } }
        fn grade(s) {
          if s >= 90 { return "A" }
          if s >= 80 { if s >= 85 { return "B+" }
            return "B" }
          return "C"
        }
        fn nothing() { return }
        fn fallsThrough(x) { if x { return 1 } }
        print(fib(15), sign(-3), sign(0), sign(2))
        print(grade(95), grade(86), grade(81), grade(10))
        print(nothing(), fallsThrough(true), fallsThrough(false))
        """) == ["610 -1 0 1", "A B+ B C", "nil 1 nil"])
    }

    @Test func inPlaceBaseCaseTestsFallBackForNonNumbers() {
        let lines = output("""
        fn lt(x) { if x < 2 { return x }
          return -x }
        fn le(x) { if x <= 2 { return x }
          return -x }
        print(lt(1), lt(2), le(2), le(3), lt(0 / 0))
        print(lt("a"))
        """)
        #expect(lines.first == "1 -2 2 -3 nan" || lines.first == "1 -2 2 -3 -nan")
        #expect(lines.count == 2 && lines[1].hasPrefix("runtime error: attempt to compare"))
    }

    @Test func capturedParametersAndClosuresStillWork() {
        #expect(output("""
        fn adder(k) { return fn(x) { return x + k } }
        fn pick(f, x) { if x > 0 { return f(x) }
          return 0 }
        let add2 = adder(2)
        print(add2(3), pick(add2, 5), pick(add2, -1))
        """) == ["5 7 0"])
    }

    @Test func errorsInsideAValueBodyCarryTheScriptFrames() {
        let (_, report) = runScript("""
        fn inner(x) { if x > 0 { return x + "a" }
          return 0 }
        fn outer(x) { return inner(x) }
        outer(1)
        """)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message.contains("arithmetic"))
        #expect(e.trace.map(\.function).prefix(2) == ["inner", "outer"])
        #expect(e.range.start.line == 1)
    }
}
