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
    // The functions on the recursion path (parseBinary, parsePrefix, parsePostfix,
    // parsePrimary, parseParenthesized) keep few locals and push error text into
    // separate functions: unoptimised builds give every temporary its own stack slot,
    // and nesting depth times frame size is what must fit on the stack.

    /// expression -> binary(or)
    mutating func parseExpression() throws -> Expr {
        try parseBinary(.or)
    }

    /// binary(p) -> prefix (OP binary(p') )*   for operators of precedence >= p;
    /// left-associative except `**`; comparisons do not chain.
    mutating func parseBinary(_ minimum: Precedence) throws -> Expr {
        try enterNesting()
        defer { leaveNesting() }
        var left = try parsePrefix(minimum)
        var chain = BinaryChain()
        while let op = binaryOperator(peek), op.0.rawValue >= minimum.rawValue {
            left = try parseBinaryRight(left, op.0, op.1, &chain)
        }
        return left
    }

    /// What a left-associative loop has seen so far.
    struct BinaryChain {
        var length = 0
        var compared = false
    }

    /// Consumes one operator and its right operand, combining it with `left`.
    mutating func parseBinaryRight(_ left: Expr, _ precedence: Precedence, _ kind: BinaryKind, _ chain: inout BinaryChain) throws -> Expr {
        advance()
        // A long left-associative chain is a deep tree too.
        chain.length += 1
        if depth + chain.length > Parser.maxNestingDepth { throw nestedTooDeeply(at: previous) }
        switch kind {
        case .logical(let op): return try parseLogicalRight(left, op, precedence)
        case .comparison(let op):
            if chain.compared { throw chainedComparison(at: previous) }
            chain.compared = true
            return try parseComparisonRight(left, op)
        case .arithmetic(let op): return try parseArithmeticRight(left, op, precedence)
        }
    }

    mutating func parseLogicalRight(_ left: Expr, _ op: LogicalOperator, _ precedence: Precedence) throws -> Expr {
        let right = try parseBinary(Precedence(rawValue: precedence.rawValue + 1) ?? .power)
        return Expr(.logical(op, left, right), range: range(from: left.range, to: right.range))
    }

    /// `op` is nil for `~=`.
    mutating func parseComparisonRight(_ left: Expr, _ op: BinaryOperator?) throws -> Expr {
        let right = try parseBinary(.additive)
        guard let op else { return try parseApproxTolerance(left, right) }
        return Expr(.binary(op, left, right), range: range(from: left.range, to: right.range))
    }

    mutating func parseArithmeticRight(_ left: Expr, _ op: BinaryOperator, _ precedence: Precedence) throws -> Expr {
        // `**` is right-associative: its right side may hold another `**`.
        let right = try parseBinary(op == .power ? .power : Precedence(rawValue: precedence.rawValue + 1) ?? .power)
        return Expr(.binary(op, left, right), range: range(from: left.range, to: right.range))
    }

    /// approx -> left '~=' right ('within' binary(additive))?
    mutating func parseApproxTolerance(_ left: Expr, _ right: Expr) throws -> Expr {
        var tolerance: Expr?
        if peek.identifierName == "within" {
            advance()
            tolerance = try parseBinary(.additive)
        }
        return Expr(.approx(left, right, tolerance: tolerance), range: range(from: left.range))
    }

    mutating func nestedTooDeeply(at token: Token) -> ParseError {
        error("expression nested too deeply", at: token)
    }

    mutating func chainedComparison(at token: Token) -> ParseError {
        error("comparison operators cannot be chained; use 'and' (as in 'a < b and b < c')", at: token)
    }

    /// prefix -> 'not' binary(not) | '-' binary(power) | postfix
    mutating func parsePrefix(_ minimum: Precedence) throws -> Expr {
        if check(.not) { return try parseNot(minimum) }
        if check(.minus) { return try parseNegation() }
        return try parsePostfix()
    }

    mutating func parseNot(_ minimum: Precedence) throws -> Expr {
        let start = advance().range
        if minimum.rawValue > Precedence.not.rawValue { throw misplacedNot() }
        // The operand may itself start with `not`; it stops before `and`/`or`.
        let operand = try parseBinary(.not)
        return Expr(.unary(.not, operand), range: range(from: start, to: operand.range))
    }

    mutating func misplacedNot() -> ParseError {
        error("'not' must be parenthesized here (as in 'a == (not b)')", at: previous)
    }

    mutating func parseNegation() throws -> Expr {
        let start = advance().range
        // Binds looser than `**`: -2 ** 2 == -(2 ** 2).
        let operand = try parseBinary(.power)
        return Expr(.unary(.negate, operand), range: range(from: start, to: operand.range))
    }

    // MARK: - Postfix

    /// postfix -> primary ( '(' arguments ')' trailing-block? | '[' expression ']' | '.' NAME )*
    /// A `(` or `[` at the start of a line begins a new statement instead.
    mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        var chain = 0
        while let kind = postfixKind() {
            chain += 1
            if depth + chain > Parser.maxNestingDepth { throw nestedTooDeeply(at: peek) }
            switch kind {
            case .call: expr = try parseCall(expr)
            case .index: expr = try parseIndex(expr)
            case .member: expr = try parseMember(expr)
            }
        }
        return expr
    }

    enum PostfixKind { case call, index, member }

    func postfixKind() -> PostfixKind? {
        if check(.dot) { return .member }
        guard nextIsOnSameLine else { return nil }
        if check(.leftParen) { return .call }
        if check(.leftBracket) { return .index }
        return nil
    }

    /// index -> base '[' expression ']'
    mutating func parseIndex(_ base: Expr) throws -> Expr {
        let openToken = advance()
        open(openToken, closer: .rightBracket)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        let index = try parseExpression()
        let closeToken = try close(.rightBracket, "after index")
        return Expr(.index(base, index), range: range(from: base.range, to: closeToken.range))
    }

    /// member -> base '.' NAME
    mutating func parseMember(_ base: Expr) throws -> Expr {
        advance()
        let name = try expectMemberName()
        return Expr(.member(base, name), range: range(from: base.range, to: name.range))
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
        let arguments = try parseArguments()
        var trailingBlock: Block?
        if allowTrailingBlock && check(.leftBrace) && !peek.precededByNewline {
            trailingBlock = try parseBlock("", sceneBody: false, trailingBody: true)
        }
        return Expr(.call(callee: callee, arguments: arguments, trailingBlock: trailingBlock),
                    range: range(from: callee.range))
    }

    /// The parenthesized argument list of a call, both parentheses included.
    mutating func parseArguments() throws -> [Argument] {
        open(advance(), closer: .rightParen)
        let saved = (newlinesSignificant, allowTrailingBlock)
        newlinesSignificant = false
        allowTrailingBlock = true
        defer { (newlinesSignificant, allowTrailingBlock) = saved }
        var arguments: [Argument] = []
        while !check(.rightParen) {
            arguments.append(try parseArgument())
            if !match(.comma) { break }
        }
        try close(.rightParen, "after arguments")
        return arguments
    }

    /// argument -> (NAME ':')? expression
    mutating func parseArgument() throws -> Argument {
        var label: Identifier?
        if let name = peek.identifierName, peekNext.isSymbol(.colon) {
            label = Identifier(name, range: advance().range)
            advance()
        }
        return Argument(label: label, value: try parseExpression())
    }
}
