import Foundation
import Testing

/// The documentation's promises: every example in `Stdlib/examples/` runs and its tests
/// pass, and the README's "what a script can do" block runs and passes as written.
@Suite struct ExamplesTests {
    @Test func everyExamplePassesUnderOrreryTest() throws {
        let dir = try Scratch()
        let examples = OrreryProcess.root.appendingPathComponent("Stdlib/examples").path
        let result = try OrreryProcess.run(["test", examples, "--out", dir.url.appendingPathComponent("out").path])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdoutLines.last?.hasSuffix(" failed") == true)
        #expect(result.stdoutLines.last?.hasSuffix(", 0 failed") == true)
    }

    @Test func theReadmeExampleRunsAsWritten() throws {
        let readme = try String(contentsOf: OrreryProcess.root.appendingPathComponent("README.md"), encoding: .utf8)
        let heading = try #require(readme.range(of: "## What a script can do"))
        let open = try #require(readme.range(of: "```\n", range: heading.upperBound..<readme.endIndex))
        let close = try #require(readme.range(of: "```", range: open.upperBound..<readme.endIndex))
        let dir = try Scratch()
        let script = dir.url.appendingPathComponent("readme.orr")
        try String(readme[open.upperBound..<close.lowerBound]).write(to: script, atomically: true, encoding: .utf8)
        let result = try OrreryProcess.run(["test", script.path, "--out", dir.url.appendingPathComponent("out").path])
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdoutLines.last == "2 passed, 0 failed")
    }
}
