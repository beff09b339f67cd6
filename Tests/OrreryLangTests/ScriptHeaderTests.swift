import Testing
@testable import OrreryLang

/// The configuration line `# orrery: --seed 7 …`: what it may set, where it may stand,
/// and the located errors for everything else.
@Suite struct ScriptHeaderTests {
    static func parse(_ source: String) throws -> ScriptHeader? { try ScriptHeader.parse(source, file: "s.orr") }

    /// The error a source gives, as `line:column: message`.
    static func problem(_ source: String) -> String {
        do {
            _ = try parse(source)
            return "no error"
        } catch let d as Diagnostic {
            return "\(d.range.start.line):\(d.range.start.column): \(d.message)"
        } catch {
            return "\(error)"
        }
    }

    @Test func theFirstLineSetsTheSeedAndLimits() throws {
        let header = try #require(try Self.parse("# orrery: --seed 7 --max-steps=5000 --max-memory 64M\nprint(seed)\n"))
        #expect(header.seed == 7)
        #expect(header.maxSteps == 5000)
        #expect(header.maxMemory == 64 << 20)
        #expect(header.maxOutputBytes == nil)
        #expect(header.range?.start.line == 1)
        // Blanks around `#` and `orrery:` are allowed; CRLF line ends too.
        #expect(try Self.parse("  #orrery: --seed 3\r\nlet x = 1\r\n")?.seed == 3)
        // The line `orrery notebook` writes reads back as the same settings.
        #expect(try Self.parse(header.line + "\n") == header)
    }

    @Test func scriptsWithoutTheLineHaveNone() throws {
        #expect(try Self.parse("let x = 1\n# a comment about orrery\n") == nil)
        #expect(try Self.parse("") == nil)
        // `# orrery` without the colon is an ordinary comment.
        #expect(try Self.parse("# orrery tour\nlet x = 1") == nil)
    }

    @Test func everyBadLineIsALocatedError() {
        #expect(Self.problem("# orrery: --seed 1 --allow-exec") ==
                "1:20: a script cannot grant itself --allow-exec: give it on the command line (or in the Jupyter kernelspec)")
        #expect(Self.problem("# orrery: --out /tmp").hasPrefix("1:11: a script cannot grant itself --out"))
        #expect(Self.problem("# orrery: --allow-read=/etc").hasPrefix("1:11: a script cannot grant itself --allow-read"))
        #expect(Self.problem("# orrery: --sed 3").hasPrefix("1:11: unknown option '--sed' in the configuration line; it takes --seed"))
        #expect(Self.problem("# orrery: --seed") == "1:11: --seed needs a value")
        #expect(Self.problem("# orrery: --seed --max-steps 3") == "1:11: --seed needs a value")
        #expect(Self.problem("# orrery: --seed -1").hasPrefix("1:11: --seed takes a whole number"))
        #expect(Self.problem("# orrery: --seed 18446744073709551616").hasPrefix("1:11: --seed takes a whole number"))
        #expect(Self.problem("# orrery: --max-steps 0") == "1:11: --max-steps takes a positive whole number, got '0'")
        #expect(Self.problem("# orrery: --max-memory lots").hasPrefix("1:11: --max-memory takes a size"))
        #expect(Self.problem("# orrery: --seed 1 --seed 2") == "1:20: --seed is given twice in the configuration line")
        #expect(Self.problem("# orrery: seed 1").hasPrefix("1:11: unknown option 'seed'"))
    }

    @Test func aConfigurationLineAnywhereButFirstIsAnError() {
        #expect(Self.problem("let x = 1\n\n  # orrery: --seed 4\n").hasPrefix(
            "3:1: a configuration line ('# orrery: …') must be the first line of the script"))
        #expect(Self.problem("# orrery: --seed 4\n# orrery: --seed 4").hasPrefix("2:1: a configuration line"))
    }

    @Test func theSeedMustAgreeWithTheCommandLineAndLimitsOnlyTighten() throws {
        let header = try #require(try Self.parse("# orrery: --seed 7 --max-steps 100 --max-output 1K"))
        var options = RunOptions()
        let applied = try header.applied(to: options, commandLineSeed: nil)
        #expect(applied.seed == 7)
        #expect(applied.maxSteps == 100)
        #expect(applied.maxOutputBytes == 1024)
        #expect(try header.applied(to: options, commandLineSeed: 7).seed == 7)
        #expect(throws: Diagnostic.self) { try header.applied(to: options, commandLineSeed: 8) }
        // A tighter limit from the command line stays; a looser header cannot widen it.
        options.maxSteps = 10
        options.maxOutputBytes = 10
        let tighter = try header.applied(to: options, commandLineSeed: nil)
        #expect(tighter.maxSteps == 10)
        #expect(tighter.maxOutputBytes == 10)
    }
}
