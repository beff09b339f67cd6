import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Tokens rendered compactly: `let`, `x`, `=`, `1`, `"s"`, `⏎` before newline-preceded tokens.
private func lex(_ source: String) -> [String] {
    Lexer.tokenize(source: source, file: "t.orr").tokens.map(render)
}

private func render(_ token: Token) -> String {
    let mark = token.precededByNewline ? "⏎" : ""
    switch token.kind {
    case .number(let v): return mark + "#\(v)"
    case .string(let segments):
        return mark + "\"" + segments.map { segment -> String in
            switch segment {
            case .text(let t): return t
            case .code(let tokens): return "\\(" + tokens.map(render).joined(separator: " ") + ")"
            }
        }.joined() + "\""
    case .identifier(let name): return mark + name
    case .keyword(let k): return mark + "kw:" + k.rawValue
    case .symbol(let s): return mark + s.rawValue
    case .invalid: return mark + "<invalid>"
    case .endOfInterpolation: return "<)>"
    case .endOfInput: return mark + "<eof>"
    }
}

private func lexErrors(_ source: String) -> [String] {
    Lexer.tokenize(source: source, file: "t.orr").diagnostics.map {
        "\($0.range.start.line):\($0.range.start.column) \($0.message)"
    }
}

// MARK: - Tokens

@Test func lexesEveryKeyword() {
    for keyword in Keyword.allCases {
        #expect(lex(keyword.rawValue) == ["kw:" + keyword.rawValue, "<eof>"])
    }
    // Contextual words stay identifiers.
    #expect(lex("within require ball static") == ["within", "require", "ball", "static", "<eof>"])
}

@Test func lexesEverySymbol() {
    for symbol in Symbol.allCases {
        #expect(lex(symbol.rawValue) == [symbol.rawValue, "<eof>"], "\(symbol)")
    }
    #expect(lex("a**-b") == ["a", "**", "-", "b", "<eof>"])
    #expect(lex("x<=y>=z==w!=v~=u=>t") == ["x", "<=", "y", ">=", "z", "==", "w", "!=", "v", "~=", "u", "=>", "t", "<eof>"])
    #expect(lex("a+=1-=2*=3/=4") == ["a", "+=", "#1.0", "-=", "#2.0", "*=", "#3.0", "/=", "#4.0", "<eof>"])
}

@Test func lexesNumbers() {
    #expect(lex("12 3.5 1e-3 2.5E+4 1_000_000 0.25e2") == ["#12.0", "#3.5", "#0.001", "#25000.0", "#1000000.0", "#25.0", "<eof>"])
    // `1.x` is a member access on 1, not a malformed number.
    #expect(lex("1.x") == ["#1.0", ".", "x", "<eof>"])
    #expect(lex("1e999") == ["#inf", "<eof>"])
}

@Test func reportsMalformedNumbers() {
    #expect(lexErrors("3abc") == ["1:1 malformed number '3abc'"])
    #expect(lexErrors("1_") == ["1:1 malformed number '1_'"])
    #expect(lexErrors("1__0") == ["1:1 malformed number '1__0'"])
    #expect(lexErrors("x = 1e") == ["1:5 malformed number '1e'"])
    #expect(lexErrors("0x1F") == ["1:1 malformed number '0x1F'"])
    #expect(lex("3abc + 1") == ["<invalid>", "+", "#1.0", "<eof>"])
}

@Test func skipsAByteOrderMark() {
    #expect(lex("\u{FEFF}let x") == ["kw:let", "x", "<eof>"])
    #expect(Lexer.tokenize(source: "\u{FEFF}let", file: "t").tokens[0].range.start.column == 1)
}

@Test func lexesIdentifiers() {
    #expect(lex("_a1 b_2 Ünïcode λ") == ["_a1", "b_2", "Ünïcode", "λ", "<eof>"])
}

@Test func skipsCommentsIncludingNotebookCells() {
    #expect(lex("# %% [markdown]\n# # Title\n# %%\nx # trailing\ny") == ["⏎x", "⏎y", "<eof>"])
}

@Test func recordsNewlinesBeforeTokens() {
    #expect(lex("a\n(b)\n\n  [c] d;e") == ["a", "⏎(", "b", ")", "⏎[", "c", "]", "d", ";", "e", "<eof>"])
    #expect(lex("a\r\nb") == ["a", "⏎b", "<eof>"])
}

@Test func reportsUnexpectedCharactersOncePerRun() {
    #expect(lexErrors("a @@@ b") == ["1:3 unexpected character '@'"])
    #expect(lexErrors("!x") == ["1:1 unexpected character '!' (use 'not' for negation)"])
    #expect(lexErrors("a && b || c") == ["1:3 unexpected character '&' (use 'and')", "1:8 unexpected character '|' (use 'or')"])
    #expect(lexErrors("x = 'a b' + 1") == ["1:5 unexpected character ''' (strings use double quotes)"])
    #expect(lex("x = 'a b' + 1") == ["x", "=", "<invalid>", "+", "#1.0", "<eof>"])
    #expect(lexErrors("x = 😀") == ["1:5 unexpected character '😀'"])
    #expect(lex("a @ b") == ["a", "<invalid>", "b", "<eof>"])
}

// MARK: - Strings

@Test func lexesStringsAndEscapes() {
    let tokens = Lexer.tokenize(source: #""a\n\t\r\\\"\0\u{1F600}\u{e9}""#, file: "t").tokens
    guard case .string(let segments) = tokens[0].kind else {
        Issue.record("not a string")
        return
    }
    #expect(segments == [.text("a\n\t\r\\\"\0😀é")])
    #expect(lex(#""""#) == [#""""#, "<eof>"])
}

@Test func reportsBadEscapesAndUnterminatedStrings() {
    #expect(lexErrors(#"x = "a\qb""#) == [#"1:7 invalid escape sequence '\q' in string"#])
    #expect(lexErrors("x = \"abc\ny = 1") == ["1:5 unterminated string"])
    #expect(lexErrors(#""\u{110000}""#) == [#"1:2 invalid unicode escape: not a Unicode scalar value"#])
    #expect(lexErrors(#""\u12""#) == [#"1:2 invalid unicode escape (expected '\u{…}')"#])
    #expect(lexErrors(#""\u{12""#) == [#"1:2 invalid unicode escape (expected '}')"#])
    #expect(lexErrors(#""\u{}""#) == [#"1:2 invalid unicode escape: not a Unicode scalar value"#])
    // The unterminated string's error points at its start, and lexing goes on.
    #expect(lex("\"abc\nx") == ["\"abc\"", "⏎x", "<eof>"])
}

@Test func lexesInterpolationWithNestedStrings() {
    #expect(lex(#""a \(x + 1) b""#) == [#""a \(x + #1.0 <)>) b""#, "<eof>"])
    #expect(lex(#""\(f("in \(y)"))""#) == [#""\(f ( "in \(y <)>)" ) <)>)""#, "<eof>"])
    #expect(lex(#""\((1))""#) == [#""\(( #1.0 ) <)>)""#, "<eof>"])
}

@Test func interpolationTokensHaveTheirSourceColumns() {
    let tokens = Lexer.tokenize(source: #"s = "ab\(xy)""#, file: "t").tokens
    guard case .string(let segments) = tokens[2].kind, case .code(let code) = segments[1] else {
        Issue.record("no interpolation")
        return
    }
    #expect(code[0].range.start.column == 10)
    #expect(code[0].range.end.column == 12)
    #expect(code[0].range.start.offset == 9)
}

@Test func unterminatedInterpolationIsOneError() {
    #expect(lexErrors("\"a \\(x + \ny") == ["1:1 unterminated string"])
    #expect(lexErrors("\"a \\(x") == ["1:1 unterminated string"])
}

@Test func deeplyNestedInterpolationIsAnError() {
    let source = String(repeating: #""\("#, count: 200) + String(repeating: #")""#, count: 200)
    #expect(lexErrors(source) == ["1:100 string interpolation nested too deeply"])
}

// MARK: - Locations

@Test func columnsCountUnicodeScalarsAndOffsetsCountBytes() {
    let tokens = Lexer.tokenize(source: "\"é😀\" x\n\ty", file: "t").tokens
    #expect(tokens[1].range.start.column == 6)
    #expect(tokens[1].range.start.offset == 9)
    #expect(tokens[2].range.start.line == 2)
    #expect(tokens[2].range.start.column == 2)
}

@Test func endOfInputSitsAfterTheLastToken() {
    let tokens = Lexer.tokenize(source: "let x =\n\n# comment\n", file: "t").tokens
    let eof = tokens[tokens.count - 1]
    #expect(eof.range.start.line == 1)
    #expect(eof.range.start.column == 8)
    let empty = Lexer.tokenize(source: "", file: "t").tokens
    #expect(empty.count == 1)
    #expect(empty[0].range.start.line == 1)
}

// MARK: - Scale

@Test func garbageIsCappedAtTheDiagnosticLimit() {
    let source = String(repeating: "@ ", count: 100_000)
    #expect(Lexer.tokenize(source: source, file: "t").diagnostics.count == Parser.maxDiagnostics + 1)
    let messages = Parser.parse(source: source, file: "t", vocabulary: worldWords).diagnostics.map(\.message)
    #expect(messages.count == Parser.maxDiagnostics + 1)
    #expect(messages.last == "too many errors; stopping")
}

@Test func lexesAMegabyteScript() {
    var source = ""
    var i = 0
    while source.utf8.count < 1_000_000 {
        source += "let x\(i) = foo(1.5, \"str \\(y)\", [1, 2, 3]) + bar.baz * 2 # comment\n"
        i += 1
    }
    let result = Lexer.tokenize(source: source, file: "big.orr")
    #expect(result.diagnostics.isEmpty)
    #expect(result.tokens.count > 200_000)
}
