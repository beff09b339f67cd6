// Primary expressions: literals, names, grouping, vectors, lists, records,
// anonymous functions and string interpolation.

extension Parser {
    /// primary -> NUMBER | STRING | 'true' | 'false' | 'nil' | NAME
    ///          | '(' expression ')' | '(' expression ',' expression ')'
    ///          | '[' list ']' | '{' record '}' | 'fn' function-rest | scene
    /// Only dispatches, so its stack frame stays small on the recursion path.
    mutating func parsePrimary() throws -> Expr {
        switch primaryKind() {
        case .parenthesized: return try parseParenthesized()
        case .list: return try parseList()
        case .record: return try parseRecord()
        case .function: return try parseFunctionExpression()
        case .scene: return try parseScene()
        case .atom: return try parseAtom()
        }
    }

    enum PrimaryKind { case parenthesized, list, record, function, scene, atom }

    func primaryKind() -> PrimaryKind {
        switch peek.kind {
        case .symbol(.leftParen): return .parenthesized
        case .symbol(.leftBracket): return .list
        case .symbol(.leftBrace): return .record
        case .keyword(.fn): return .function
        case .keyword(.scene): return .scene
        default: return .atom
        }
    }

    /// atom -> NUMBER | STRING | 'true' | 'false' | 'nil' | NAME
    mutating func parseAtom() throws -> Expr {
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
        default:
            throw errorExpected("expression", got: token)
        }
    }

    /// function-expression -> 'fn' function-rest
    mutating func parseFunctionExpression() throws -> Expr {
        let fnToken = advance()
        if let name = peek.identifierName {
            throw error("a function expression has no name (write 'fn (…)', or declare 'fn \(name)(…)' as a statement)", at: peek)
        }
        let decl = try parseFunctionRest(fnToken: fnToken, name: nil)
        return Expr(.function(decl), range: decl.range)
    }

    /// '(' expression ')'  or the vector  '(' expression ',' expression ','? ')'
    mutating func parseParenthesized() throws -> Expr {
        let start = advance().range
        open(previous, closer: .rightParen)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        let first = try parseExpression()
        if check(.comma) { return try parseVectorRest(first, start: start) }
        try close(.rightParen, "after expression")
        // Grouping makes no node; the range grows to cover the parentheses.
        return Expr(first.kind, range: range(from: start))
    }

    /// vector-rest -> ',' expression ','? ')'
    mutating func parseVectorRest(_ first: Expr, start: SourceRange) throws -> Expr {
        advance()
        let second = try parseExpression()
        if match(.comma), !check(.rightParen) {
            throw error("a vector has exactly two components", at: peek)
        }
        try close(.rightParen, "after vector components")
        return Expr(.vector(first, second), range: range(from: start))
    }

    /// list -> '[' (expression (',' expression)* ','?)? ']'
    mutating func parseList() throws -> Expr {
        // No nesting level of its own: each element is an expression, which counts one,
        // so `[[…]]` nests as deep as `((…))` (reference §10).
        let openToken = advance()
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
        // No nesting level of its own: each element is an expression, which counts one,
        // so `[[…]]` nests as deep as `((…))` (reference §10).
        let openToken = advance()
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
    mutating func parseFunctionRest(fnToken: Token, name: Identifier?) throws -> FunctionDecl {
        let parameters = try parseParameters(named: name != nil)
        let body = try parseFunctionBody()
        return FunctionDecl(name: name, parameters: parameters, body: body, range: range(from: fnToken.range))
    }

    /// parameters -> '(' (parameter (',' parameter)* ','?)? ')'      parameter -> NAME (':' expression)?
    mutating func parseParameters(named: Bool) throws -> [Parameter] {
        guard check(.leftParen) else {
            throw errorExpected(named ? "'(' after function name" : "'(' after 'fn'", got: peek)
        }
        open(advance(), closer: .rightParen)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        var parameters: [Parameter] = []
        var seen: Set<String> = []
        while !check(.rightParen) {
            let paramName = try expectName("parameter name")
            var defaultValue: Expr?
            if match(.colon) {
                defaultValue = try parseExpression()
            }
            if !seen.insert(paramName.name).inserted {
                _ = error("duplicate parameter '\(paramName.name)'", range: paramName.range, token: previous)
            }
            parameters.append(Parameter(name: paramName, defaultValue: defaultValue))
            if !match(.comma) { break }
        }
        try close(.rightParen, "after parameters")
        return parameters
    }

    /// function-body -> block | '=>' expression      (`=> e` is stored as `{ return e }`)
    mutating func parseFunctionBody() throws -> Block {
        if match(.arrow) {
            let value = try parseExpression()
            return Block(statements: [Stmt(.return(value), range: value.range)], range: value.range)
        }
        if check(.leftBrace) {
            return try parseBlock("", sceneBody: false)
        }
        throw errorExpected("'{' or '=>' after parameters", got: peek)
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
        truncated = truncated || sub.truncated || sub.diagnostics.count > room
        lastErrorOffset = max(lastErrorOffset, sub.lastErrorOffset)
        return result
    }
}
