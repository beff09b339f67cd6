import Testing
@testable import OrreryLang
@testable import OrreryWorld

private func loc(_ line: Int, _ column: Int, _ offset: Int = 0) -> OrreryLang.SourceLocation {
    OrreryLang.SourceLocation(offset: offset, line: line, column: column)
}

private func range(_ line: Int, _ from: Int, _ to: Int, file: String = "t.orr") -> SourceRange {
    SourceRange(file: file, start: loc(line, from), end: loc(line, to))
}

@Test func formatsAParseErrorWithCaretAndNote() {
    let source = "print(1)\nlet x = f(1, 2\nlet y = 3\n"
    let d = Parser.parse(source: source, file: "tour.orr", vocabulary: worldWords).diagnostics[0]
    #expect(DiagnosticFormatter.format(d, source: source, color: false) == """
    tour.orr:3:1: error: expected ')' after arguments, got 'let'
      let y = 3
      ^~~
    tour.orr:2:10: note: to close '(' opened here
      let x = f(1, 2
               ^
    """)
}

@Test func underlinesTheWholeRange() {
    let d = Diagnostic(.error, "bad", at: range(1, 5, 12))
    #expect(DiagnosticFormatter.format(d, source: "let value = 1", color: false) == """
    t.orr:1:5: error: bad
      let value = 1
          ^~~~~~~
    """)
}

@Test func multiLineRangesUnderlineToTheEndOfTheFirstLine() {
    let d = Diagnostic(.error, "bad", at: SourceRange(file: "t.orr", start: loc(1, 9), end: loc(3, 2)))
    #expect(DiagnosticFormatter.format(d, source: "let x = [\n 1,\n]", color: false) == """
    t.orr:1:9: error: bad
      let x = [
              ^
    """)
}

@Test func tabsInTheLineKeepTheCaretAligned() {
    let source = "\tlet\tx = )"
    let d = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).diagnostics[0]
    #expect(d.range.start.column == 10)
    #expect(DiagnosticFormatter.format(d, source: source, color: false) == "t.orr:1:10: error: expected expression, got ')'\n  \tlet\tx = )\n  \t   \t    ^")
}

@Test func unicodeInTheLineKeepsTheCaretAligned() {
    let source = "let é = \"日本\" + )"
    let d = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).diagnostics[0]
    #expect(d.range.start.column == 16)
    // 日 and 本 are two columns wide on a terminal.
    #expect(DiagnosticFormatter.format(d, source: source, color: false) == """
    t.orr:1:16: error: expected expression, got ')'
      let é = "日本" + )
                       ^
    """)
}

@Test func endOfInputCaretSitsAfterTheLastToken() {
    let source = "let x = (1 +\n"
    let d = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).diagnostics[0]
    #expect(DiagnosticFormatter.format(d, source: source, color: false) == """
    t.orr:1:13: error: expected expression, got end of input
      let x = (1 +
                  ^
    """)
}

@Test func colourWrapsTheParts() {
    let d = Diagnostic(.error, "bad", at: range(1, 1, 2))
    let text = DiagnosticFormatter.format(d, source: "x", color: true)
    #expect(text == "\u{1B}[1mt.orr:1:1:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m \u{1B}[1mbad\u{1B}[0m\n  x\n  \u{1B}[1;32m^\u{1B}[0m")
    let plain = DiagnosticFormatter.format(d, source: "x", color: false)
    #expect(!plain.contains("\u{1B}"))
}

@Test func withoutSourceOnlyTheHeaderIsPrinted() {
    let d = Diagnostic(.warning, "careful", at: range(4, 2, 3), notes: [
        .init(message: "elsewhere", range: range(1, 1, 2, file: "other.orr")),
        .init(message: "no place", range: nil),
    ])
    #expect(DiagnosticFormatter.format(d, source: nil, color: false) == """
    t.orr:4:2: warning: careful
    other.orr:1:1: note: elsewhere
    note: no place
    """)
}

@Test func notesInOtherFilesGetNoSnippet() {
    let d = Diagnostic(.error, "bad", at: range(1, 1, 2), notes: [.init(message: "see", range: range(1, 1, 2, file: "b.orr"))])
    #expect(DiagnosticFormatter.format(d, source: "x", color: false) == "t.orr:1:1: error: bad\n  x\n  ^\nb.orr:1:1: note: see")
}

@Test func outOfRangeLinesAreSkippedNotTrapped() {
    let d = Diagnostic(.error, "bad", at: range(40, 100, 120))
    #expect(DiagnosticFormatter.format(d, source: "x\ny", color: false) == "t.orr:40:100: error: bad")
    let wide = Diagnostic(.error, "bad", at: range(1, 10, 12))
    #expect(DiagnosticFormatter.format(wide, source: "ab", color: false) == "t.orr:1:10: error: bad\n  ab\n           ^")
}

@Test func controlCharactersAreNeutralised() {
    let d = Diagnostic(.error, "bad", at: range(1, 3, 4))
    #expect(DiagnosticFormatter.format(d, source: "a\u{1B}b\r\n", color: false) == "t.orr:1:3: error: bad\n  a\u{FFFD}b\n    ^")
}

@Test func formatsRuntimeErrorsWithATrace() {
    let source = "fn f(x) {\n  return x + \"a\"\n}\nf(1)\n"
    let error = RuntimeError(
        message: "attempt to perform arithmetic on a string value (got number and string)",
        range: SourceRange(file: "t.orr", start: loc(2, 10), end: loc(2, 17)),
        trace: [StackFrame(function: "f", range: range(2, 10, 17)), StackFrame(function: "<script>", range: range(4, 1, 5))])
    let text = DiagnosticFormatter.format(error, source: source, color: false)
    #expect(text == """
    t.orr:2:10: error: attempt to perform arithmetic on a string value (got number and string)
        return x + "a"
               ^~~~~~~
      in f (t.orr:2:10)
      in <script> (t.orr:4:1)
    """)
}

@Test func longLinesAreShownAsAWindowAroundTheCaret() {
    let source = "let x = [" + String(repeating: "1, ", count: 200) + ") ]"
    let d = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).diagnostics[0]
    let lines = DiagnosticFormatter.format(d, source: source, color: false).split(separator: "\n").map(String.init)
    #expect(lines[0] == "t.orr:1:610: error: expected expression, got ')'")
    #expect(lines[1].hasPrefix("  …") && lines[1].hasSuffix(") ]"))
    #expect(lines[1].count == 2 + 1 + DiagnosticFormatter.maxShownScalars)
    // The caret still sits under the ')'.
    let caretColumn = lines[2].count - 1
    #expect(Array(lines[1])[caretColumn] == ")")
    let start = "let x = [" + String(repeating: "1, ", count: 200) + "]"
    let atStart = Parser.parse(source: "@ " + start, file: "t.orr", vocabulary: worldWords).diagnostics[0]
    let first = DiagnosticFormatter.format(atStart, source: "@ " + start, color: false).split(separator: "\n").map(String.init)
    #expect(first[1].hasPrefix("  @ let x") && first[1].hasSuffix("…"))
    #expect(first[2] == "  ^")
}
