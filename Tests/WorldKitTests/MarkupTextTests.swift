import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import WorldKit

// MARK: - MarkupText (OrreryBase)

/// Reads back the attribute `v` and the text of `<a v="…">…</a>`.
private final class AttributeAndText: NSObject, XMLParserDelegate {
    var attribute: String?
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        attribute = attributes["v"]
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

@Suite struct MarkupTextTests {
    @Test func entitiesForTheFiveSpecialCharacters() {
        #expect(MarkupText.escaped(#"a & b < c > d "e" 'f'"#) == "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;")
        #expect(MarkupText.escaped("plain é 😀") == "plain é 😀")
    }

    @Test func charactersXMLCannotCarryBecomeTheReplacementCharacter() {
        #expect(MarkupText.escaped("a\u{0}b\u{7}c\u{1F}d\u{FFFE}e\u{FFFF}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}")
        // DEL and C1 controls are allowed in XML 1.0 and kept.
        #expect(MarkupText.escaped("\u{7F}\u{85}") == "\u{7F}\u{85}")
    }

    @Test func tabNewlineAndReturnStayInTextAndAreReferencesInAttributes() {
        #expect(MarkupText.escaped("a\tb\nc\rd") == "a\tb\nc\rd")
        #expect(MarkupText.escaped("a\tb\nc\rd", inAttribute: true) == "a&#9;b&#10;c&#13;d")
    }

    @Test func everyScalarBelowU0100SurvivesAnXMLParser() throws {
        var text = ""
        for v in 1..<0x100 { text.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        text += "\u{FFFE}\u{FFFF}"
        let document = "<a v=\"\(MarkupText.escaped(text, inAttribute: true))\">\(MarkupText.escaped(text))</a>"
        let reader = AttributeAndText()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        var expected = ""
        for scalar in text.unicodeScalars {
            let kept = scalar.value >= 0x20 && scalar.value < 0xFFFE || ["\t", "\n", "\r"].contains(scalar)
            expected.unicodeScalars.append(kept ? scalar : MarkupText.replacement)
        }
        #expect(reader.attribute == expected)
        // Element content: the parser turns a carriage return into a newline (XML 1.0 §2.11).
        #expect(reader.text == expected.replacingOccurrences(of: "\r", with: "\n"))
    }
}
