import Testing
import Foundation
import WorldKit

// MARK: - JSONValue (OrreryBase)

@Suite struct JSONValueTests {
    static let sample = JSONValue.object([
        ("name", .string("a \"b\"\n/é")), ("n", .integer(-3)), ("seed", .unsigned(.max)), ("x", .number(0.1)),
        ("list", .array([.bool(true), .null, .number(1)])), ("empty", .array([])), ("none", .object([])),
    ])

    @Test func oneLineLayouts() {
        #expect(Self.sample.text(.compact)
            == #"{"name":"a \"b\"\n/é","n":-3,"seed":18446744073709551615,"x":0.1,"list":[true,null,1.0],"empty":[],"none":{}}"#)
        #expect(Self.sample.text(.spaced)
            == #"{"name": "a \"b\"\n/é", "n": -3, "seed": 18446744073709551615, "x": 0.1, "list": [true, null, 1.0], "empty": [], "none": {}}"#)
    }

    @Test func indentedLayouts() {
        #expect(JSONValue.object([("a", .array([.integer(1), .array([])])), ("b", .object([]))]).text(.indented(1)) == """
            {
             "a": [
              1,
              []
             ],
             "b": {}
            }
            """)
        #expect(JSONValue.object([("a", .array([.integer(1), .array([])])), ("b", .object([]))]).text(.foundationPretty) == """
            {
              "a" : [
                1,
                [

                ]
              ],
              "b" : {

              }
            }
            """)
    }

    /// An indented container inside a one-line one indents from the line it opens on.
    @Test func laidOutSubtreesKeepTheirOwnLayout() {
        let row = JSONValue.laidOut(.object([("k", .integer(1)), ("v", .laidOut(.array([.integer(2), .integer(3)]), .indented(2)))]), .spaced)
        #expect(JSONValue.object([("rows", .array([row]))]).text(.indented(2)) == """
            {
              "rows": [
                {"k": 1, "v": [
                  2,
                  3
                ]}
              ]
            }
            """)
    }

    @Test func numbers() {
        #expect(JSONValue.array([.number(1), .number(1e-5), .number(5e299), .number(-0.0)]).text(.compact) == "[1.0,1e-05,5e+299,-0.0]")
        #expect(JSONValue.array([.number(.nan), .number(.infinity), .compactNumber(-.infinity)]).text(.compact) == "[null,null,null]")
        #expect(JSONValue.array([.compactNumber(3), .compactNumber(-0.0), .compactNumber(0.5), .compactNumber(1e16)]).text(.compact)
            == "[3,0,0.5,1e+16]")
    }

    @Test func sortingKeysOrdersByCodePoint() {
        let value = JSONValue.object([("b", .integer(1)), ("a_", .object([("z", .null), ("Z", .null)])), ("a", .integer(2)), ("B", .integer(3))])
        #expect(value.sortingKeys().text(.compact) == #"{"B":3,"a":2,"a_":{"Z":null,"z":null},"b":1}"#)
    }

    // MARK: Encodable values

    struct Inner: Codable { var z: Int; var list: [Double]; var map: [String: Int]; var tag: Kind }
    enum Kind: String, Codable { case first, second }
    struct Outer: Codable {
        var text: String
        var seed: UInt64
        var missing: Double?
        var present: Int?
        var flag: Bool
        var inner: Inner
        var inners: [Inner]
        var empty: [Inner]
        var nested: [[Int]]
    }

    static let outer = Outer(
        text: "quote \" backslash \\ slash / tab \t newline \n control \u{1} é 😀 \u{2028}", seed: .max, missing: nil, present: 7,
        flag: false, inner: Inner(z: 1, list: [1, 0.9, 1e-5, 1e20, 0.1 + 0.2, -2.5], map: ["k": 1], tag: .second),
        inners: [Inner(z: -1, list: [], map: [:], tag: .first)], empty: [], nested: [[], [1, 2]])

    /// Manifests and test-result lines were written by Foundation's JSONEncoder; the encoded
    /// values give the same bytes (strings with backspace or form feed differ: JSONEncoder
    /// writes `\b` and `\f`, `JSONValue` writes `\u0008` and `\u000c`).
    @Test func encodedValuesMatchFoundationsEncoder() throws {
        let value = try JSONValue(encoding: Self.outer).sortingKeys()
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(value.text(.compact) == String(decoding: try compact.encode(Self.outer), as: UTF8.self))
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(value.text(.foundationPretty) == String(decoding: try pretty.encode(Self.outer), as: UTF8.self))
    }

    @Test func encodedFieldsKeepDeclarationOrder() throws {
        let text = try JSONValue(encoding: Self.outer.inner).text(.compact)
        #expect(text == #"{"z":1,"list":[1,0.9,1e-05,1e+20,0.30000000000000004,-2.5],"map":{"k":1},"tag":"second"}"#)
    }
}
