import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `orrery test`: output format, summary line, exit codes, `--filter`, `--junit`.
@Suite struct TestCommandTests {
    static let mixed = """
        test "adds" {
          expect 1 + 2 == 3
        }
        test "breaks" {
          let a = 3
          expect a == 4
        }
        test "also adds" {
          expect 2 + 2 == 4
        }

        """

    @Test func reportsEachTestAndTheSummaryLine() throws {
        let dir = try Scratch()
        let file = try dir.write("mixed.orr", Self.mixed)
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 1)
        let lines = result.stdoutLines
        #expect(lines.contains("PASS adds"))
        #expect(lines.contains("FAIL breaks"))
        #expect(lines.contains("PASS also adds"))
        #expect(lines.contains { $0.hasSuffix("mixed.orr:6:3: expect failed: a == 4") }, "stdout: \(result.stdout)")
        #expect(lines.contains("  left: 3"))
        #expect(lines.contains("  right: 4"))
        #expect(lines.last == "2 passed, 1 failed")
    }

    @Test func allPassingExitsZero() throws {
        let dir = try Scratch()
        let file = try dir.write("ok.orr", "fn double(x) { return x * 2 }\ntest \"doubles\" {\n  expect double(4) == 8\n}\n")
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["PASS doubles", "1 passed, 0 failed"])
    }

    @Test func filterRunsOnlyMatchingTests() throws {
        let dir = try Scratch()
        let file = try dir.write("mixed.orr", Self.mixed)
        let result = try OrreryProcess.run(["test", file, "--filter", "adds"])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["PASS adds", "PASS also adds", "2 passed, 0 failed"])
    }

    @Test func foldersAreSearchedRecursivelyInSortedOrder() throws {
        let dir = try Scratch()
        try dir.write("suite/b.orr", "test \"second\" { expect true }\n")
        try dir.write("suite/a/deep.orr", "test \"first\" { expect true }\n")
        try dir.write("suite/notes.txt", "test \"ignored\" { expect false }\n")
        let result = try OrreryProcess.run(["test", dir.url.appendingPathComponent("suite").path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdoutLines == ["PASS first", "PASS second", "2 passed, 0 failed"])
    }

    @Test func runtimeErrorInATestFailsThatTestOnly() throws {
        let dir = try Scratch()
        let file = try dir.write("errs.orr", "test \"errs\" {\n  let q = 1 + \"a\"\n}\ntest \"fine\" {\n  expect true\n}\n")
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 1)
        #expect(result.stdoutLines == ["FAIL errs", "PASS fine", "1 passed, 1 failed"])
        #expect(result.stderr.contains("errs.orr:2:"))
        #expect(result.stderr.contains("arithmetic"))
    }

    @Test func failedTopLevelExpectInATestFileCountsAsAFailure() throws {
        let dir = try Scratch()
        let file = try dir.write("top.orr", "expect 1 == 2\ntest \"fine\" {\n  expect true\n}\n")
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 1)
        #expect(result.stdoutLines.contains { $0.hasPrefix("FAIL ") && $0.hasSuffix("top.orr (top level)") })
        #expect(result.stdoutLines.last == "1 passed, 1 failed")
    }

    @Test func unwritableJUnitReportExits74() throws {
        let dir = try Scratch()
        let file = try dir.write("ok.orr", "test \"fine\" { expect true }\n")
        // A regular file where the report's folder should be.
        let blocker = try dir.write("blocker", "")
        let result = try OrreryProcess.run(["test", file, "--junit", blocker + "/report.xml"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("report.xml"))
    }

    @Test func aBrokenFileDoesNotStopTheOthers() throws {
        let dir = try Scratch()
        try dir.write("suite/a.orr", "let = 1\n")
        try dir.write("suite/b.orr", "test \"runs anyway\" { expect true }\n")
        let result = try OrreryProcess.run(["test", dir.url.appendingPathComponent("suite").path])
        #expect(result.status == 65)
        #expect(result.stdoutLines.contains("PASS runs anyway"))
        #expect(result.stdoutLines.last == "1 passed, 1 failed")
    }

    @Test func missingPathExits74() throws {
        let dir = try Scratch()
        let result = try OrreryProcess.run(["test", dir.url.appendingPathComponent("nowhere").path])
        #expect(result.status == 74)
    }

    @Test func syntaxErrorInATestFileExits65() throws {
        let dir = try Scratch()
        let file = try dir.write("broken.orr", "test \"t\" {\n  expect (1 +\n}\n")
        let result = try OrreryProcess.run(["test", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("broken.orr:"))
        #expect(result.stdoutLines.last == "0 passed, 1 failed")
    }

    @Test func junitWritesValidXML() throws {
        let dir = try Scratch()
        let file = try dir.write("mixed.orr", Self.mixed)
        let report = dir.url.appendingPathComponent("reports/junit.xml")
        // The report's folder must exist: orrery creates no folder the user did not name.
        try FileManager.default.createDirectory(at: report.deletingLastPathComponent(), withIntermediateDirectories: true)
        let result = try OrreryProcess.run(["test", file, "--junit", report.path])
        #expect(result.status == 1)
        let document = try XMLDocument(contentsOf: report, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "3")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        let cases = try root.nodes(forXPath: "//testcase")
        #expect(cases.count == 3)
        let failures = try root.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        #expect((failures.first?.parent as? XMLElement)?.attribute(forName: "name")?.stringValue == "breaks")
    }
}
