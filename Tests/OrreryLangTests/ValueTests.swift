import Testing
import WorldKit
@testable import OrreryLang
@testable import OrreryWorld

@Suite struct ValueTests {
    @Test func numbersPrintLikeIntegersWhenWhole() {
        #expect(Value.format(number: 3) == "3")
        #expect(Value.format(number: -0.0) == "0")
        #expect(Value.format(number: 2.5) == "2.5")
        #expect(Value.format(number: 1e20) == "1e+20")
        #expect(Value.format(number: .infinity) == "inf")
        #expect(Value.format(number: -.infinity) == "-inf")
        #expect(Value.format(number: .nan) == "nan")
    }

    @Test func rendering() {
        let record = Value.record(["b": .list([.string("x"), .null]), "a b": .bool(true)])
        #expect(record.description == "{\"a b\": true, b: [\"x\", nil]}")
        #expect(Value.string("q\"\n").debugDescription == "\"q\\\"\\n\"")
        #expect(Value.string("plain").description == "plain")
        #expect(Value.vector(Vec2(1, -0.5)).description == "(1, -0.5)")
    }

    @Test func structuralEquality() {
        #expect(Value.list([.number(1), .record(["k": .string("v")])])
            .structurallyEquals(.list([.number(1), .record(["k": .string("v")])])))
        #expect(!Value.list([.number(1)]).structurallyEquals(.list([.number(1), .number(2)])))
        #expect(!Value.record(["a": .null]).structurallyEquals(.record(["b": .null])))
        #expect(!Value.number(0).structurallyEquals(.bool(false)))
        #expect(!Value.number(.nan).structurallyEquals(.number(.nan)))
        let n = NativeFunction("f", parameters: []) { _ in .null }
        #expect(Value.native(n).structurallyEquals(.native(n)))
    }

    @Test func truthinessAndTypeNames() {
        #expect(!Value.null.isTruthy && !Value.bool(false).isTruthy)
        #expect(Value.number(0).isTruthy && Value.string("").isTruthy && Value.list([]).isTruthy)
        #expect([Value.number(1), .string(""), .bool(true), .null, .vector(.zero), .list([]), .record([:])].map(\.typeName)
            == ["number", "string", "bool", "nil", "vector", "list", "record"])
    }

    @Test func listsNeverAlias() {
        let out = output("""
        var a = [[1], [2]]
        var b = a
        b[0] += [9]
        fn change(xs) { var ys = xs; ys[1] = "x"; return ys }
        let c = change(a)
        print(a, b, c)
        """)
        #expect(out == ["[[1], [2]] [[1, 9], [2]] [[1], \"x\"]"])
    }
}

@Suite struct ValueAccessorTests {
    @Test func accessorsReturnPayloadsOnlyForTheirKind() {
        #expect(Value.number(2).asNumber == 2)
        #expect(Value.string("2").asNumber == nil)
        #expect(Value.string("s").asString == "s")
        #expect(Value.vector(Vec2(1, 2)).asVector == Vec2(1, 2))
        #expect(Value.list([.null]).asList?.count == 1)
        #expect(Value.record(["a": .bool(true)]).asRecord?["a"]?.isTruthy == true)
        #expect(Value.null.asList == nil)
    }
}
