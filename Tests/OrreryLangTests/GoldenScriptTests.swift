import Testing
import GoldenSupport
@testable import OrreryLang
@testable import OrreryWorld

// The world's golden areas (world, models, causal, sampling, priors, notebook, bench),
// run with the world installed. The language's own areas run in LanguageTests, which
// links no world. The format of the scripts is described in Tests/GoldenSupport.

extension GoldenScript: CustomTestStringConvertible {
    public var testDescription: String { name }
}

@Suite struct GoldenScriptTests {
    @Test(arguments: GoldenScript.all(language: false))
    func script(_ script: GoldenScript) throws {
        let problems = try script.problems(extensions: world)
        #expect(problems.isEmpty, "\(script.name): \(problems.joined(separator: "; "))")
    }
}
