import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `--junit` of `orrery test` and `orrery merge`: what CI systems read.
@Suite struct JUnitReportTests {
    static let mixed = """
        test "rate" for w in [1, 2, 3, 4] expect rate >= 0.9 { expect w != 1 }
        test "plain" { expect 1 == 2 }
        test "boom" { let q = 1 + "a" }
        test "slow" {
          var i = 0
          while i < 20000 { i = i + 1 }
        }

        """

    /// Runs `orrery ARGUMENTS --junit …` and returns the report's root element.
    static func report(_ arguments: [String], in dir: Scratch) throws -> XMLElement {
        let url = dir.url.appendingPathComponent("junit-\(UUID().uuidString).xml")
        let run = try OrreryProcess.run(arguments + ["--junit", url.path])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        return try #require(try XMLDocument(contentsOf: url, options: []).rootElement())
    }

    static func testCase(_ name: String, in root: XMLElement) throws -> XMLElement {
        try #require(try root.nodes(forXPath: "//testcase[@name='\(name)']").first as? XMLElement)
    }

    @Test func aMissedRateSaysTheRateTheIntervalAndTheThreshold() throws {
        let dir = try Scratch()
        let root = try Self.report(["test", try dir.write("m.orr", Self.mixed)], in: dir)
        let failure = try #require(try Self.testCase("rate", in: root).elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue
                == "rate 0.750 (3/4 samples passed), 95% interval [0.301, 0.954]; needs ≥ 0.9")
        #expect(failure.stringValue?.contains("sample 0 (seed 0): line 1: expectation failed (1 != 1)") == true)
    }

    @Test func runtimeErrorsAreErrorsAndFailedExpectsFailures() throws {
        let dir = try Scratch()
        let root = try Self.report(["test", try dir.write("m.orr", Self.mixed)], in: dir)
        let boom = try Self.testCase("boom", in: root)
        #expect(boom.elements(forName: "failure").isEmpty)
        let error = try #require(boom.elements(forName: "error").first)
        #expect(error.attribute(forName: "type")?.stringValue == "runtime error")
        #expect(error.attribute(forName: "message")?.stringValue?.hasPrefix("line 3: ") == true)
        #expect(try Self.testCase("plain", in: root).elements(forName: "failure").count == 1)
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        #expect(root.attribute(forName: "failures")?.stringValue == "2")
    }

    @Test func everyTestcaseHasItsTime() throws {
        let dir = try Scratch()
        let root = try Self.report(["test", try dir.write("m.orr", Self.mixed)], in: dir)
        let cases = try root.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        #expect(cases.count == 4)
        for element in cases {
            let time = element.attribute(forName: "time")?.stringValue.flatMap(Double.init)
            #expect(time != nil, "\(element)")
        }
        #expect((try Self.testCase("slow", in: root).attribute(forName: "time")?.stringValue).flatMap(Double.init) ?? 0 > 0)
    }

    /// One `<testsuite>` per file, sorted by path, whatever order the files (or the
    /// shards' results) are given in; a merge does not split a file's tests.
    @Test func oneSuitePerFileInAStableOrder() throws {
        let dir = try Scratch()
        let a = try dir.write("a.orr", Self.mixed)
        let b = try dir.write("b.orr", "test \"b1\" { expect true }\ntest \"b2\" { expect false }\n")
        func shape(_ root: XMLElement) throws -> [String] {
            try root.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }.map {
                "\($0.attribute(forName: "classname")?.stringValue ?? "") \($0.attribute(forName: "name")?.stringValue ?? "")"
            }
        }
        let expected = ["\(a) rate", "\(a) plain", "\(a) boom", "\(a) slow", "\(b) b1", "\(b) b2"]
        let forward = try Self.report(["test", a, b], in: dir)
        let backward = try Self.report(["test", b, a], in: dir)
        #expect(try shape(forward) == expected)
        #expect(try shape(backward) == expected)
        #expect(try forward.nodes(forXPath: "//testsuite").count == 2)

        var results: [String] = []
        for i in 0..<2 {
            let out = dir.url.appendingPathComponent("r\(i).jsonl").path
            _ = try OrreryProcess.run(["test", a, b, "--shard", "\(i)/2", "--results", out])
            results.append(out)
        }
        let merged = try Self.report(["merge", results[1], results[0]], in: dir)
        #expect(try shape(merged) == expected)
        #expect(try merged.nodes(forXPath: "//testsuite").count == 2)
    }
}
