// MARK: - RGB

/// An opaque 8-bit-per-channel colour, as stored in frames and PNG files.
///
/// Named `RGB` rather than `Color` so it does not clash with the simulator's colour type;
/// the adapter from world states to draw lists maps one onto the other.
public struct RGB: Hashable, Sendable, Codable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// A colour from a 24-bit `0xRRGGBB` value; higher bits are ignored.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    /// The colour `t` of the way from `self` to `other`; `t` is clamped to [0, 1].
    ///
    /// Rounds to nearest so blending with coverage 0 or 1 returns an endpoint exactly.
    @inlinable public func mixed(with other: RGB, amount t: Double) -> RGB {
        let a = t.isNaN ? 0 : min(max(t, 0), 1)
        return RGB(
            RGB.mixChannel(r, other.r, a),
            RGB.mixChannel(g, other.g, a),
            RGB.mixChannel(b, other.b, a))
    }

    @inlinable static func mixChannel(_ from: UInt8, _ to: UInt8, _ t: Double) -> UInt8 {
        let v = Double(from) + (Double(to) - Double(from)) * t
        // v is within [0, 255] because t is clamped; the min/max only guards rounding.
        return UInt8(min(max(Int(v + 0.5), 0), 255))
    }

    /// Relative luminance in [0, 1] (Rec. 709 weights on the gamma-encoded values).
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }

    /// `0xRRGGBB`, for tests and `#rrggbb` strings.
    public var hex: UInt32 { UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) }

    /// The CSS form `#rrggbb`, lower case.
    public var cssHex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for channel in [r, g, b] {
            s.append(digits[Int(channel >> 4)])
            s.append(digits[Int(channel & 0x0F)])
        }
        return s
    }
}

// MARK: - Palette

extension RGB {
    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
    public static let red = RGB(220, 50, 47)
    public static let green = RGB(60, 160, 70)
    public static let blue = RGB(38, 110, 210)
    public static let yellow = RGB(235, 190, 40)
    public static let orange = RGB(240, 130, 30)
    public static let purple = RGB(140, 80, 180)
    public static let gray = RGB(128, 128, 128)
    public static let darkGray = RGB(64, 64, 64)
    public static let lightGray = RGB(200, 200, 200)
}

// MARK: - Parsing

extension RGB {
    /// A colour from a name in `RGB.names` ("red", "light gray", case-insensitive) or a
    /// hex string "#rgb" / "#rrggbb"; nil if it is neither.
    public init?(parsing text: String) {
        let key = text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
        if let named = RGB.names[key] {
            self = named
            return
        }
        guard key.hasPrefix("#") else { return nil }
        let digits = Array(key.dropFirst())
        guard digits.count == 3 || digits.count == 6,
              digits.allSatisfy({ $0.isHexDigit }),
              let value = UInt32(String(digits), radix: 16) else { return nil }
        if digits.count == 6 {
            self.init(hex: value)
        } else {
            // #rgb doubles each digit: #f80 is #ff8800.
            let r = UInt8((value >> 8) & 0xF), g = UInt8((value >> 4) & 0xF), b = UInt8(value & 0xF)
            self.init(r * 17, g * 17, b * 17)
        }
    }

    /// The colour names `init(parsing:)` knows, lower case without spaces. Looked up by
    /// key only, never iterated, so its order cannot leak into output.
    public static let names: [String: RGB] = [
        "black": .black, "white": .white, "red": .red, "green": .green, "blue": .blue,
        "yellow": .yellow, "orange": .orange, "purple": .purple, "gray": .gray, "grey": .gray,
        "darkgray": .darkGray, "darkgrey": .darkGray, "lightgray": .lightGray, "lightgrey": .lightGray,
        "cyan": RGB(40, 180, 200), "magenta": RGB(200, 60, 160), "brown": RGB(140, 90, 50),
        "pink": RGB(240, 150, 180),
    ]
}
