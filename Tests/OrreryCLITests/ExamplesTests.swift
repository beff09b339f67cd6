import Foundation
import Testing

/// The documentation's promises: every example in `Stdlib/examples/` runs and its tests
/// pass. (The README's and docs' code blocks are run by `DocumentationBlockTests`.)
@Suite struct ExamplesTests {
    @Test func everyExamplePassesUnderOrreryTest() throws {
        let dir = try Scratch()
        let examples = OrreryProcess.root.appendingPathComponent("Stdlib/examples").path
        let result = try OrreryProcess.run(["test", examples, "--out", dir.url.appendingPathComponent("out").path])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdoutLines.last?.hasSuffix(" failed") == true)
        #expect(result.stdoutLines.last?.hasSuffix(", 0 failed") == true)
    }
}
