
// MARK: - JSON text

/// A JSON value written with its keys in the order given: deterministic bytes.
indirect enum JSON {
    case string(String)
    case number(Int)
    case null
    case array([JSON])
    case object([(String, JSON)])
    /// Already-serialized JSON, inserted as is.
    case raw(String)

    var text: String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    func write(into out: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent + 1)
        switch self {
        case .string(let s): out += JSONText.quoted(s)
        case .number(let n): out += String(n)
        case .null: out += "null"
        case .raw(let r): out += r
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in fields.enumerated() {
                out += pad + JSONText.quoted(key) + ": "
                value.write(into: &out, indent: indent + 1)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }
}
