// MARK: - Text in markup

/// The one escaper for text placed in HTML, XML and SVG: notebook reports, plots and
/// JUnit files all go through it, so they follow the same rules.
public enum MarkupText {
    /// What a character XML 1.0 cannot carry becomes: the replacement character, which
    /// shows that something was lost where dropping it (or a space) would hide it.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// `text` made safe for markup:
    /// - `&`, `<`, `>`, `"` and `'` as `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;` (the
    ///   numeric apostrophe is valid in both HTML and XML, where `&apos;` is not HTML 4);
    /// - characters XML 1.0 cannot carry (C0 controls other than tab, newline and carriage
    ///   return; U+FFFE and U+FFFF) as `replacement`;
    /// - with `inAttribute`, tab, newline and carriage return as `&#9;`, `&#10;` and `&#13;`,
    ///   so an XML parser's attribute-value normalisation does not turn them into spaces
    ///   (JUnit messages). HTML keeps them in attributes as written and needs no such mode.
    ///
    /// The result may sit in element content or in a double- or single-quoted attribute value.
    public static func escaped(_ text: String, inAttribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r":
                if inAttribute { out += "&#\(scalar.value);" } else { out.unicodeScalars.append(scalar) }
            default:
                let forbidden = scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                out.unicodeScalars.append(forbidden ? replacement : scalar)
            }
        }
        return out
    }
}
