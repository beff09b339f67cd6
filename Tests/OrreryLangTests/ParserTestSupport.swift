import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Parses `source` and returns the S-expression of its statements (one per line).
func sexpr(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let result = Parser.parse(source: source, file: "t.orr", vocabulary: worldWords)
    #expect(result.diagnostics.isEmpty, "unexpected diagnostics: \(result.diagnostics.map(\.message))", sourceLocation: sourceLocation)
    return result.program.sExpression
}

/// The messages of all diagnostics for `source`.
func errors(_ source: String) -> [String] {
    Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).diagnostics.map(\.message)
}

/// "line:col message" for each diagnostic.
func locatedErrors(_ source: String) -> [String] {
    Parser.parse(source: source, file: "t.orr", vocabulary: worldWords).diagnostics.map {
        "\($0.range.start.line):\($0.range.start.column) \($0.message)"
    }
}
