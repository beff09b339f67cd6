// MARK: - BitmapFont

/// A tiny built-in 5×7 pixel font: digits, letters (lower case drawn as upper case) and
/// common punctuation; anything else draws as `?`. Enough for time stamps and captions
/// without depending on any font file.
public enum BitmapFont {
    /// Glyph width in font pixels.
    public static let glyphWidth = 5
    /// Glyph height in font pixels.
    public static let glyphHeight = 7
    /// Horizontal distance between glyph origins, in font pixels (one column of spacing).
    public static let advance = 6

    /// The size in image pixels of `text` drawn at `scale` (at least 1).
    public static func size(of text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let s = clampedScale(scale)
        let count = text.count
        guard count > 0 else { return (0, glyphHeight * s) }
        return ((count * advance - 1) * s, glyphHeight * s)
    }

    /// The rows of a glyph, top to bottom; bit 4 is the leftmost column.
    public static func rows(for character: Character) -> [UInt8] {
        // Some characters upper-case to several (ß → SS); those keep their own form.
        let upper = character.uppercased()
        let key = upper.count == 1 ? (upper.first ?? character) : character
        return glyphs[key] ?? glyphs["?"] ?? []
    }

    /// Draws `text` with its top-left corner at image pixel (x, y).
    static func draw(_ text: String, x: Int, y: Int, color: RGB, scale: Int, into image: inout Image) {
        let s = clampedScale(scale)
        var originX = x
        for character in text {
            let rows = rows(for: character)
            for (row, bits) in rows.enumerated() where bits != 0 {
                for column in 0..<glyphWidth where bits & (0x10 >> UInt8(column)) != 0 {
                    let px = originX &+ column &* s, py = y &+ row &* s
                    for dy in 0..<s {
                        for dx in 0..<s {
                            image.setPixel(x: px &+ dx, y: py &+ dy, to: color)
                        }
                    }
                }
            }
            originX = originX &+ advance &* s
            // Stop once past the right edge so a huge string costs nothing more.
            if originX > image.width { break }
        }
    }

    /// Scales are capped so a typo cannot make one glyph cover millions of pixels.
    static func clampedScale(_ scale: Int) -> Int { min(max(scale, 1), 64) }

    // MARK: Glyph table

    /// Each glyph: seven rows of five cells, `#` set, `.` clear, rows separated by `|`.
    private static let source: [(Character, String)] = [
        ("0", ".###.|#...#|#..##|#.#.#|##..#|#...#|.###."),
        ("1", "..#..|.##..|..#..|..#..|..#..|..#..|.###."),
        ("2", ".###.|#...#|....#|...#.|..#..|.#...|#####"),
        ("3", "#####|...#.|..#..|...#.|....#|#...#|.###."),
        ("4", "...#.|..##.|.#.#.|#..#.|#####|...#.|...#."),
        ("5", "#####|#....|####.|....#|....#|#...#|.###."),
        ("6", "..##.|.#...|#....|####.|#...#|#...#|.###."),
        ("7", "#####|....#|...#.|..#..|.#...|.#...|.#..."),
        ("8", ".###.|#...#|#...#|.###.|#...#|#...#|.###."),
        ("9", ".###.|#...#|#...#|.####|....#|...#.|.##.."),
        ("A", ".###.|#...#|#...#|#####|#...#|#...#|#...#"),
        ("B", "####.|#...#|#...#|####.|#...#|#...#|####."),
        ("C", ".###.|#...#|#....|#....|#....|#...#|.###."),
        ("D", "###..|#..#.|#...#|#...#|#...#|#..#.|###.."),
        ("E", "#####|#....|#....|####.|#....|#....|#####"),
        ("F", "#####|#....|#....|####.|#....|#....|#...."),
        ("G", ".###.|#...#|#....|#.###|#...#|#...#|.####"),
        ("H", "#...#|#...#|#...#|#####|#...#|#...#|#...#"),
        ("I", ".###.|..#..|..#..|..#..|..#..|..#..|.###."),
        ("J", "..###|...#.|...#.|...#.|...#.|#..#.|.##.."),
        ("K", "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#"),
        ("L", "#....|#....|#....|#....|#....|#....|#####"),
        ("M", "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#"),
        ("N", "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#"),
        ("O", ".###.|#...#|#...#|#...#|#...#|#...#|.###."),
        ("P", "####.|#...#|#...#|####.|#....|#....|#...."),
        ("Q", ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#"),
        ("R", "####.|#...#|#...#|####.|#.#..|#..#.|#...#"),
        ("S", ".####|#....|#....|.###.|....#|....#|####."),
        ("T", "#####|..#..|..#..|..#..|..#..|..#..|..#.."),
        ("U", "#...#|#...#|#...#|#...#|#...#|#...#|.###."),
        ("V", "#...#|#...#|#...#|#...#|#...#|.#.#.|..#.."),
        ("W", "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#."),
        ("X", "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#"),
        ("Y", "#...#|#...#|.#.#.|..#..|..#..|..#..|..#.."),
        ("Z", "#####|....#|...#.|..#..|.#...|#....|#####"),
        (" ", ".....|.....|.....|.....|.....|.....|....."),
        (".", ".....|.....|.....|.....|.....|.##..|.##.."),
        (",", ".....|.....|.....|.....|.##..|..#..|.#..."),
        (":", ".....|.##..|.##..|.....|.##..|.##..|....."),
        (";", ".....|.##..|.##..|.....|.##..|..#..|.#..."),
        ("-", ".....|.....|.....|#####|.....|.....|....."),
        ("+", ".....|..#..|..#..|#####|..#..|..#..|....."),
        ("=", ".....|.....|#####|.....|#####|.....|....."),
        ("/", ".....|....#|...#.|..#..|.#...|#....|....."),
        ("(", "...#.|..#..|.#...|.#...|.#...|..#..|...#."),
        (")", ".#...|..#..|...#.|...#.|...#.|..#..|.#..."),
        ("[", ".###.|.#...|.#...|.#...|.#...|.#...|.###."),
        ("]", ".###.|...#.|...#.|...#.|...#.|...#.|.###."),
        ("%", "##...|##..#|...#.|..#..|.#...|#..##|...##"),
        ("_", ".....|.....|.....|.....|.....|.....|#####"),
        ("!", "..#..|..#..|..#..|..#..|..#..|.....|..#.."),
        ("?", ".###.|#...#|....#|...#.|..#..|.....|..#.."),
        ("'", "..#..|..#..|.#...|.....|.....|.....|....."),
        ("\"", ".#.#.|.#.#.|.#.#.|.....|.....|.....|....."),
        ("#", ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#."),
        ("<", "...#.|..#..|.#...|#....|.#...|..#..|...#."),
        (">", ".#...|..#..|...#.|....#|...#.|..#..|.#..."),
        ("*", ".....|..#..|#.#.#|.###.|#.#.#|..#..|....."),
    ]

    /// Parsed once; looked up by character only, never iterated, so order cannot leak.
    private static let glyphs: [Character: [UInt8]] = {
        var table: [Character: [UInt8]] = [:]
        for (character, pattern) in source {
            table[character] = pattern.split(separator: "|").map { row in
                row.reduce(UInt8(0)) { bits, cell in (bits << 1) | (cell == "#" ? 1 : 0) }
            }
        }
        return table
    }()
}
