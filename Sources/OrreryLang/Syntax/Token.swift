// Tokens produced by the Lexer and consumed by the Parser.

/// A reserved word of the language.
public enum Keyword: String, Hashable, Sendable, CaseIterable {
    case `let`, `var`, fn, `return`, `if`, `else`, `while`, `for`, `in`, `break`, `continue`
    case `true`, `false`, `nil`, and, or, not, `import`, test, expect, assume, show, scene
}

/// Operators and punctuation, spelled as in source.
public enum Symbol: String, Hashable, Sendable, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"
    case comma = ",", dot = ".", colon = ":", semicolon = ";", arrow = "=>"
    case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/="
    case equalEqual = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case approxEqual = "~="
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", starStar = "**"
}

/// One piece of a string literal: literal text, or the tokens of an embedded `\( … )`.
public enum StringSegment: Hashable, Sendable {
    case text(String)
    /// The tokens between `\(` and `)`, followed by an `.endOfInterpolation` token
    /// positioned at the closing `)`.
    case code([Token])
}

/// A lexical token with its source range.
public struct Token: Hashable, Sendable {
    /// What the token is, with its value for literals and names.
    public enum Kind: Hashable, Sendable {
        case number(Double)
        /// Only strings nest tokens (through interpolation), so only they are boxed.
        indirect case string([StringSegment])
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        /// Characters the lexer could not make sense of; already reported by the lexer.
        case invalid
        /// Marks the `)` that ends an embedded `\( … )` expression.
        case endOfInterpolation
        case endOfInput
    }

    public var kind: Kind
    public var range: SourceRange
    /// True when at least one line break separates this token from the previous one.
    /// The parser uses it for statement boundaries and for `(`/`[` at line start.
    public var precededByNewline: Bool

    /// A token of `kind` covering `range`.
    public init(_ kind: Kind, range: SourceRange, precededByNewline: Bool) {
        self.kind = kind
        self.range = range
        self.precededByNewline = precededByNewline
    }

    /// True for `.endOfInput` and `.endOfInterpolation`: nothing more to parse.
    public var isEnd: Bool {
        switch kind {
        case .endOfInput, .endOfInterpolation: return true
        default: return false
        }
    }

    func isSymbol(_ s: Symbol) -> Bool {
        if case .symbol(let t) = kind { return t == s }
        return false
    }

    func isKeyword(_ k: Keyword) -> Bool {
        if case .keyword(let t) = kind { return t == k }
        return false
    }

    /// The identifier's name, or nil for other tokens.
    var identifierName: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }
}
