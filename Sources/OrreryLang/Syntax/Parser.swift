// The parser: a recursive-descent parser with panic-mode error recovery.
// Every syntax error in a file is reported in one run: a statement that fails to parse
// throws `ParseError` after recording a diagnostic, and the enclosing statement list
// catches it and skips to the next statement boundary (`synchronize`).
// The grammar production is written above each parse function.

/// The result of parsing one file.
public struct ParseResult: Sendable {
    /// The statements that parsed; with errors, the good statements around them.
    public var program: Program
    /// Lexical and syntax errors in source order (at most `Parser.maxDiagnostics`, plus
    /// a final "too many errors; stopping").
    public var diagnostics: [Diagnostic]
    /// True when the only error was running out of input inside an unfinished construct
    /// (an open bracket or block, a dangling operator). The REPL then asks for more lines.
    public var isIncomplete: Bool
}

/// The result of parsing a single expression (for the REPL's `.type EXPR`).
public struct ExpressionParseResult: Sendable {
    /// nil when the source is not exactly one valid expression.
    public var expression: Expr?
    public var diagnostics: [Diagnostic]
    public var isIncomplete: Bool
}

/// Thrown after a syntax error has been recorded; caught where the parser can resume.
struct ParseError: Error {}

/// Parses Orrery source into a `Program`.
public struct Parser {
    /// Deepest nesting of expressions and blocks. Deeper input gets
    /// "expression nested too deeply" instead of exhausting the stack.
    public static let maxNestingDepth = 100
    /// Parsing stops after this many diagnostics.
    public static let maxDiagnostics = 100

    /// An open `(`, `[` or `{` whose closer has not been seen yet.
    struct OpenDelimiter {
        var token: Token
        var closer: Symbol
        /// How the note names it: `'('` or `'scene' block`.
        var label: String
    }

    var tokens: TokenStream
    /// How many tokens have been consumed: a parse that failed without moving is
    /// recognised by it.
    var current: Int { tokens.position }
    let file: String
    let source: [UInt8]
    var diagnostics: [Diagnostic] = []
    var openDelimiters: [OpenDelimiter] = []
    var depth = 0
    /// False inside `( )`, `[ ]` and record braces, where line breaks mean nothing.
    var newlinesSignificant = true
    /// False in the head of `if`/`while`/`for`, where `{` opens the body, not a trailing block.
    var allowTrailingBlock = true
    /// True directly inside a `scene` block (and its nested if/for/while bodies).
    var inScene = false
    /// True directly inside a call's trailing block (and its nested if/for/while bodies),
    /// where causal edits such as `remove b` and `set b.mass = 10` are written.
    var inTrailingBlock = false
    var sawEndOfInputError = false
    var sawOtherError = false
    var lastErrorOffset = -1
    /// Set when errors were dropped after reaching `maxDiagnostics`.
    var truncated = false
    /// The words of scene blocks, from the domain (`LanguageExtension.sceneVocabulary`).
    let vocabulary: SceneVocabulary

    init(tokens: [Token], file: String, source: [UInt8], vocabulary: SceneVocabulary = SceneVocabulary()) {
        let start = SourceLocation(offset: 0, line: 1, column: 1)
        self.init(stream: TokenStream(tokens: tokens, emptyRange: SourceRange(file: file, start: start, end: start)),
                  file: file, source: source, vocabulary: vocabulary)
    }

    init(stream: TokenStream, file: String, source: [UInt8], vocabulary: SceneVocabulary) {
        self.tokens = stream
        self.file = file
        self.source = source
        self.vocabulary = vocabulary
    }

    /// A parser reading `source` through a lexer, one token at a time.
    init(source: String, file: String, vocabulary: SceneVocabulary) {
        let bytes = Array(source.utf8)
        self.init(stream: TokenStream(lexer: Lexer(bytes: bytes, file: file)), file: file, source: bytes,
                  vocabulary: vocabulary)
    }

    /// The error for a script longer than `SourceLimits.maxScriptBytes`, or nil.
    static func tooLarge(_ source: String, file: String) -> Diagnostic? {
        let size = source.utf8.count
        guard size > SourceLimits.maxScriptBytes else { return nil }
        let start = SourceLocation(offset: 0, line: 1, column: 1)
        return Diagnostic(.error, "script is \(ByteCount.describe(size)); the limit is "
                              + "\(ByteCount.describeLimit(SourceLimits.maxScriptBytes))",
                          at: SourceRange(file: file, start: start, end: start))
    }

    // MARK: - Entry points

    /// Parses a whole file. Never traps; every syntax error becomes a diagnostic.
    public static func parse(source: String, file: String, vocabulary: SceneVocabulary = SceneVocabulary()) -> ParseResult {
        var statements: [Stmt] = []
        let (diagnostics, isIncomplete) = parse(source: source, file: file, vocabulary: vocabulary) { statements.append($0) }
        return ParseResult(program: Program(file: file, statements: statements), diagnostics: diagnostics,
                           isIncomplete: isIncomplete)
    }

    /// Parses a whole file, handing over each top-level statement as soon as it is
    /// parsed, so a caller that needs one at a time never holds the whole tree.
    /// Returns what `ParseResult` would hold besides the statements.
    public static func parse(source: String, file: String, vocabulary: SceneVocabulary = SceneVocabulary(),
                             each: (Stmt) -> Void) -> (diagnostics: [Diagnostic], isIncomplete: Bool) {
        if let error = tooLarge(source, file: file) { return ([error], false) }
        var parser = Parser(source: source, file: file, vocabulary: vocabulary)
        parser.parseTopLevel(each)
        let lexerDiagnostics = parser.tokens.lexerDiagnostics()
        let diagnostics = merge(lexerDiagnostics, parser.diagnostics, truncated: parser.truncated)
        // A bad character or an unterminated string cannot be fixed by typing more lines.
        let lexerClean = lexerDiagnostics.isEmpty
        return (diagnostics, lexerClean && parser.sawEndOfInputError && !parser.sawOtherError)
    }

    /// Parses a single expression filling the whole source.
    public static func parseExpression(source: String, file: String,
                                       vocabulary: SceneVocabulary = SceneVocabulary()) -> ExpressionParseResult {
        if let error = tooLarge(source, file: file) {
            return ExpressionParseResult(expression: nil, diagnostics: [error], isIncomplete: false)
        }
        var parser = Parser(source: source, file: file, vocabulary: vocabulary)
        var expression: Expr?
        do {
            let e = try parser.parseExpression()
            if !parser.peek.isEnd {
                throw parser.errorExpected("end of expression", got: parser.peek)
            }
            expression = e
        } catch {
            expression = nil
        }
        let lexerDiagnostics = parser.tokens.lexerDiagnostics()
        return ExpressionParseResult(
            expression: expression,
            diagnostics: merge(lexerDiagnostics, parser.diagnostics, truncated: parser.truncated),
            isIncomplete: lexerDiagnostics.isEmpty && parser.sawEndOfInputError && !parser.sawOtherError)
    }

    /// Lexer and parser diagnostics in source order, capped.
    static func merge(_ a: [Diagnostic], _ b: [Diagnostic], truncated: Bool) -> [Diagnostic] {
        let all = (a.enumerated().map { ($0.offset, 0, $0.element) } + b.enumerated().map { ($0.offset, 1, $0.element) })
            .sorted { l, r in
                if l.2.range.start.offset != r.2.range.start.offset { return l.2.range.start.offset < r.2.range.start.offset }
                if l.1 != r.1 { return l.1 < r.1 }
                return l.0 < r.0
            }
            .map { $0.2 }
        if all.count <= maxDiagnostics && !truncated { return all }
        var capped = Array(all.prefix(maxDiagnostics))
        if let last = capped.last {
            capped.append(Diagnostic(.error, "too many errors; stopping", at: last.range))
        }
        return capped
    }

    // MARK: - Token access

    var peek: Token { tokens.current }

    var peekNext: Token { tokens.next }

    var isAtEnd: Bool { peek.isEnd }

    @discardableResult
    mutating func advance() -> Token { tokens.advance() }

    var previous: Token { tokens.previous }

    func check(_ symbol: Symbol) -> Bool { peek.isSymbol(symbol) }

    func check(_ keyword: Keyword) -> Bool { peek.isKeyword(keyword) }

    mutating func match(_ symbol: Symbol) -> Bool {
        if check(symbol) {
            advance()
            return true
        }
        return false
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        if check(keyword) {
            advance()
            return true
        }
        return false
    }

    /// True when the next token continues the current line (or line breaks are
    /// insignificant here because we are inside brackets).
    var nextIsOnSameLine: Bool { !peek.precededByNewline || !newlinesSignificant }

    func range(from start: SourceRange, to end: SourceRange) -> SourceRange {
        SourceRange(fileID: start.fileID, start: start.start, end: end.end)
    }

    /// Range from `start` to the end of the last consumed token.
    func range(from start: SourceRange) -> SourceRange {
        let end = previous.range.end
        return SourceRange(fileID: start.fileID, start: start.start, end: max(end, start.end))
    }

    // MARK: - Nesting

    /// Counts one level of nesting; throws "expression nested too deeply" past the limit.
    mutating func enterNesting() throws {
        depth += 1
        if depth > Parser.maxNestingDepth {
            depth -= 1
            throw nestedTooDeeply(at: peek)
        }
    }

    mutating func leaveNesting() { depth -= 1 }

    // MARK: - Delimiters

    mutating func open(_ token: Token, closer: Symbol, label: String? = nil) {
        let name = label ?? "'\(describeSpelling(token))'"
        openDelimiters.append(OpenDelimiter(token: token, closer: closer, label: name))
    }

    /// Consumes the closer of the innermost open delimiter, or reports
    /// "expected ')' CONTEXT, got X" with a note pointing at the opener.
    @discardableResult
    mutating func close(_ closer: Symbol, _ context: String) throws -> Token {
        if check(closer) {
            if !openDelimiters.isEmpty { openDelimiters.removeLast() }
            return advance()
        }
        var notes: [Diagnostic.Note] = []
        if let opener = openDelimiters.last {
            notes.append(Diagnostic.Note(message: "to close \(opener.label) opened here", range: opener.token.range))
        }
        throw errorExpected("'\(closer.rawValue)' \(context)", got: peek, notes: notes)
    }
}
