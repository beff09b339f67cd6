import Foundation
import Testing

/// `orrery test` with `assume`: the summary line of a statistical test says how many
/// samples were skipped; `assume` outside a statistical test is a script error.
@Suite struct AssumeCommandTests {
    @Test func theSummaryLineCountsSkippedSamples() throws {
        let dir = try Scratch()
        let file = try dir.write("assume.orr", """
            test "odd" for x in [1, 2, 3, 4, 5] {
              assume x % 2 == 1
              expect x % 2 == 1
            }

            """)
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["PASS odd  3/3 = 1.000 [0.439, 1.000], 2 skipped", "1 passed, 0 failed"])
    }

    @Test func assumeOutsideAStatisticalTestIsAScriptError() throws {
        let dir = try Scratch()
        let file = try dir.write("plain.orr", "test \"plain\" {\n  assume true\n}\n")
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("plain.orr:2:3: error: 'assume' is only allowed in a statistical test"))
    }
}
