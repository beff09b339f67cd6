// Scene blocks: `scene "name" { … }` and the entry lines inside them.

extension Parser {
    /// scene -> 'scene' expression block      (the block is a scene body)
    mutating func parseScene() throws -> Expr {
        let sceneToken = advance()
        if check(.leftBrace) || isAtEnd || (peek.precededByNewline && newlinesSignificant) {
            throw errorExpectedOnLine("scene name after 'scene'", got: peek)
        }
        let name: Expr
        do {
            let saved = allowTrailingBlock
            allowTrailingBlock = false
            defer { allowTrailingBlock = saved }
            name = try parseExpression()
        }
        let body = try parseBlock("after scene name", sceneBody: true, label: "'scene' block",
                                  closing: "at end of scene block")
        return Expr(.scene(name: name, body: body), range: range(from: sceneToken.range, to: body.range))
    }

    /// scene-entry -> KIND NAME? VALUE? (KEY VALUE?)*      all on one line
    /// Body kinds require NAME (an identifier or a string); a value right after the kind
    /// or name is positional; KEY is an identifier and flag keys take no value.
    /// Kinds the parser does not know are parsed leniently (an optional name, keys with
    /// optional values) so the world bindings can report them by name.
    mutating func parseSceneEntry() throws -> Stmt {
        var kindToken = advance()
        // `add ball c at …` in an intervention block is the entry `ball c at …`.
        if kindToken.identifierName == "add", nextIsOnSameLine, let next = peek.identifierName,
           vocabulary.namedWords.contains(next) {
            kindToken = advance()
        }
        let kindName = kindToken.identifierName ?? ""
        let kind = Identifier(kindName, range: kindToken.range)
        let known = vocabulary.entryWords.contains(kindName)
        var name: Expr?
        var nameIsIdentifier = false
        if !known && nextIsOnSameLine {
            if case .identifier(let text) = peek.kind {
                let token = advance()
                name = Expr(.string(text), range: token.range)
                nameIsIdentifier = true
            } else if case .string = peek.kind {
                name = try parsePrimary()
            }
        } else if vocabulary.namedWords.contains(kindName) {
            guard nextIsOnSameLine && !isAtEnd else {
                throw errorExpectedOnLine("name after '\(kindName)'", got: peek)
            }
            switch peek.kind {
            case .identifier(let text):
                let token = advance()
                name = Expr(.string(text), range: token.range)
                nameIsIdentifier = true
            case .string:
                name = try parsePrimary()
            default:
                throw errorExpected("name after '\(kindName)' (an identifier or a string)", got: peek)
            }
        }
        var positional: Expr?
        if nextIsOnSameLine && startsExpression(peek) && peek.identifierName == nil {
            positional = try parseEntryValue()
        }
        var properties: [SceneEntry.Property] = []
        while nextIsOnSameLine && !isAtEnd && !check(.semicolon) && !check(.rightBrace) {
            guard let key = peek.identifierName else {
                throw errorExpected("property name in '\(kindName)' entry", got: peek)
            }
            let keyToken = advance()
            let keyIdentifier = Identifier(key, range: keyToken.range)
            if vocabulary.flagKeys.contains(key) {
                properties.append(SceneEntry.Property(key: keyIdentifier, value: nil))
                continue
            }
            guard nextIsOnSameLine && startsExpression(peek) else {
                if !known {
                    properties.append(SceneEntry.Property(key: keyIdentifier, value: nil))
                    continue
                }
                throw errorExpectedOnLine("value for '\(key)'", got: peek)
            }
            let value = try parseEntryValue()
            properties.append(SceneEntry.Property(key: keyIdentifier, value: value))
        }
        let entry = SceneEntry(kind: kind, name: name, nameIsIdentifier: nameIsIdentifier, positional: positional,
                               properties: properties)
        return Stmt(.sceneEntry(entry), range: range(from: kindToken.range))
    }

    /// An entry value is a whole expression, but never takes a trailing block.
    mutating func parseEntryValue() throws -> Expr {
        let saved = allowTrailingBlock
        allowTrailingBlock = false
        defer { allowTrailingBlock = saved }
        return try parseExpression()
    }

    /// require -> 'require' ('[' expression ']')? expression
    mutating func parseRequire() throws -> Stmt {
        let requireToken = advance()
        var probability: Expr?
        if check(.leftBracket) && !peek.precededByNewline {
            let openToken = advance()
            open(openToken, closer: .rightBracket)
            let saved = newlinesSignificant
            newlinesSignificant = false
            defer { newlinesSignificant = saved }
            probability = try parseExpression()
            try close(.rightBracket, "after 'require' probability")
        }
        guard !peek.precededByNewline, !isAtEnd else {
            throw errorExpectedOnLine("condition after 'require'", got: peek)
        }
        let condition = try parseEntryValue()
        return Stmt(.require(condition: condition, probability: probability), range: range(from: requireToken.range))
    }

    /// Tokens that can begin an expression.
    func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .string, .identifier: return true
        case .keyword(let k): return [.true, .false, .nil, .not, .fn, .scene].contains(k)
        case .symbol(let s): return s == .leftParen || s == .leftBracket || s == .leftBrace || s == .minus
        default: return false
        }
    }
}
