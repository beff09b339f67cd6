// MARK: - JSON string literals

/// The one JSON string escaper shared by every writer of JSON text (protocol, reports, notebooks).
public enum JSONText {
    /// `s` as a JSON string literal: quotes, backslash, \n \r \t escaped; other control characters as \u00XX.
    public static func quoted(_ s: String) -> String {
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
