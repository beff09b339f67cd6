// Number and string literals, including `\( … )` interpolation.

extension Lexer {
    // MARK: - Numbers

    /// number -> digits ('.' digits)? ([eE] [+-]? digits)?   where digits may hold single '_' separators
    mutating func lexNumber(start: SourceLocation) -> Token.Kind {
        var text: [UInt8] = []
        var malformed = false
        consumeDigits(into: &text)
        if peekByte == UInt8(ascii: "."), let next = byte(at: 1), isDigit(next) {
            advance()
            text.append(UInt8(ascii: "."))
            consumeDigits(into: &text)
        }
        if let e = peekByte, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let sign = byte(at: 1)
            let hasSign = sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")
            if let d = byte(at: hasSign ? 2 : 1), isDigit(d) {
                advance()
                text.append(UInt8(ascii: "e"))
                if hasSign, let s = sign {
                    advance()
                    text.append(s)
                }
                consumeDigits(into: &text)
            } else {
                malformed = true
            }
        }
        // `3abc`, `1_`, `1e`: swallow the rest of the word so the error covers it once.
        if isIdentifierContinue(at: position) { malformed = true }
        while isIdentifierContinue(at: position) || peekByte == UInt8(ascii: "_") { advanceScalar() }
        if malformed {
            let spelled = String(decoding: bytes[start.offset..<position], as: UTF8.self)
            report("malformed number '\(spelled)'", range(from: start))
            return .invalid
        }
        return .number(Double(String(decoding: text, as: UTF8.self)) ?? .infinity)
    }

    /// Digits with `_` allowed only between two digits.
    mutating func consumeDigits(into text: inout [UInt8]) {
        while let b = peekByte {
            if isDigit(b) {
                text.append(b)
                advance()
            } else if b == UInt8(ascii: "_"), let next = byte(at: 1), isDigit(next), let prev = byte(at: -1), isDigit(prev) {
                advance()
            } else {
                return
            }
        }
    }

    // MARK: - Strings

    /// string -> '"' (char | escape | '\(' expression ')')* '"'   on one line
    mutating func lexString(start: SourceLocation) -> Token.Kind {
        advance()  // opening quote
        var segments: [StringSegment] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty {
                segments.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
        }
        while true {
            guard let b = peekByte, b != UInt8(ascii: "\n") else {
                if suppressedUnterminatedLine != line {
                    report("unterminated string", range(from: start))
                }
                break
            }
            if b == UInt8(ascii: "\"") {
                advance()
                break
            }
            if b != UInt8(ascii: "\\") {
                text.append(b)
                advance()
                continue
            }
            let escapeStart = location
            advance()
            guard let e = peekByte, e != UInt8(ascii: "\n") else { continue }
            switch e {
            case UInt8(ascii: "n"): text.append(10); advance()
            case UInt8(ascii: "t"): text.append(9); advance()
            case UInt8(ascii: "r"): text.append(13); advance()
            case UInt8(ascii: "0"): text.append(0); advance()
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): text.append(e); advance()
            case UInt8(ascii: "u"):
                advance()
                lexUnicodeEscape(start: escapeStart, into: &text)
            case UInt8(ascii: "("):
                advance()
                flush()
                segments.append(.code(lexInterpolation()))
            default:
                let escStart = position
                advanceScalar()
                let spelled = String(decoding: bytes[escStart..<position], as: UTF8.self)
                report("invalid escape sequence '\\\(spelled)' in string", range(from: escapeStart))
            }
        }
        flush()
        return .string(segments)
    }

    /// `\u{1F600}`: one to eight hex digits naming a Unicode scalar.
    mutating func lexUnicodeEscape(start: SourceLocation, into text: inout [UInt8]) {
        guard peekByte == UInt8(ascii: "{") else {
            report("invalid unicode escape (expected '\\u{…}')", range(from: start))
            return
        }
        advance()
        var value: UInt32 = 0
        var count = 0
        while let b = peekByte, let digit = hexValue(b) {
            if count < 8 { value = value &* 16 &+ digit }
            count += 1
            advance()
        }
        guard peekByte == UInt8(ascii: "}") else {
            report("invalid unicode escape (expected '}')", range(from: start))
            return
        }
        advance()
        guard count >= 1, count <= 8, let scalar = Unicode.Scalar(value) else {
            report("invalid unicode escape: not a Unicode scalar value", range(from: start))
            return
        }
        text.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// The tokens of `\( … )` up to the matching `)`, which becomes `.endOfInterpolation`.
    /// Stops (without consuming) at a line break; the enclosing string then reports itself
    /// unterminated.
    mutating func lexInterpolation() -> [Token] {
        var tokens: [Token] = []
        if interpolationDepth >= Lexer.maxInterpolationDepth {
            let start = location
            while let b = peekByte, b != UInt8(ascii: "\n") { advance() }
            report("string interpolation nested too deeply", range(from: start))
            suppressedUnterminatedLine = line
            tokens.append(Token(.endOfInterpolation, range: range(from: location), precededByNewline: false))
            return tokens
        }
        interpolationDepth += 1
        defer { interpolationDepth -= 1 }
        let outerNewline = newlineSeen
        defer { newlineSeen = outerNewline }
        newlineSeen = false
        var parenDepth = 0
        while true {
            skipTrivia(stopAtNewline: true)
            guard let b = peekByte, b != UInt8(ascii: "\n") else {
                tokens.append(Token(.endOfInterpolation, range: range(from: location), precededByNewline: false))
                return tokens
            }
            if b == UInt8(ascii: ")") && parenDepth == 0 {
                let start = location
                advance()
                tokens.append(Token(.endOfInterpolation, range: range(from: start), precededByNewline: false))
                return tokens
            }
            let token = lexToken()
            if token.isSymbol(.leftParen) { parenDepth += 1 }
            if token.isSymbol(.rightParen) { parenDepth -= 1 }
            tokens.append(token)
        }
    }
}
