// MARK: - String literals as source text

/// Writes a string back as an Orrery string literal (the inverse of the lexer's escapes).
enum StringLiteral {
    /// `s` in double quotes with `\" \\ \n \t \r \0` escaped; shared by value printing and S-expressions.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
