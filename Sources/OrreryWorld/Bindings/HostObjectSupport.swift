import OrreryLang
import WorldKit

// Small helpers shared by the world's host objects.

extension NativeFunction {
    /// A method bound to a host object: `r.at(10)`.
    static func method(_ name: String, _ parameters: [String], _ body: @escaping (inout Arguments) throws -> Value) -> Value {
        .native(NativeFunction(name, parameters: parameters, body))
    }
}

extension Color {
    /// `did you mean "red"? ` to put before a colour error's list of names, or "".
    static func suggestion(for text: String) -> String {
        Suggestions.didYouMean(text, among: names, quote: "\"").map { $0 + " " } ?? ""
    }
}

extension Value {
    static func numbers(_ xs: [Double]) -> Value { .list(xs.map { .number($0) }) }
    static func strings(_ xs: [String]) -> Value { .list(xs.map { .string($0) }) }
}

extension Arguments {
    /// A body name: a string, or a bare name the compiler turned into one.
    func bodyName(at position: Int) throws -> String {
        switch value(at: position) {
        case .string(let s): return s
        case .object(let o as BodyStateObject): return o.body.name
        case .object(let o as BodySpecObject): return o.body.name
        default: throw bad(position, expected: "body name")
        }
    }

    /// A step number within `0...last`.
    func step(at position: Int, last: Int) throws -> Int {
        let t = try integer(at: position)
        guard t >= 0, t <= last else { throw bad(position, "step \(t) is outside 0...\(last)") }
        return t
    }
}
