import Testing
import WorldKit
@testable import OrreryLang
@testable import OrreryWorld

// Seeded fuzzing: random bytes and random token soups must never trap, must terminate,
// and every diagnostic must point inside the source.

private let fragments = [
    "let", "var", "fn", "return", "if", "else", "while", "for", "in", "break", "continue", "true", "false",
    "nil", "and", "or", "not", "import", "test", "expect", "show", "scene", "within", "require", "ball", "box",
    "wall", "static", "at", "x", "y", "f", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "=>", "=", "+=",
    "-=", "*=", "/=", "==", "!=", "<", "<=", ">", ">=", "~=", "+", "-", "*", "/", "%", "**", "1", "2.5",
    "1e-3", "1_000", "\"s\"", "\"a \\(x) b\"", "\"\\(", "\"", "\\", "\n", "\n", " ", "\t", "# c\n", "@", "é",
    "😀", "'", "3abc", "\r\n",
]

private func checkInvariants(_ source: String) {
    let result = Parser.parse(source: source, file: "fuzz.orr", vocabulary: worldWords)
    let byteCount = source.utf8.count
    #expect(result.diagnostics.count <= Parser.maxDiagnostics + 1)
    for d in result.diagnostics {
        #expect(d.range.start.offset >= 0 && d.range.start.offset <= byteCount)
        #expect(d.range.end.offset >= d.range.start.offset && d.range.end.offset <= byteCount)
        #expect(d.range.start.line >= 1 && d.range.start.column >= 1)
        // Formatting never traps either.
        _ = DiagnosticFormatter.format(d, source: source, color: true)
    }
    if result.diagnostics.isEmpty {
        // A clean parse renders without trouble.
        _ = result.program.sExpression
    }
    _ = Parser.parseExpression(source: source, file: "fuzz.orr", vocabulary: worldWords)
}

@Test func fuzzRandomBytes() {
    var random = RandomStream(seed: 0x0_4242)
    for _ in 0..<1500 {
        let length = random.index(below: 120)
        var bytes: [UInt8] = []
        for _ in 0..<length {
            // Bias towards ASCII punctuation so the parser gets exercised, not just the lexer.
            if random.nextUnit() < 0.8 {
                bytes.append(UInt8(32 + random.index(below: 95)))
            } else {
                bytes.append(UInt8(random.index(below: 256)))
            }
        }
        checkInvariants(String(decoding: bytes, as: UTF8.self))
    }
}

@Test func fuzzTokenSoup() {
    var random = RandomStream(seed: 7)
    for _ in 0..<3000 {
        let count = 1 + random.index(below: 40)
        var source = ""
        for _ in 0..<count {
            source += fragments[random.index(below: fragments.count)]
            if random.nextUnit() < 0.5 { source += " " }
        }
        checkInvariants(source)
    }
}

@Test func fuzzMutatedValidPrograms() {
    let base = """
    let world = scene "push" {
      gravity (0, -9.8)
      ball a at (1, 0.5) radius 0.5 velocity (4, 0) color "red"
      for i in range(3) { box "b\\(i)" at (i, 0) static }
      require[0.9] distance(a, c) > 2
    }
    fn f(a, b: 2) { return a ** -b }
    test "t" { expect f(1) ~= 1 within 0.1, "close" }
    let xs = [1, 2, {k: "v"}]
    if not xs[0] == 1 and true { show xs } else if x { x += 1 } else { print("\\(x)") }
    """
    let bytes = Array(base.utf8)
    var random = RandomStream(seed: 99)
    for _ in 0..<1500 {
        var mutated = bytes
        for _ in 0..<(1 + random.index(below: 4)) {
            guard !mutated.isEmpty else { break }
            let at = random.index(below: mutated.count)
            switch random.index(below: 3) {
            case 0: mutated.remove(at: at)
            case 1: mutated.insert(bytes[random.index(below: bytes.count)], at: at)
            default: mutated[at] = bytes[random.index(below: bytes.count)]
            }
        }
        checkInvariants(String(decoding: mutated, as: UTF8.self))
    }
}
