import Testing
@testable import OrreryLang
@testable import OrreryWorld

// MARK: - Source ranges name their file through a table

@Suite struct SourceRangeFileTests {
    let start = OrreryLang.SourceLocation(offset: 0, line: 1, column: 1)
    let end = OrreryLang.SourceLocation(offset: 4, line: 1, column: 5)

    @Test func aRangeGivesBackItsFileAndComparesByIt() {
        let a = SourceRange(file: "a.orr", start: start, end: end)
        let a2 = SourceRange(file: "a" + ".orr", start: start, end: end)
        var b = SourceRange(file: "b.orr", start: start, end: end)
        #expect(a.file == "a.orr" && b.file == "b.orr")
        #expect(a == a2 && a.hashValue == a2.hashValue)
        #expect(a != b)
        b.file = "a.orr"
        #expect(b == a && b.file == "a.orr")
        #expect(a.union(SourceRange(file: "a.orr", start: end, end: end)).file == "a.orr")
        #expect(SourceRange(file: "", start: start, end: start).file == "")
    }

    @Test func errorsStillNameTheirScript() {
        let (_, report) = runScript("let xs = [1]\nprint(xs[3])")
        guard case .runtimeError(let e) = report.outcome else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(e.range.file == "t.orr" && e.range.start.line == 2)
    }
}
