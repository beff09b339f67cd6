// Expressions, by precedence climbing (few stack frames per nesting level, so deep
// but legal input stays far from the stack limit).

extension Parser {
    /// Binding power of binary operators, low to high.
    enum Precedence: Int {
        case or = 1, and, not, comparison, additive, multiplicative, unary, power
    }

    enum BinaryKind {
        case logical(LogicalOperator)
        case comparison(BinaryOperator?)  // nil for `~=`
        case arithmetic(BinaryOperator)
    }

    func binaryOperator(_ token: Token) -> (Precedence, BinaryKind)? {
        switch token.kind {
        case .keyword(.or): return (.or, .logical(.or))
        case .keyword(.and): return (.and, .logical(.and))
        case .symbol(let s):
            switch s {
            case .equalEqual: return (.comparison, .comparison(.equal))
            case .notEqual: return (.comparison, .comparison(.notEqual))
            case .less: return (.comparison, .comparison(.less))
            case .lessEqual: return (.comparison, .comparison(.lessEqual))
            case .greater: return (.comparison, .comparison(.greater))
            case .greaterEqual: return (.comparison, .comparison(.greaterEqual))
            case .approxEqual: return (.comparison, .comparison(nil))
            case .plus: return (.additive, .arithmetic(.add))
            case .minus: return (.additive, .arithmetic(.subtract))
            case .star: return (.multiplicative, .arithmetic(.multiply))
            case .slash: return (.multiplicative, .arithmetic(.divide))
            case .percent: return (.multiplicative, .arithmetic(.remainder))
            case .starStar: return (.power, .arithmetic(.power))
            default: return nil
            }
        default: return nil
        }
    }

    // MARK: - Binary operators

    /// expression -> binary(or)
    mutating func parseExpression() throws -> Expr {
        try parseBinary(.or)
    }

    /// binary(p) -> prefix (OP binary(p') )*   for operators of precedence >= p;
    /// left-associative except `**`; comparisons do not chain.
    mutating func parseBinary(_ minimum: Precedence) throws -> Expr {
        try enterNesting(at: peek)
        defer { leaveNesting() }
        var left = try parsePrefix(minimum)
        var chain = 0
        var compared = false
        while let (precedence, kind) = binaryOperator(peek), precedence.rawValue >= minimum.rawValue {
            let opToken = advance()
            // A long left-associative chain is a deep tree too.
            chain += 1
            if depth + chain > Parser.maxNestingDepth {
                throw error("expression nested too deeply", at: opToken)
            }
            switch kind {
            case .logical(let op):
                let right = try parseBinary(Precedence(rawValue: precedence.rawValue + 1) ?? .power)
                left = Expr(.logical(op, left, right), range: range(from: left.range, to: right.range))
            case .comparison(let op):
                if compared {
                    throw error("comparison operators cannot be chained; use 'and' (as in 'a < b and b < c')", at: opToken)
                }
                compared = true
                let right = try parseBinary(.additive)
                if let op {
                    left = Expr(.binary(op, left, right), range: range(from: left.range, to: right.range))
                } else {
                    var tolerance: Expr?
                    if peek.identifierName == "within" {
                        advance()
                        tolerance = try parseBinary(.additive)
                    }
                    left = Expr(.approx(left, right, tolerance: tolerance), range: range(from: left.range))
                }
            case .arithmetic(let op):
                // `**` is right-associative: its right side may hold another `**`.
                let right = try parseBinary(op == .power ? .power : Precedence(rawValue: precedence.rawValue + 1) ?? .power)
                left = Expr(.binary(op, left, right), range: range(from: left.range, to: right.range))
            }
        }
        return left
    }

    /// prefix -> 'not' binary(comparison) | '-' binary(power) | postfix
    mutating func parsePrefix(_ minimum: Precedence) throws -> Expr {
        let token = peek
        if check(.not) {
            if minimum.rawValue > Precedence.not.rawValue {
                throw error("'not' must be parenthesized here (as in 'a == (not b)')", at: token)
            }
            advance()
            let operand = try parseBinary(.comparison)
            return Expr(.unary(.not, operand), range: range(from: token.range, to: operand.range))
        }
        if check(.minus) {
            advance()
            // Binds looser than `**`: -2 ** 2 == -(2 ** 2).
            let operand = try parseBinary(.power)
            return Expr(.unary(.negate, operand), range: range(from: token.range, to: operand.range))
        }
        return try parsePostfix()
    }

    // MARK: - Postfix

    /// postfix -> primary ( '(' arguments ')' trailing-block? | '[' expression ']' | '.' NAME )*
    /// A `(` or `[` at the start of a line begins a new statement instead.
    mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        var chain = 0
        while true {
            let isCall = check(.leftParen) && nextIsOnSameLine
            let isIndex = check(.leftBracket) && nextIsOnSameLine
            let isMember = check(.dot)
            guard isCall || isIndex || isMember else { return expr }
            chain += 1
            if depth + chain > Parser.maxNestingDepth {
                throw error("expression nested too deeply", at: peek)
            }
            if isCall {
                expr = try parseCall(expr)
            } else if isIndex {
                let openToken = advance()
                open(openToken, closer: .rightBracket)
                let saved = (newlinesSignificant, allowTrailingBlock)
                newlinesSignificant = false
                allowTrailingBlock = true
                defer { (newlinesSignificant, allowTrailingBlock) = saved }
                let index = try parseExpression()
                let closeToken = try close(.rightBracket, "after index")
                expr = Expr(.index(expr, index), range: range(from: expr.range, to: closeToken.range))
            } else {
                advance()
                let name = try expectMemberName()
                expr = Expr(.member(expr, name), range: range(from: expr.range, to: name.range))
            }
        }
    }

    /// After `.`: any identifier, keywords included (`r.test` is a field, not a statement).
    mutating func expectMemberName() throws -> Identifier {
        switch peek.kind {
        case .identifier(let name):
            let token = advance()
            return Identifier(name, range: token.range)
        case .keyword(let k):
            let token = advance()
            return Identifier(k.rawValue, range: token.range)
        default:
            throw errorExpected("member name after '.'", got: peek)
        }
    }

    /// call      -> callee '(' (argument (',' argument)* ','?)? ')' block?
    /// argument  -> (NAME ':')? expression
    mutating func parseCall(_ callee: Expr) throws -> Expr {
        let openToken = advance()
        open(openToken, closer: .rightParen)
        var arguments: [Argument] = []
        let closeToken: Token
        do {
            let saved = (newlinesSignificant, allowTrailingBlock)
            newlinesSignificant = false
            allowTrailingBlock = true
            defer { (newlinesSignificant, allowTrailingBlock) = saved }
            while !check(.rightParen) {
                var label: Identifier?
                if let name = peek.identifierName, peekNext.isSymbol(.colon) {
                    label = Identifier(name, range: advance().range)
                    advance()
                }
                let value = try parseExpression()
                arguments.append(Argument(label: label, value: value))
                if !match(.comma) { break }
            }
            closeToken = try close(.rightParen, "after arguments")
        }
        var trailingBlock: Block?
        if allowTrailingBlock && check(.leftBrace) && !peek.precededByNewline {
            trailingBlock = try parseBlock("", sceneBody: false)
        }
        let end = trailingBlock?.range ?? closeToken.range
        return Expr(.call(callee: callee, arguments: arguments, trailingBlock: trailingBlock),
                    range: range(from: callee.range, to: end))
    }
}
