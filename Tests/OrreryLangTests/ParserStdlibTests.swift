import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

// Every script shipped in Stdlib/ must parse without a syntax error.

private let stdlibRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Stdlib")

private func stdlibScripts() -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: stdlibRoot.path) else { return [] }
    var found: [String] = []
    while let entry = walker.nextObject() as? String {
        if entry.hasSuffix(".orr") { found.append(entry) }
    }
    return found.sorted()
}

@Test func stdlibHasScripts() {
    #expect(stdlibScripts().contains("prelude.orr"))
}

@Test(arguments: stdlibScripts())
func stdlibScriptParses(_ script: String) throws {
    let source = try String(contentsOf: stdlibRoot.appendingPathComponent(script), encoding: .utf8)
    let result = Parser.parse(source: source, file: script, vocabulary: worldWords)
    #expect(result.diagnostics.map(\.message) == [], "\(script)")
}
