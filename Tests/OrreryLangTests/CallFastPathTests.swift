import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

// MARK: - Fast paths keep the general semantics

/// The call, remainder and interpolation fast paths must behave exactly like the
/// general paths they shortcut: arity errors, limits, traces, signed zeros.
@Suite struct CallFastPathTests {
    @Test func topLevelFunctionsCalledWithTheWrongArityStillGoThroughTheGeneralPath() {
        #expect(output("""
        fn one(a, b) { return b }
        var n = 3
        print(one(n - 1))
        fn none() { return 7 }
        print(none())
        fn two(a) { return a }
        print(two(1, 2))
        """) == ["nil", "7", "runtime error: too many arguments to 'two' (expected 1, got 2)"])
    }

    @Test func aNonNumberArgumentOfTheRecursiveShapeReportsTheArithmeticError() {
        #expect(output("""
        fn f(x) { return x }
        fn g(n) { return f(n - 1) }
        print(g(3))
        print(g("a"))
        """) == ["2", "runtime error: attempt to perform arithmetic on a string value (got string and number)"])
    }

    @Test func deepRecursionThroughTheFastPathStillOverflowsAtTheLimit() {
        let (_, report) = runScript("fn down(n) { return down(n - 1) }\ndown(1)")
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "stack overflow")
        #expect(e.trace.contains { $0.function == "down" })
    }

    @Test func stepLimitCountsFastPathCalls() {
        let (_, report) = runScript("fn f(n) { if n < 1 { return 0 }; return f(n - 1) }\nprint(f(100))", maxSteps: 50)
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.message == "step limit exceeded")
    }

    @Test func integerRemainderMatchesFmodIncludingSignedZero() {
        let cases: [(Double, Double)] = [(7, 3), (-7, 3), (7, -3), (-7, -3), (6, 3), (-6, 3), (-0.0, 5),
                                         (0, -5), (9007199254740991, 10), (1e300, 7), (7.5, 2), (5, 0)]
        for (a, b) in cases {
            let expected: Double = {
                let m = fmod(a, b)
                return (m != 0 && (m < 0) != (b < 0)) ? m + b : m
            }()
            let got = Operators.floorMod(a, b)
            #expect(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "\(a) % \(b)")
        }
    }

    @Test func appendingAOneElementListKeepsValueSemanticsAndErrors() {
        #expect(output("""
        var xs = [1]
        let ys = xs
        xs += [2]
        xs += [[3]]
        print(xs, ys)
        fn f() { var zs = []; zs += ["a"]; zs += [nil]; return zs }
        print(f())
        var n = 1
        n += [2]
        """) == ["[1, 2, [3]] [1]", "[\"a\", nil]",
                   "runtime error: attempt to perform arithmetic on a list value (got number and list)"])
    }

    @Test func interpolationOfASingleValueIsItsPrintForm() {
        #expect(output("""
        let i = 12
        print("\\(i % 10)", "\\(1.5)", "\\("s")", "\\([1, "a"])", "x\\(i)y")
        """) == ["2 1.5 s [1, \"a\"] x12y"])
    }
}
