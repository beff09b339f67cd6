import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

// Snapshots of structured parser output for every golden script in Tests/golden/syntax
// and Tests/golden/diagnostics: the rendered diagnostics (as `orrery check` would print
// them, without colour) when the file has errors, else the AST as S-expressions.
// Each snapshot sits next to its script as NAME.snapshot.
//
// To re-record after an intended change: ORRERY_RECORD_SNAPSHOTS=1 swift test --filter ParserSnapshot

private let goldenRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("golden")

private func snapshotScripts() -> [String] {
    var files: [String] = []
    for area in ["syntax", "diagnostics", "scene_syntax"] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: goldenRoot.appendingPathComponent(area).path)) ?? []
        files += names.filter { $0.hasSuffix(".orr") }.sorted().map { "\(area)/\($0)" }
    }
    return files
}

/// What the snapshot of `source` holds.
func renderSnapshot(source: String, file: String) -> String {
    let result = Parser.parse(source: source, file: file, vocabulary: worldWords)
    if result.diagnostics.isEmpty {
        return result.program.sExpression + "\n"
    }
    return result.diagnostics.map { DiagnosticFormatter.format($0, source: source, color: false) }
        .joined(separator: "\n") + "\n"
}

@Test(arguments: snapshotScripts())
func parserSnapshot(_ script: String) throws {
    let url = goldenRoot.appendingPathComponent(script)
    let source = try String(contentsOf: url, encoding: .utf8)
    let actual = renderSnapshot(source: source, file: url.lastPathComponent)
    let snapshotURL = url.deletingPathExtension().appendingPathExtension("snapshot")
    if ProcessInfo.processInfo.environment["ORRERY_RECORD_SNAPSHOTS"] == "1" {
        try actual.write(to: snapshotURL, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: snapshotURL, encoding: .utf8) else {
        Issue.record("no snapshot for \(script); record with ORRERY_RECORD_SNAPSHOTS=1")
        return
    }
    #expect(actual == expected, "\(script) differs from its snapshot")
}
