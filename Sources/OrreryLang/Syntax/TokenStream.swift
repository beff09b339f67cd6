// The parser's window on the tokens. The lexer runs only as far as the parser has
// read, and only the previous, current and next tokens are kept, so parsing a file
// holds no array of its tokens: a 60 MB script would otherwise keep ~20 million.

/// Tokens pulled one at a time from a lexer (a file) or from a list (the tokens of one
/// `\( … )`, already lexed inside their string).
struct TokenStream {
    private var lexer: Lexer?
    private let list: [Token]
    private var listIndex = 0
    /// The last token consumed, the token at hand, and the one after it.
    private(set) var previous: Token
    private(set) var current: Token
    private(set) var next: Token
    /// How many tokens have been consumed (the parser compares positions with it).
    private(set) var position = 0

    /// The tokens of a whole file, lexed as the parser asks for them.
    init(lexer: Lexer) {
        var lexer = lexer
        let first = lexer.nextToken()
        let second = first.kind == .endOfInput ? first : lexer.nextToken()
        self.lexer = lexer
        list = []
        previous = first
        current = first
        next = second
    }

    /// A fixed list of tokens; the last one ends it (`.endOfInterpolation`).
    init(tokens: [Token], emptyRange: SourceRange) {
        list = tokens.isEmpty ? [Token(.endOfInput, range: emptyRange, precededByNewline: false)] : tokens
        previous = list[0]
        current = list[0]
        next = list[min(1, list.count - 1)]
    }

    /// True when the token at hand is the last one: `advance` stays on it.
    var atLastToken: Bool {
        if lexer != nil { return current.kind == .endOfInput }
        return listIndex == list.count - 1
    }

    /// Consumes the token at hand (never moving past the last one) and returns it.
    @discardableResult
    mutating func advance() -> Token {
        let token = current
        guard !atLastToken else { return token }
        position += 1
        previous = current
        current = next
        if lexer != nil {
            if next.kind != .endOfInput { next = lexer!.nextToken() }
        } else {
            listIndex += 1
            next = list[min(listIndex + 1, list.count - 1)]
        }
        return token
    }

    /// Moves to the last token (after too many errors), lexing the rest unseen.
    mutating func skipToEnd() {
        while !atLastToken { advance() }
    }

    /// Errors the lexer found, including in the part not yet read: lexes to the end.
    mutating func lexerDiagnostics() -> [Diagnostic] {
        guard var lexer else { return [] }
        self.lexer = nil
        if next.kind != .endOfInput {
            while lexer.nextToken().kind != .endOfInput {}
        }
        let found = lexer.diagnostics
        self.lexer = lexer
        return found
    }
}

/// How large a script may be. Checked before lexing, in `Parser.parse`, so every way
/// in (run, check, test, notebook, the REPL's `.load`, imports) refuses the same way.
public enum SourceLimits {
    /// 64 MiB (reference §10).
    public static let maxScriptBytes = 64 << 20
}
