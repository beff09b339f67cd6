// The lexer: UTF-8 bytes in, tokens and diagnostics out. It works on the byte array
// directly (no Character iteration) so a 1 MB script lexes in milliseconds.

/// Turns source text into tokens. Errors become diagnostics and `.invalid` tokens;
/// lexing always runs to the end of the input.
public struct Lexer {
    /// Deepest nesting of strings inside `\( … )` inside strings.
    public static let maxInterpolationDepth = 32

    let bytes: [UInt8]
    let file: String
    /// `file`'s index among source file names (`SourceFileNames`), for the tokens' ranges.
    let fileID: Int
    var position = 0
    var line = 1
    var column = 1
    var newlineSeen = false
    var interpolationDepth = 0
    /// After "nested too deeply", the enclosing strings on that line stay quiet.
    var suppressedUnterminatedLine = 0
    /// Errors found so far (bad characters, numbers, escapes, unterminated strings).
    public private(set) var diagnostics: [Diagnostic] = []

    /// The end of the last token lexed, where `.endOfInput` goes.
    var lastEnd: SourceLocation?

    /// A lexer positioned at the start of `source`; `file` names it in ranges.
    public init(source: String, file: String) {
        self.init(bytes: Array(source.utf8), file: file)
    }

    /// A lexer over UTF-8 `bytes` (shared, not copied, with whoever else holds them).
    public init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        fileID = SourceFileNames.id(of: file)
        // Some editors start UTF-8 files with a byte-order mark; it is not part of the script.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Lexes the whole source. The last token is always `.endOfInput`.
    public static func tokenize(source: String, file: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source: source, file: file)
        let tokens = lexer.tokenizeAll()
        return (tokens, lexer.diagnostics)
    }

    /// Lexes from the current position to the end of input.
    public mutating func tokenizeAll() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = nextToken()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    /// The next token; `.endOfInput` (again and again) once the input is used up.
    public mutating func nextToken() -> Token {
        skipTrivia(stopAtNewline: false)
        if position >= bytes.count {
            // End of input sits right after the last token, so "got end of input"
            // errors point at the line the user was writing.
            let at = lastEnd ?? location
            return Token(.endOfInput, range: SourceRange(fileID: fileID, start: at, end: at), precededByNewline: newlineSeen)
        }
        let token = lexToken()
        lastEnd = token.range.end
        return token
    }

    // MARK: - Position

    var location: SourceLocation { SourceLocation(offset: position, line: line, column: column) }

    var peekByte: UInt8? { position < bytes.count ? bytes[position] : nil }

    func byte(at offset: Int) -> UInt8? {
        let i = position + offset
        return i >= 0 && i < bytes.count ? bytes[i] : nil
    }

    /// Moves past one byte. Columns count Unicode scalars, so UTF-8 continuation bytes
    /// do not advance the column.
    mutating func advance() {
        guard position < bytes.count else { return }
        let b = bytes[position]
        position += 1
        if b == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    func range(from start: SourceLocation) -> SourceRange {
        SourceRange(fileID: fileID, start: start, end: location)
    }

    mutating func report(_ message: String, _ range: SourceRange) {
        // One past the parser's cap is enough for "too many errors"; a file of garbage
        // should not build millions of diagnostics.
        guard diagnostics.count <= Parser.maxDiagnostics else { return }
        diagnostics.append(Diagnostic(.error, message, at: range))
    }

    // MARK: - Trivia

    /// Skips spaces, tabs, carriage returns, comments and (unless `stopAtNewline`) line breaks.
    mutating func skipTrivia(stopAtNewline: Bool) {
        while let b = peekByte {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: "\n"):
                if stopAtNewline { return }
                newlineSeen = true
                advance()
            case UInt8(ascii: "#"):
                while let c = peekByte, c != UInt8(ascii: "\n") { advance() }
            default:
                return
            }
        }
    }

    // MARK: - Tokens

    /// Lexes one token starting at a non-trivia byte.
    mutating func lexToken() -> Token {
        let start = location
        let newline = newlineSeen
        newlineSeen = false
        guard let b = peekByte else {
            return Token(.endOfInput, range: range(from: start), precededByNewline: newline)
        }
        let kind: Token.Kind
        if isDigit(b) {
            kind = lexNumber(start: start)
        } else if isIdentifierStart(at: position) {
            kind = lexIdentifier()
        } else if b == UInt8(ascii: "\"") {
            kind = lexString(start: start)
        } else if let symbol = lexSymbol() {
            kind = .symbol(symbol)
        } else {
            kind = lexInvalid(start: start)
        }
        return Token(kind, range: range(from: start), precededByNewline: newline)
    }

    mutating func lexIdentifier() -> Token.Kind {
        let startOffset = position
        while position < bytes.count, isIdentifierContinue(at: position) {
            advanceScalar()
        }
        let text = String(decoding: bytes[startOffset..<position], as: UTF8.self)
        if let keyword = Keyword(rawValue: text) { return .keyword(keyword) }
        return .identifier(text)
    }

    /// Operators and punctuation; longest match first.
    mutating func lexSymbol() -> Symbol? {
        guard let b = peekByte else { return nil }
        let next = byte(at: 1)
        let two: Symbol?
        switch (b, next) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): two = .equalEqual
        case (UInt8(ascii: "="), UInt8(ascii: ">")): two = .arrow
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): two = .notEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): two = .lessEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): two = .greaterEqual
        case (UInt8(ascii: "~"), UInt8(ascii: "=")): two = .approxEqual
        case (UInt8(ascii: "+"), UInt8(ascii: "=")): two = .plusAssign
        case (UInt8(ascii: "-"), UInt8(ascii: "=")): two = .minusAssign
        case (UInt8(ascii: "*"), UInt8(ascii: "=")): two = .starAssign
        case (UInt8(ascii: "/"), UInt8(ascii: "=")): two = .slashAssign
        case (UInt8(ascii: "*"), UInt8(ascii: "*")): two = .starStar
        default: two = nil
        }
        if let two {
            advance(); advance()
            return two
        }
        let one: Symbol?
        switch b {
        case UInt8(ascii: "("): one = .leftParen
        case UInt8(ascii: ")"): one = .rightParen
        case UInt8(ascii: "["): one = .leftBracket
        case UInt8(ascii: "]"): one = .rightBracket
        case UInt8(ascii: "{"): one = .leftBrace
        case UInt8(ascii: "}"): one = .rightBrace
        case UInt8(ascii: ","): one = .comma
        case UInt8(ascii: "."): one = .dot
        case UInt8(ascii: ":"): one = .colon
        case UInt8(ascii: ";"): one = .semicolon
        case UInt8(ascii: "="): one = .assign
        case UInt8(ascii: "<"): one = .less
        case UInt8(ascii: ">"): one = .greater
        case UInt8(ascii: "+"): one = .plus
        case UInt8(ascii: "-"): one = .minus
        case UInt8(ascii: "*"): one = .star
        case UInt8(ascii: "/"): one = .slash
        case UInt8(ascii: "%"): one = .percent
        default: one = nil
        }
        if one != nil { advance() }
        return one
    }

    /// A run of characters that start no token becomes one `.invalid` token and one error.
    mutating func lexInvalid(start: SourceLocation) -> Token.Kind {
        let firstStart = position
        advanceScalar()
        let first = String(decoding: bytes[firstStart..<position], as: UTF8.self)
        if first == "'" {
            // A single-quoted string: one error for all of it.
            while let b = peekByte, b != UInt8(ascii: "\n") {
                advance()
                if b == UInt8(ascii: "'") { break }
            }
        }
        while first != "'", let b = peekByte, !isTokenBoundary(b), !isIdentifierStart(at: position), !isDigit(b) {
            let save = (position, line, column)
            if lexSymbol() != nil {
                (position, line, column) = save
                break
            }
            advanceScalar()
        }
        var message = "unexpected character '\(first)'"
        switch first {
        case "!": message += " (use 'not' for negation)"
        case "&": message += " (use 'and')"
        case "|": message += " (use 'or')"
        case "'": message += " (strings use double quotes)"
        default: break
        }
        report(message, range(from: start))
        return .invalid
    }

    /// Advances over one whole Unicode scalar (all its UTF-8 bytes).
    mutating func advanceScalar() {
        advance()
        while let b = peekByte, b & 0xC0 == 0x80 { advance() }
    }

    // MARK: - Character classes

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    func isTokenBoundary(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")
            || b == UInt8(ascii: "\n") || b == UInt8(ascii: "#") || b == UInt8(ascii: "\"")
    }

    func isIdentifierStart(at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        let b = bytes[offset]
        if b < 0x80 {
            return (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || b == UInt8(ascii: "_")
        }
        return decodeScalar(at: offset)?.properties.isAlphabetic ?? false
    }

    func isIdentifierContinue(at offset: Int) -> Bool {
        guard offset < bytes.count else { return false }
        return isDigit(bytes[offset]) || isIdentifierStart(at: offset)
    }

    /// Decodes the scalar whose lead byte is at `offset` (non-ASCII only).
    func decodeScalar(at offset: Int) -> Unicode.Scalar? {
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80, end - offset < 4 { end += 1 }
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        return text.unicodeScalars.first
    }
}
