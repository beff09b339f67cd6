import Testing
@testable import OrreryLang

/// The front end's size limit and the run's memory budget (reference §10).
@Suite struct MemoryLimitTests {
    // MARK: - Script size

    @Test func aScriptOverTheLimitIsOneErrorBeforeLexing() {
        let source = String(repeating: "@", count: SourceLimits.maxScriptBytes + 1)
        let parsed = Parser.parse(source: source, file: "big.orr")
        #expect(parsed.diagnostics.map(\.message) == ["script is 67.1 MB; the limit is 64 MiB"])
        #expect(parsed.diagnostics.first?.range.start.line == 1)
        #expect(parsed.program.statements.isEmpty && !parsed.isIncomplete)
        // Every command goes through the same door.
        let engine = Engine(output: CollectingOutput())
        #expect(engine.check(path: "big.orr", source: source).map(\.message) == ["script is 67.1 MB; the limit is 64 MiB"])
        guard case .scriptErrors(let errors) = engine.run(path: "big.orr", source: source).outcome else {
            Issue.record("a script over the limit ran")
            return
        }
        #expect(errors.count == 1)
    }

    @Test func aScriptAtTheLimitParses() {
        let line = "let x = 1\n"
        var source = String(repeating: "#", count: SourceLimits.maxScriptBytes - line.utf8.count - 1) + "\n"
        source += line
        let parsed = Parser.parse(source: source, file: "edge.orr")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.program.statements.count == 1)
        #expect(parsed.program.statements.first?.range.start.line == 2)
    }

    @Test func streamedTokensKeepEveryLexerErrorAfterTheParserStops() {
        // The parser reads one expression; the lexer still reports the bad character after it.
        let r = Parser.parseExpression(source: "1 2 @", file: "t")
        #expect(r.diagnostics.map(\.message).contains("unexpected character '@'"))
    }

    @Test func locationsKeepLargeLinesAndOffsets() {
        let l = OrreryLang.SourceLocation(offset: 70_000_000, line: 3_000_000, column: 65_000)
        #expect(l.offset == 70_000_000 && l.line == 3_000_000 && l.column == 65_000)
    }

    // MARK: - Sizes

    @Test func sizesParseAndRead() {
        #expect(ByteCount.parse("512M") == 512 << 20)
        #expect(ByteCount.parse("4G") == 4 << 30)
        #expect(ByteCount.parse("4GiB") == 4 << 30)
        #expect(ByteCount.parse("1000") == 1000)
        #expect(ByteCount.parse("0") == nil && ByteCount.parse("-1G") == nil && ByteCount.parse("lots") == nil)
        #expect(ByteCount.parse("99999999999T") == nil)
        #expect(ByteCount.describe(8_589_934_592) == "8.6 GB")
        #expect(ByteCount.describe(512) == "512 bytes")
        #expect(ByteCount.describeLimit(4 << 30) == "4 GiB")
        #expect(ByteCount.describeLimit(1500) == "1500 bytes")
    }

    // MARK: - The budget

    @Test func aValueThatDoesNotFitIsALocatedError() throws {
        let budget = MemoryBudget(limit: 1 << 20)
        let here = SourceRange(file: "t", start: OrreryLang.SourceLocation(offset: 4, line: 2, column: 5),
                               end: OrreryLang.SourceLocation(offset: 9, line: 2, column: 10))
        try budget.reserve(1 << 20, for: "list", at: here)
        do {
            try budget.reserveList(Int.max / 2, at: here)
            Issue.record("an overflowing list fitted")
        } catch let e as ScriptError {
            #expect(e.error.message == "memory limit exceeded: this list would need more than 9.2 EB; the limit is 1 MiB (--max-memory)")
            #expect(e.error.range.start.line == 2)
        }
    }

    @Test func theDefaultIsFourGiB() {
        #expect(RunOptions().maxMemory == 4 << 30)
        #expect(Interpreter(seed: 0, stepLimit: nil).memory.limit == MemoryBudget.defaultLimit)
    }
}
