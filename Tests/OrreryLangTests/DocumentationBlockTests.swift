import Testing
import GoldenSupport
@testable import OrreryLang
@testable import OrreryWorld

// Every fenced code block of README.md and docs/*.md, run with the world installed:
// scripts must run (their tests pass, their golden annotations hold); the others must
// say what they are. How a block is marked: Tests/README.md.

extension DocumentationBlock: CustomTestStringConvertible {
    public var testDescription: String { description }
}

@Suite struct DocumentationBlockTests {
    @Test(arguments: DocumentationBlock.all().filter { $0.kind == .script })
    func scriptRuns(_ block: DocumentationBlock) {
        let problems = block.problems(extensions: world)
        #expect(problems.isEmpty, "\(block): \(problems.joined(separator: "; "))")
    }

    @Test func everyBlockSaysWhatItIs() {
        let blocks = DocumentationBlock.all()
        #expect(blocks.count > 30, "found only \(blocks.count) blocks: are the documents where the test looks?")
        for block in blocks {
            if case .unknown(let info) = block.kind {
                Issue.record("\(block): fence '```\(info)' is neither a script nor one of \(DocumentationBlock.otherLanguages.sorted())")
            }
            if case .fragment(let reason) = block.kind, reason.isEmpty {
                Issue.record("\(block): a fragment says why it cannot run: <!-- fragment: why -->")
            }
        }
    }

    @Test func numberedSectionsAreNumberedOnce() throws {
        for file in DocumentationBlock.documents {
            let text = try String(contentsOf: DocumentationBlock.root.appendingPathComponent(file), encoding: .utf8)
            var seen: Set<String> = []
            for line in text.split(separator: "\n") where line.hasPrefix("#") {
                let words = line.split(separator: " ")
                guard words.count > 1, words[1].first?.isNumber == true else { continue }
                let number = String(words[1])
                #expect(seen.insert(number).inserted, "\(file): two sections numbered \(number)")
            }
        }
    }

    @Test func markersAreReadFromTheLinesBeforeTheFence() {
        let text = """
            <!-- prelude:
            let x = 2
            -->
            ```
            print(x)
            ```
            <!-- fragment: a signature -->
            ```
            f(…)
            ```
            ```text
            out
            ```
            ```python
            ```
            <!-- prelude: as above -->
            ```
            print(x + 1)
            ```
            """
        let blocks = DocumentationBlock.blocks(in: text, file: "t.md")
        #expect(blocks.map(\.kind) == [.script, .fragment("a signature"), .other("text"), .unknown("python"), .script])
        #expect(blocks.map(\.line) == [4, 8, 11, 14, 17])
        #expect(blocks[0].prelude == "let x = 2" && blocks[4].prelude == "let x = 2")
        #expect(blocks[0].problems(extensions: world).isEmpty)
        var wrong = blocks[0]
        wrong.prelude = ""
        #expect(wrong.problems(extensions: world).first?.contains("undefined variable") == true)
    }
}
