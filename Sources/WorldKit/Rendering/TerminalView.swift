// MARK: - TerminalView

/// Turns an `Image` into text for a terminal: each character cell shows two pixels, one
/// above the other, as an upper half block `▀` with a 24-bit ANSI foreground (top pixel)
/// and background (bottom pixel). Without colour, an ASCII density ramp stands in.
///
/// Returns a String; printing is the caller's business.
public struct TerminalView: Sendable {
    /// The widest output, in character columns; larger images are box-filtered down.
    public var maxColumns: Int
    /// The most lines of output, if limited (each line shows two pixel rows).
    public var maxLines: Int?
    /// 24-bit ANSI colour if true, plain ASCII if false.
    public var colored: Bool

    /// Dark to light: a cell's darkness picks a denser character.
    static let ramp: [Character] = Array(" .:-=+*#%@")
    static let upperHalfBlock: Character = "▀"

    public init(maxColumns: Int = 80, maxLines: Int? = nil, colored: Bool = true) {
        self.maxColumns = maxColumns
        self.maxLines = maxLines
        self.colored = colored
    }

    /// The terminal text for `image`: one line per two pixel rows, each ending in "\n".
    public func render(_ image: Image) -> String {
        let scaled = downscaled(image)
        return colored ? coloredText(scaled) : asciiText(scaled)
    }

    /// Columns and lines `render` produces for an image of the given size.
    public func textSize(forWidth width: Int, height: Int) -> (columns: Int, lines: Int) {
        let (w, h) = targetSize(width: width, height: height)
        return (w, (h + 1) / 2)
    }

    // MARK: Scaling

    /// The pixel size after fitting into `maxColumns` (and `maxLines`), keeping the aspect
    /// ratio (half blocks make cells square: one pixel per column and per half line).
    /// Images are only ever shrunk, never enlarged.
    func targetSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let columns = min(max(maxColumns, 1), Image.maximumSide)
        let rows = maxLines.map { min(max($0, 1), Image.maximumSide) * 2 } ?? Int.max
        guard width > columns || height > rows else { return (width, height) }
        let factor = min(Double(columns) / Double(width), Double(rows) / Double(height))
        let w = min(max(Int((Double(width) * factor).rounded()), 1), min(width, columns))
        let h = min(max(Int((Double(height) * factor).rounded()), 1), min(height, rows))
        return (w, h)
    }

    /// A box-filtered copy at `targetSize`: each output pixel averages the source pixels
    /// whose area maps onto it (integer bounds, so the result is exact and repeatable).
    func downscaled(_ image: Image) -> Image {
        let (w, h) = targetSize(width: image.width, height: image.height)
        if w == image.width && h == image.height { return image }
        var out: [UInt8] = []
        out.reserveCapacity(w * h * 3)
        let source = image.pixels
        for ty in 0..<h {
            let y0 = ty * image.height / h, y1 = max(y0 + 1, (ty + 1) * image.height / h)
            for tx in 0..<w {
                let x0 = tx * image.width / w, x1 = max(x0 + 1, (tx + 1) * image.width / w)
                var r = 0, g = 0, b = 0
                for y in y0..<y1 {
                    for x in x0..<x1 {
                        let i = (y * image.width + x) * 3
                        r += Int(source[i]); g += Int(source[i + 1]); b += Int(source[i + 2])
                    }
                }
                let n = (y1 - y0) * (x1 - x0)
                out.append(UInt8((r + n / 2) / n))
                out.append(UInt8((g + n / 2) / n))
                out.append(UInt8((b + n / 2) / n))
            }
        }
        return Image(trustedWidth: w, height: h, pixels: out)
    }

    // MARK: Text

    private func coloredText(_ image: Image) -> String {
        var text = ""
        text.reserveCapacity(image.width * ((image.height + 1) / 2) * 20)
        for top in stride(from: 0, to: image.height, by: 2) {
            // Escape codes are emitted only when a colour changes along the line.
            var foreground: RGB?, background: RGB?
            for x in 0..<image.width {
                let upper = image.pixel(x: x, y: top) ?? .black
                if upper != foreground {
                    text += "\u{1B}[38;2;\(upper.r);\(upper.g);\(upper.b)m"
                    foreground = upper
                }
                if let lower = image.pixel(x: x, y: top + 1) {
                    if lower != background {
                        text += "\u{1B}[48;2;\(lower.r);\(lower.g);\(lower.b)m"
                        background = lower
                    }
                } else if background != nil || x == 0 {
                    // Odd height: the last line has no bottom pixel; use the terminal's own.
                    text += "\u{1B}[49m"
                    background = nil
                }
                text.append(TerminalView.upperHalfBlock)
            }
            text += "\u{1B}[0m\n"
        }
        return text
    }

    private func asciiText(_ image: Image) -> String {
        var text = ""
        text.reserveCapacity((image.width + 1) * ((image.height + 1) / 2))
        let last = TerminalView.ramp.count - 1
        for top in stride(from: 0, to: image.height, by: 2) {
            for x in 0..<image.width {
                let upper = image.pixel(x: x, y: top)?.luminance ?? 1
                let lower = image.pixel(x: x, y: top + 1)?.luminance ?? upper
                let darkness = 1 - (upper + lower) / 2
                let index = min(max(Int((darkness * Double(last)).rounded()), 0), last)
                text.append(TerminalView.ramp[index])
            }
            text += "\n"
        }
        return text
    }
}
