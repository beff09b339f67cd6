// MARK: - JSON values

/// The one JSON writer: a value built in code, written as text in a chosen `JSONLayout`.
/// Output is deterministic: keys in the order given, numbers in Swift's shortest exact
/// form, strings escaped by `quoted(_:)`. Protocol lines, benchmark results,
/// notebooks, manifests and test-result lines are all written through it.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    /// An unsigned integer too large for `integer` (seeds are UInt64).
    case unsigned(UInt64)
    /// A number as Swift prints it (`0.1`, `1.0`, `1e-05`, `5e+299`); `null` when not
    /// finite, since JSON cannot carry infinities or NaN.
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Fields in the order given; `sortingKeys()` orders them by key.
    case object([(String, JSONValue)])
    /// Already-serialized JSON, inserted as is.
    case raw(String)
    /// `value` in its own layout, whatever the layout around it (a report that keeps each
    /// record on one line inside an indented document).
    case laidOut(JSONValue, JSONLayout)

    /// `x` without a fractional part when it has none: whole numbers below 10^15 in
    /// magnitude as integers (`3`, not `3.0`), others as `number`. How the external-model
    /// protocol writes numbers, and how Foundation's JSONEncoder did for encoded values.
    public static func compactNumber(_ x: Double) -> JSONValue {
        guard x.isFinite, x == x.rounded(), abs(x) < 1e15 else { return .number(x) }
        return .integer(Int(x))
    }

    /// The value with every object's fields ordered by key (by Unicode code point).
    public func sortingKeys() -> JSONValue {
        switch self {
        case .array(let items):
            return .array(items.map { $0.sortingKeys() })
        case .object(let fields):
            return .object(fields.map { ($0.0, $0.1.sortingKeys()) }
                .sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) })
        case .laidOut(let value, let layout):
            return .laidOut(value.sortingKeys(), layout)
        default:
            return self
        }
    }

    /// The value as JSON text in `layout` (no trailing newline).
    public func text(_ layout: JSONLayout) -> String {
        var out = ""
        write(into: &out, layout: layout, depth: 0)
        return out
    }

    // MARK: - Writing

    /// Writes the value; `depth` counts the indentation levels of the line it starts on.
    /// A container kept on one line does not add a level, so an indented container inside
    /// it indents from the line it opens on.
    func write(into out: inout String, layout: JSONLayout, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let n): out += String(n)
        case .unsigned(let n): out += String(n)
        case .number(let x): out += x.isFinite ? "\(x)" : "null"
        case .string(let s): out += Self.quoted(s)
        case .raw(let text): out += text
        case .laidOut(let value, let inner): value.write(into: &out, layout: inner, depth: depth)
        case .array(let items):
            Self.container("[", "]", count: items.count, layout: layout, depth: depth, into: &out) { i, out, depth in
                items[i].write(into: &out, layout: layout, depth: depth)
            }
        case .object(let fields):
            Self.container("{", "}", count: fields.count, layout: layout, depth: depth, into: &out) { i, out, depth in
                out += Self.quoted(fields[i].0) + layout.keySeparator
                fields[i].1.write(into: &out, layout: layout, depth: depth)
            }
        }
    }

    private static func container(_ open: String, _ close: String, count: Int, layout: JSONLayout, depth: Int,
                                  into out: inout String, item: (Int, inout String, Int) -> Void) {
        out += open
        guard let indent = layout.indent else {
            for i in 0..<count {
                if i > 0 { out += layout.itemSeparator }
                item(i, &out, depth)
            }
            out += close
            return
        }
        let closing = String(repeating: " ", count: indent * depth)
        guard count > 0 else {
            if layout.opensEmptyContainers { out += "\n\n" + closing }
            out += close
            return
        }
        let pad = String(repeating: " ", count: indent * (depth + 1))
        out += "\n"
        for i in 0..<count {
            out += pad
            item(i, &out, depth + 1)
            out += i + 1 < count ? ",\n" : "\n"
        }
        out += closing + close
    }

    // MARK: - Strings

    /// `s` as a JSON string literal: quotes, backslash, \n \r \t escaped; other control characters as \u00XX.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    // Pad to four hex digits by hand: no Foundation formatting, no locale.
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
