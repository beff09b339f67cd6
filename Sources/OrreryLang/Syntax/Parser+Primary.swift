// Primary expressions: literals, names, grouping, vectors, lists, records,
// anonymous functions and string interpolation.

extension Parser {
    /// primary -> NUMBER | STRING | 'true' | 'false' | 'nil' | NAME
    ///          | '(' expression ')' | '(' expression ',' expression ')'
    ///          | '[' list ']' | '{' record '}' | 'fn' function-rest | scene
    mutating func parsePrimary() throws -> Expr {
        let token = peek
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(.number(value), range: token.range)
        case .string(let segments):
            advance()
            return parseStringLiteral(segments, range: token.range)
        case .identifier(let name):
            advance()
            return Expr(.name(name), range: token.range)
        case .keyword(.true):
            advance()
            return Expr(.bool(true), range: token.range)
        case .keyword(.false):
            advance()
            return Expr(.bool(false), range: token.range)
        case .keyword(.nil):
            advance()
            return Expr(.nil, range: token.range)
        case .keyword(.fn):
            advance()
            if let name = peek.identifierName {
                throw error("a function expression has no name (write 'fn (…)', or declare 'fn \(name)(…)' as a statement)", at: peek)
            }
            let decl = try parseFunctionRest(fnToken: token, name: nil)
            return Expr(.function(decl), range: decl.range)
        case .keyword(.scene):
            return try parseScene()
        case .symbol(.leftParen):
            return try parseParenthesized()
        case .symbol(.leftBracket):
            return try parseList()
        case .symbol(.leftBrace):
            return try parseRecord()
        default:
            throw errorExpected("expression", got: token)
        }
    }

    /// '(' expression ')'  or the vector  '(' expression ',' expression ','? ')'
    mutating func parseParenthesized() throws -> Expr {
        let openToken = advance()
        open(openToken, closer: .rightParen)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        let first = try parseExpression()
        if match(.comma) {
            let second = try parseExpression()
            if match(.comma), !check(.rightParen) {
                throw error("a vector has exactly two components", at: peek)
            }
            let closeToken = try close(.rightParen, "after vector components")
            return Expr(.vector(first, second), range: range(from: openToken.range, to: closeToken.range))
        }
        let closeToken = try close(.rightParen, "after expression")
        // Grouping makes no node; the range grows to cover the parentheses.
        return Expr(first.kind, range: range(from: openToken.range, to: closeToken.range))
    }

    /// list -> '[' (expression (',' expression)* ','?)? ']'
    mutating func parseList() throws -> Expr {
        let openToken = advance()
        try enterNesting(at: openToken)
        defer { leaveNesting() }
        open(openToken, closer: .rightBracket)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        var elements: [Expr] = []
        while !check(.rightBracket) {
            elements.append(try parseExpression())
            if !match(.comma) { break }
        }
        let closeToken = try close(.rightBracket, "after list elements")
        return Expr(.list(elements), range: range(from: openToken.range, to: closeToken.range))
    }

    /// record -> '{' (field (',' field)* ','?)? '}'      field -> (NAME | STRING) ':' expression
    mutating func parseRecord() throws -> Expr {
        let openToken = advance()
        try enterNesting(at: openToken)
        defer { leaveNesting() }
        open(openToken, closer: .rightBrace)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        var fields: [RecordField] = []
        var seen: Set<String> = []
        while !check(.rightBrace) {
            let keyToken = peek
            let key: Identifier
            switch keyToken.kind {
            case .identifier(let name):
                key = Identifier(name, range: keyToken.range)
            case .keyword(let k):
                key = Identifier(k.rawValue, range: keyToken.range)
            case .string:
                key = Identifier(try expectPlainString("record key"), range: keyToken.range)
            default:
                throw errorExpected("record key (a name or a string)", got: keyToken)
            }
            if case .string = keyToken.kind {} else { advance() }
            guard match(.colon) else {
                throw errorExpected("':' after record key '\(key.name)'", got: peek)
            }
            let value = try parseExpression()
            if !seen.insert(key.name).inserted {
                _ = error("duplicate key '\(key.name)' in record", at: keyToken)
            }
            fields.append(RecordField(key: key, value: value))
            if !match(.comma) { break }
        }
        let closeToken = try close(.rightBrace, "after record fields")
        return Expr(.record(fields), range: range(from: openToken.range, to: closeToken.range))
    }

    /// function-rest -> '(' (parameter (',' parameter)* ','?)? ')' (block | '=>' expression)
    /// parameter     -> NAME (':' expression)?
    mutating func parseFunctionRest(fnToken: Token, name: Identifier?) throws -> FunctionDecl {
        guard check(.leftParen) else {
            throw errorExpected(name == nil ? "'(' after 'fn'" : "'(' after function name", got: peek)
        }
        let openToken = advance()
        open(openToken, closer: .rightParen)
        var parameters: [Parameter] = []
        do {
            let saved = (newlinesSignificant, allowTrailingBlock)
            newlinesSignificant = false
            allowTrailingBlock = true
            defer { (newlinesSignificant, allowTrailingBlock) = saved }
            var seen: Set<String> = []
            while !check(.rightParen) {
                let paramName = try expectName("parameter name")
                var defaultValue: Expr?
                if match(.colon) {
                    defaultValue = try parseExpression()
                }
                if !seen.insert(paramName.name).inserted {
                    _ = error("duplicate parameter '\(paramName.name)'", at: previousToken(at: paramName.range))
                }
                parameters.append(Parameter(name: paramName, defaultValue: defaultValue))
                if !match(.comma) { break }
            }
            try close(.rightParen, "after parameters")
        }
        let body: Block
        if match(.arrow) {
            let value = try parseExpression()
            body = Block(statements: [Stmt(.return(value), range: value.range)], range: value.range)
        } else if check(.leftBrace) {
            body = try parseBlock("", sceneBody: false)
        } else {
            throw errorExpected("'{' or '=>' after parameters", got: peek)
        }
        return FunctionDecl(name: name, parameters: parameters, body: body, range: range(from: fnToken.range))
    }

    /// A token standing for `range`, for errors about an already-consumed name.
    func previousToken(at range: SourceRange) -> Token {
        Token(.identifier(""), range: range, precededByNewline: false)
    }

    // MARK: - Strings

    /// Plain text stays `.string`; text with `\( … )` becomes `.interpolated`, each embedded
    /// expression parsed from the tokens the lexer collected (so ranges are exact).
    mutating func parseStringLiteral(_ segments: [StringSegment], range: SourceRange) -> Expr {
        var parts: [InterpolationPart] = []
        var hasCode = false
        for segment in segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .code(let codeTokens):
                hasCode = true
                if let expr = parseInterpolation(codeTokens) {
                    parts.append(.expr(expr))
                }
            }
        }
        if !hasCode {
            var text = ""
            for case .text(let t) in parts { text += t }
            return Expr(.string(text), range: range)
        }
        return Expr(.interpolated(parts), range: range)
    }

    /// Parses the tokens of one `\( … )` with a sub-parser sharing this parser's state.
    mutating func parseInterpolation(_ codeTokens: [Token]) -> Expr? {
        var sub = Parser(tokens: codeTokens, file: file, source: source)
        sub.depth = depth
        sub.lastErrorOffset = lastErrorOffset
        var result: Expr?
        do {
            if sub.isAtEnd {
                throw sub.errorExpected("expression in string interpolation", got: sub.peek)
            }
            let expr = try sub.parseExpression()
            if !sub.isAtEnd {
                throw sub.errorExpected("')' after interpolated expression", got: sub.peek)
            }
            result = expr
        } catch {
            result = nil
        }
        let room = max(0, Parser.maxDiagnostics - diagnostics.count)
        diagnostics.append(contentsOf: sub.diagnostics.prefix(room))
        sawOtherError = sawOtherError || sub.sawOtherError || sub.sawEndOfInputError
        lastErrorOffset = max(lastErrorOffset, sub.lastErrorOffset)
        return result
    }
}
