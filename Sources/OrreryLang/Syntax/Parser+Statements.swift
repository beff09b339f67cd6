// Statements and blocks.

extension Parser {
    // MARK: - Statement lists

    /// program -> statement*
    /// Each statement is handed over as soon as it is parsed (`Parser.parse(…each:)`).
    mutating func parseTopLevel(_ each: (Stmt) -> Void) {
        while !isAtEnd {
            if match(.semicolon) { continue }
            if check(.rightBrace) {
                _ = error("unexpected '}' (no block is open here)", at: peek)
                advance()
                continue
            }
            if let statement = parseStatementRecovering() {
                each(statement)
            }
        }
    }

    /// block -> '{' statement* '}'
    /// `what` names the construct for "expected '{' WHAT"; `sceneBody` makes scene
    /// entries and `require` statements legal inside; `trailingBody` makes entry-shaped
    /// lines and `set` assignments legal inside.
    mutating func parseBlock(_ what: String, sceneBody: Bool, trailingBody: Bool = false, label: String? = nil,
                             closing: String = "at end of block") throws -> Block {
        let openToken = peek
        guard check(.leftBrace) else {
            throw errorExpected("'{' \(what)", got: peek)
        }
        try enterNesting()
        defer { leaveNesting() }
        advance()
        open(openToken, closer: .rightBrace, label: label)
        let saved = (newlinesSignificant, allowTrailingBlock, inScene, inTrailingBlock)
        newlinesSignificant = true
        allowTrailingBlock = true
        inScene = sceneBody
        inTrailingBlock = trailingBody
        defer { (newlinesSignificant, allowTrailingBlock, inScene, inTrailingBlock) = saved }
        var statements: [Stmt] = []
        while !check(.rightBrace) && !isAtEnd {
            if match(.semicolon) { continue }
            if let statement = parseStatementRecovering() {
                statements.append(statement)
            }
        }
        let closeToken = try close(.rightBrace, closing)
        return Block(statements: statements, range: range(from: openToken.range, to: closeToken.range))
    }

    // MARK: - Statements

    /// statement -> binding | function | if | while | for | 'break' | 'continue' | return
    ///            | import | test | expect | assume | show | scene-entry | require | assignment | expression
    /// Only dispatches (a small stack frame: blocks nest through here).
    mutating func parseStatement() throws -> Stmt {
        switch try statementKind() {
        case .binding: return try parseBinding()
        case .function: return try parseFunctionDeclaration()
        case .if: return try parseIf()
        case .while: return try parseWhile()
        case .for: return try parseFor()
        case .jump: return parseJump()
        case .return: return try parseReturn()
        case .import: return try parseImport()
        case .test: return try parseTest()
        case .expect: return try parseExpect()
        case .assume: return try parseAssume()
        case .show: return try parseShow()
        case .sceneEntry: return try parseSceneEntry()
        case .set: return try parseSet()
        case .require: return try parseRequire()
        case .prior: return try parsePrior()
        case .correct: return try parseCorrect()
        case .expression: return try parseExpressionStatement()
        }
    }

    enum StatementKind {
        case binding, function, `if`, `while`, `for`, jump, `return`, `import`, test, expect, assume, show
        case sceneEntry, require, set, expression
        case prior, correct
    }

    /// Decides what the statement at `peek` is; throws for statements misplaced in a scene.
    mutating func statementKind() throws -> StatementKind {
        let token = peek
        if let name = token.identifierName {
            if name == "require" {
                if inScene && !nextIsAssignment { return .require }
                if !inScene && requireLooksLikeStatement {
                    throw error("'require' is only allowed inside a scene block", at: token)
                }
            }
            // `prior NAME(` and `correct NAME.` cannot be expressions: a name followed on the
            // same line by a name is otherwise a syntax error, so the words stay usable as names.
            if !inScene && (name == "prior" || name == "correct") && nextIsNameOnSameLine {
                return name == "prior" ? .prior : .correct
            }
            if inScene && !nextIsAssignment && (vocabulary.entryWords.contains(name) || nextLooksLikeEntryWord) {
                return .sceneEntry
            }
            if inTrailingBlock && nextLooksLikeEntryWord {
                return name == "set" && peekNext.identifierName != nil ? .set : .sceneEntry
            }
            return .expression
        }
        guard case .keyword(let keyword) = token.kind else { return .expression }
        if inScene, let banned = bannedInScene(keyword) {
            throw error("'\(banned)' is not allowed inside a scene block", at: token)
        }
        switch keyword {
        case .let, .var: return .binding
        case .fn where peekNext.identifierName != nil: return .function
        case .if: return .if
        case .while: return .while
        case .for: return .for
        case .break, .continue: return .jump
        case .return: return .return
        case .import: return .import
        case .test: return .test
        case .expect: return .expect
        case .assume: return .assume
        case .show: return .show
        case .else: throw error("'else' without a matching 'if'", at: token)
        default: return .expression
        }
    }

    /// set -> 'set' assignment        (in trailing blocks: `intervene(w) { set b.mass = 10 }`)
    /// The word only marks the assignment as an intervention; the statement is the assignment.
    mutating func parseSet() throws -> Stmt {
        let start = advance().range
        let statement = try parseExpressionStatement()
        guard case .assign = statement.kind else {
            throw error("expected an assignment after 'set' (as in 'set b.mass = 10')", range: statement.range, token: previous)
        }
        return Stmt(statement.kind, range: range(from: start))
    }

    /// jump -> 'break' | 'continue'
    mutating func parseJump() -> Stmt {
        let token = advance()
        return Stmt(token.isKeyword(.break) ? .break : .continue, range: token.range)
    }

    /// show -> 'show' expression
    mutating func parseShow() throws -> Stmt {
        let start = advance().range
        let value = try parseExpression()
        return Stmt(.show(value), range: range(from: start))
    }

    /// `spring s from a to b`: a name followed on the same line by a name, string or number
    /// cannot be an expression, so in a scene it is an entry of a kind the world bindings
    /// will judge (and report as unknown if it is).
    var nextLooksLikeEntryWord: Bool {
        let next = peekNext
        guard !next.precededByNewline else { return false }
        switch next.kind {
        case .identifier, .string, .number: return true
        default: return false
        }
    }

    var nextIsAssignment: Bool {
        guard case .symbol(let s) = peekNext.kind else { return false }
        return assignmentOperator(s) != nil
    }

    /// Outside scenes `require` is an ordinary name; `require x > 2` or `require[p] …`
    /// there is almost certainly a misplaced scene statement.
    var requireLooksLikeStatement: Bool {
        let next = peekNext
        guard !next.precededByNewline else { return false }
        switch next.kind {
        case .identifier, .number, .string: return true
        case .keyword(let k): return k == .not || k == .true || k == .false || k == .nil
        case .symbol(let s): return s == .leftBracket
        default: return false
        }
    }

    /// Statement keywords that make no sense in a scene description.
    func bannedInScene(_ keyword: Keyword) -> String? {
        switch keyword {
        case .return, .import, .test, .expect, .assume, .show: return keyword.rawValue
        case .fn where peekNext.identifierName != nil: return "fn"
        default: return nil
        }
    }

    /// binding -> ('let' | 'var') NAME '=' expression
    mutating func parseBinding() throws -> Stmt {
        let keyword = advance()
        let mutable = keyword.isKeyword(.var)
        let name = try expectName("name after '\(mutable ? "var" : "let")'")
        guard match(.assign) else {
            throw errorExpected("'=' after '\(mutable ? "var" : "let") \(name.name)'", got: peek)
        }
        let value = try parseExpression()
        return Stmt(.binding(name: name, mutable: mutable, value: value), range: range(from: keyword.range))
    }

    /// function -> 'fn' NAME function-rest
    mutating func parseFunctionDeclaration() throws -> Stmt {
        let fnToken = advance()
        let name = try expectName("function name after 'fn'")
        let decl = try parseFunctionRest(fnToken: fnToken, name: name)
        return Stmt(.function(decl), range: decl.range)
    }

    /// if -> 'if' expression block ('else' (if | block))?
    mutating func parseIf() throws -> Stmt {
        let ifToken = advance()
        let condition = try parseHeadExpression()
        let then = try parseBlock("after 'if' condition", sceneBody: inScene, trailingBody: inTrailingBlock)
        var elseBranch: Block?
        if check(.else) {
            advance()
            if check(.if) {
                let nested = try parseIf()
                elseBranch = Block(statements: [nested], range: nested.range)
            } else {
                elseBranch = try parseBlock("or 'if' after 'else'", sceneBody: inScene, trailingBody: inTrailingBlock)
            }
        }
        return Stmt(.if(condition: condition, then: then, elseBranch: elseBranch), range: range(from: ifToken.range))
    }

    /// while -> 'while' expression block
    mutating func parseWhile() throws -> Stmt {
        let whileToken = advance()
        let condition = try parseHeadExpression()
        let body = try parseBlock("after 'while' condition", sceneBody: inScene, trailingBody: inTrailingBlock)
        return Stmt(.while(condition: condition, body: body), range: range(from: whileToken.range))
    }

    /// for -> 'for' NAME 'in' expression block
    mutating func parseFor() throws -> Stmt {
        let forToken = advance()
        let variable = try expectName("loop variable name after 'for'")
        guard match(.in) else {
            throw errorExpected("'in' after loop variable '\(variable.name)'", got: peek)
        }
        let sequence = try parseHeadExpression()
        let body = try parseBlock("after 'for' sequence", sceneBody: inScene, trailingBody: inTrailingBlock)
        return Stmt(.for(variable: variable, sequence: sequence, body: body), range: range(from: forToken.range))
    }

    /// The condition of `if`/`while` or the sequence of `for`: `{` there opens the body.
    mutating func parseHeadExpression() throws -> Expr {
        let saved = allowTrailingBlock
        allowTrailingBlock = false
        defer { allowTrailingBlock = saved }
        return try parseExpression()
    }

    /// return -> 'return' expression?     (the value must start on the same line)
    mutating func parseReturn() throws -> Stmt {
        let returnToken = advance()
        var value: Expr?
        if !isAtEnd && !peek.precededByNewline && !check(.rightBrace) && !check(.semicolon) {
            value = try parseExpression()
        }
        return Stmt(.return(value), range: range(from: returnToken.range))
    }

    /// import -> 'import' STRING
    mutating func parseImport() throws -> Stmt {
        let importToken = advance()
        let path = try expectPlainString("module path string after 'import'")
        return Stmt(.import(path: path), range: range(from: importToken.range))
    }

    /// test -> 'test' STRING ( 'for' NAME 'in' expression ( 'expect' 'rate' ( '>=' | '>' ) expression )? )? block
    mutating func parseTest() throws -> Stmt {
        let testToken = advance()
        let name = try expectPlainString("test name string after 'test'")
        var sweep: TestSweep?
        if match(.for) {
            let variable = try expectName("sample variable name after 'for'")
            guard match(.in) else {
                throw errorExpected("'in' after sample variable '\(variable.name)'", got: peek)
            }
            let samples = try parseHeadExpression()
            var threshold: Expr?
            var strict = false
            if match(.expect) {
                guard peek.identifierName == "rate" else { throw errorExpected("'rate' after 'expect' in a test header", got: peek) }
                advance()
                if match(.greater) {
                    strict = true
                } else if !match(.greaterEqual) {
                    throw errorExpected("'>=' or '>' after 'expect rate'", got: peek)
                }
                threshold = try parseHeadExpression()
            }
            sweep = TestSweep(variable: variable, samples: samples, threshold: threshold, strict: strict)
        }
        let body = try parseBlock("after test name", sceneBody: false)
        return Stmt(.test(name: name, body: body, sweep: sweep), range: range(from: testToken.range))
    }

    /// expect -> 'expect' expression (',' expression)?
    mutating func parseExpect() throws -> Stmt {
        let expectToken = advance()
        let condition = try parseExpression()
        var message: Expr?
        if match(.comma) {
            message = try parseExpression()
        }
        return Stmt(.expect(condition: condition, message: message), range: range(from: expectToken.range))
    }

    /// assume -> 'assume' expression
    mutating func parseAssume() throws -> Stmt {
        let assumeToken = advance()
        let condition = try parseExpression()
        return Stmt(.assume(condition: condition), range: range(from: assumeToken.range))
    }

    /// assignment -> target ('=' | '+=' | '-=' | '*=' | '/=') expression
    /// target     -> NAME ('.' NAME | '[' expression ']')*
    mutating func parseExpressionStatement() throws -> Stmt {
        let expr = try parseExpression()
        if case .symbol(let s) = peek.kind, let op = assignmentOperator(s) {
            let opToken = advance()
            if !isAssignable(expr) {
                _ = error("cannot assign to this expression (assign to a name, a '.field' or an '[index]')",
                          range: expr.range, token: opToken)
            }
            let value = try parseExpression()
            return Stmt(.assign(target: expr, op: op, value: value), range: range(from: expr.range))
        }
        return Stmt(.expression(expr), range: expr.range)
    }

    func assignmentOperator(_ symbol: Symbol) -> AssignmentOperator? {
        switch symbol {
        case .assign: return .assign
        case .plusAssign: return .add
        case .minusAssign: return .subtract
        case .starAssign: return .multiply
        case .slashAssign: return .divide
        default: return nil
        }
    }

    /// A name, or a member/index chain rooted at a name.
    func isAssignable(_ expr: Expr) -> Bool {
        var e = expr
        while true {
            switch e.kind {
            case .name: return true
            case .member(let base, _): e = base
            case .index(let base, _): e = base
            default: return false
            }
        }
    }

    // MARK: - Small pieces

    /// NAME, or "expected WHAT, got X".
    mutating func expectName(_ what: String) throws -> Identifier {
        if let name = peek.identifierName {
            let token = advance()
            return Identifier(name, range: token.range)
        }
        if case .keyword(let k) = peek.kind {
            throw error("expected \(what), got keyword '\(k.rawValue)'", at: peek)
        }
        throw errorExpected(what, got: peek)
    }

    /// A string literal without interpolation.
    mutating func expectPlainString(_ what: String) throws -> String {
        guard case .string(let segments) = peek.kind else {
            throw errorExpected(what, got: peek)
        }
        var text = ""
        for segment in segments {
            switch segment {
            case .text(let t): text += t
            case .code: throw error("string interpolation is not allowed here", at: peek)
            }
        }
        advance()
        return text
    }
}

// MARK: - Priors

extension Parser {
    /// True when the next token is a name on the same line (`prior NAME`, `correct NAME`).
    var nextIsNameOnSameLine: Bool {
        let next = peekNext
        return !next.precededByNewline && next.identifierName != nil
    }

    /// prior -> 'prior' NAME function-rest        (`prior above(s) { … }`, `prior steady(s, prev) { … }`)
    mutating func parsePrior() throws -> Stmt {
        let priorToken = advance()
        let name = try expectName("prior name after 'prior'")
        let decl = try parseFunctionRest(fnToken: priorToken, name: name)
        return Stmt(.prior(decl), range: decl.range)
    }

    /// correct -> 'correct' postfix-expression '.' NAME '=' expression
    mutating func parseCorrect() throws -> Stmt {
        let start = advance().range
        let statement = try parseExpressionStatement()
        guard case .assign(let target, .assign, let value) = statement.kind, case .member = target.kind else {
            throw error("expected 'correct BODY.FIELD = value' (as in 'correct b.y = b.half_height')",
                        range: statement.range, token: previous)
        }
        return Stmt(.correct(target: target, value: value), range: range(from: start))
    }
}
