/// An sRGB colour as three bytes.
public struct Color: Hashable, Sendable, Codable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(r: UInt8, g: UInt8, b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    // MARK: - Named colours

    /// The names `Color.parse` understands, sorted, for messages and completion.
    public static let names: [String] = named.map(\.0).sorted()

    private static let named: [(String, Color)] = [
        ("red", Color(r: 220, g: 50, b: 47)),
        ("blue", Color(r: 38, g: 110, b: 220)),
        ("green", Color(r: 60, g: 170, b: 60)),
        ("gray", Color(r: 128, g: 128, b: 128)),
        ("grey", Color(r: 128, g: 128, b: 128)),
        ("black", Color(r: 0, g: 0, b: 0)),
        ("white", Color(r: 255, g: 255, b: 255)),
        ("orange", Color(r: 245, g: 140, b: 30)),
        ("yellow", Color(r: 240, g: 210, b: 40)),
        ("purple", Color(r: 130, g: 70, b: 180)),
        ("cyan", Color(r: 40, g: 200, b: 210)),
        ("magenta", Color(r: 210, g: 50, b: 170)),
        ("brown", Color(r: 140, g: 90, b: 50)),
        ("pink", Color(r: 245, g: 150, b: 180)),
    ]

    // MARK: - Parsing

    /// Parses a colour name (case-insensitive) or `#rrggbb`; nil when neither.
    public static func parse(_ text: String) -> Color? {
        let lower = text.lowercased()
        if let hit = named.first(where: { $0.0 == lower }) { return hit.1 }
        let chars = Array(lower.utf8)
        guard chars.count == 7, chars[0] == UInt8(ascii: "#") else { return nil }
        var bytes: [UInt8] = []
        var i = 1
        while i < 7 {
            guard let hi = hexValue(chars[i]), let lo = hexValue(chars[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        return Color(r: bytes[0], g: bytes[1], b: bytes[2])
    }

    /// The colour as `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for byte in [r, g, b] {
            s.append(digits[Int(byte >> 4)])
            s.append(digits[Int(byte & 15)])
        }
        return s
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
