import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

// A syntax-only harness for the golden scripts under Tests/golden/syntax and
// Tests/golden/diagnostics: each file's `# error: MESSAGE` (or `# error@LINE: MESSAGE`)
// annotations must match the parser's diagnostics exactly, and a file without them must
// parse cleanly. Running the clean files and checking `# expect:` output is the full
// golden harness's job.

private let goldenRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("golden")

private func goldenFiles() -> [String] {
    var files: [String] = []
    for area in ["syntax", "diagnostics", "scene_syntax"] {
        let folder = goldenRoot.appendingPathComponent(area)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        files += names.filter { $0.hasSuffix(".orr") }.sorted().map { "\(area)/\($0)" }
    }
    return files
}

/// `LINE: MESSAGE` for each error annotation in `source`.
func errorAnnotations(in source: String) -> [String] {
    var expected: [String] = []
    for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        guard let marker = line.range(of: "# error") else { continue }
        var rest = line[marker.upperBound...]
        var lineNumber = index + 1
        if rest.hasPrefix("@") {
            let digits = rest.dropFirst().prefix { $0.isNumber }
            lineNumber = Int(digits) ?? lineNumber
            rest = rest.dropFirst(1 + digits.count)
        }
        guard rest.hasPrefix(": ") else { continue }
        let message = rest.dropFirst(2).trimmingCharacters(in: .whitespaces)
        expected.append("\(lineNumber): \(message)")
    }
    return expected
}

@Test func goldenFilesExist() {
    #expect(goldenFiles().count >= 20)
}

@Test(arguments: goldenFiles())
func syntaxGolden(_ file: String) throws {
    let url = goldenRoot.appendingPathComponent(file)
    let source = try String(contentsOf: url, encoding: .utf8)
    let result = Parser.parse(source: source, file: file, vocabulary: worldWords)
    let actual = result.diagnostics.map { "\($0.range.start.line): \($0.message)" }
    #expect(actual == errorAnnotations(in: source), "\(file)")
}

@Test func annotationParsing() {
    let source = "let x = )  # error: expected expression, got ')'\n# error@5: something else  \nx"
    #expect(errorAnnotations(in: source) == ["1: expected expression, got ')'", "5: something else"])
}
