// Error reporting and panic-mode recovery.

extension Parser {
    // MARK: - Reporting

    /// Records `message` at `token` (unless it would be noise) and returns the error to throw.
    mutating func error(_ message: String, at token: Token, notes: [Diagnostic.Note] = []) -> ParseError {
        return error(message, range: token.range, token: token, notes: notes)
    }

    mutating func error(_ message: String, range: SourceRange, token: Token, notes: [Diagnostic.Note] = []) -> ParseError {
        // The lexer already reported bad characters and unterminated strings.
        if case .invalid = token.kind { return ParseError() }
        if case .endOfInterpolation = token.kind, !isRealCloseParen(token) { return ParseError() }
        // One error per place: a second complaint about the same token is a cascade.
        if range.start.offset == lastErrorOffset { return ParseError() }
        guard diagnostics.count < Parser.maxDiagnostics else {
            truncated = true
            tokens.skipToEnd()
            return ParseError()
        }
        lastErrorOffset = range.start.offset
        if case .endOfInput = token.kind {
            sawEndOfInputError = true
        } else {
            sawOtherError = true
        }
        diagnostics.append(Diagnostic(.error, message, at: range, notes: notes))
        return ParseError()
    }

    /// "expected WHAT, got TOKEN".
    mutating func errorExpected(_ what: String, got token: Token, notes: [Diagnostic.Note] = []) -> ParseError {
        error("expected \(what), got \(describe(token))", at: token, notes: notes)
    }

    /// Like `errorExpected`, but a token on the next line reads as "got end of line".
    mutating func errorExpectedOnLine(_ what: String, got token: Token) -> ParseError {
        if token.precededByNewline && newlinesSignificant, !token.isEnd {
            return error("expected \(what), got end of line", range: lineEndRange(), token: token)
        }
        return errorExpected(what, got: token)
    }

    /// An empty range just after the last consumed token.
    func lineEndRange() -> SourceRange {
        let end = previous.range.end
        return SourceRange(file: file, start: end, end: end)
    }

    func isRealCloseParen(_ token: Token) -> Bool {
        let offset = token.range.start.offset
        return offset >= 0 && offset < source.count && source[offset] == UInt8(ascii: ")")
            && token.range.end.offset > offset
    }

    // MARK: - Describing tokens

    /// How an error message names a token: `'x'`, `')'`, `"text"`, `end of input`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfInput: return "end of input"
        case .endOfInterpolation: return "')'"
        case .string: return "string \(truncated(spelling(of: token)))"
        default: return "'\(truncated(spelling(of: token)))'"
        }
    }

    /// The token's source text.
    func spelling(of token: Token) -> String {
        let start = max(0, min(token.range.start.offset, source.count))
        let end = max(start, min(token.range.end.offset, source.count))
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    func describeSpelling(_ token: Token) -> String { truncated(spelling(of: token)) }

    func truncated(_ text: String) -> String {
        text.unicodeScalars.count > 24 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(24))) + "…" : text
    }

    // MARK: - Recovery

    /// Parses one statement; on error, skips to the next statement boundary and returns nil.
    mutating func parseStatementRecovering() -> Stmt? {
        let start = current
        let height = openDelimiters.count
        var result: Stmt?
        do {
            result = try parseStatement()
            try expectStatementEnd()
            return result
        } catch {
            let pending = height < openDelimiters.count ? Array(openDelimiters[height...]) : []
            if height < openDelimiters.count { openDelimiters.removeSubrange(height...) }
            synchronize(pending: pending)
            if current == start && !isAtEnd && !check(.rightBrace) {
                advance()
                synchronize(pending: [])
            }
            return result
        }
    }

    /// statement-end -> newline | ';'+ | before '}' | end of input
    mutating func expectStatementEnd() throws {
        if isAtEnd || check(.rightBrace) || peek.precededByNewline { return }
        if match(.semicolon) {
            while match(.semicolon) {}
            return
        }
        throw errorExpected("newline or ';' after statement", got: peek)
    }

    /// Skips tokens until a statement boundary: a line break or `;` outside brackets,
    /// an unmatched `}` (left for the enclosing block), or a statement keyword at the
    /// start of a line (an unclosed `(`/`[` is abandoned there rather than eating the file).
    mutating func synchronize(pending: [OpenDelimiter]) {
        var expected = pending.map(\.closer)
        while !isAtEnd {
            let token = peek
            if token.precededByNewline {
                if expected.isEmpty { return }
                if expected.last != .rightBrace && startsStatement() { return }
            }
            if case .symbol(let symbol) = token.kind {
                switch symbol {
                case .semicolon where expected.isEmpty:
                    advance()
                    return
                case .leftParen: expected.append(.rightParen)
                case .leftBracket: expected.append(.rightBracket)
                case .leftBrace: expected.append(.rightBrace)
                case .rightParen, .rightBracket, .rightBrace:
                    if let i = expected.lastIndex(of: symbol) {
                        expected.removeSubrange(i...)
                    } else if symbol == .rightBrace {
                        return
                    }
                default: break
                }
            }
            advance()
        }
    }

    /// Keywords that can only begin a statement (`fn NAME` too), at the token at hand.
    func startsStatement() -> Bool {
        guard case .keyword(let k) = peek.kind else { return false }
        switch k {
        case .let, .var, .if, .while, .for, .return, .import, .test, .expect, .assume, .show, .break, .continue:
            return true
        case .fn:
            return !tokens.atLastToken && peekNext.identifierName != nil
        default:
            return false
        }
    }
}
