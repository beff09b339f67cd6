import Foundation
import Testing

/// The language knows nothing of the world: no file of the OrreryLang target imports a
/// world module (this test target links none either).
@Suite struct SeamTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/OrreryLang")

    @Test func theLanguageImportsNoWorld() throws {
        let walker = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
        var offenders: [String] = []
        var files = 0
        while let entry = walker.nextObject() as? String {
            guard entry.hasSuffix(".swift") else { continue }
            files += 1
            let text = try String(contentsOf: Self.sources.appendingPathComponent(entry), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if let i = words.firstIndex(of: "import"), i + 1 < words.count,
                   ["WorldKit", "OrreryWorld"].contains(String(words[i + 1])) {
                    offenders.append(entry)
                }
            }
        }
        #expect(files > 50)
        #expect(offenders.isEmpty, "files of the language that import the world: \(offenders)")
    }
}
