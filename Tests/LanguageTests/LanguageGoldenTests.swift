import Testing
import GoldenSupport
import OrreryLang

// The language alone: this target links no world (no WorldKit, no OrreryWorld), so every
// script of the language's golden areas runs with no domain installed.

extension GoldenScript: CustomTestStringConvertible {
    public var testDescription: String { name }
}

@Suite struct LanguageGoldenTests {
    @Test(arguments: GoldenScript.all(language: true))
    func script(_ script: GoldenScript) throws {
        let problems = try script.problems(extensions: [])
        #expect(problems.isEmpty, "\(script.name): \(problems.joined(separator: "; "))")
    }
}
