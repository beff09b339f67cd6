// MARK: - Image

/// A frame of RGB8 pixels, row-major from the top-left corner, three bytes per pixel.
public struct Image: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes: r, g, b for each pixel, rows top to bottom.
    public private(set) var pixels: [UInt8]

    /// The largest side an image may have; bigger requests are errors, not allocations.
    public static let maximumSide = 4096

    /// A `width`×`height` image filled with `background`.
    ///
    /// Throws `RenderError.invalidImageSize` unless both sides are in 1...`maximumSide`.
    public init(width: Int, height: Int, background: RGB = .white) throws {
        guard (1...Image.maximumSide).contains(width), (1...Image.maximumSide).contains(height) else {
            throw RenderError.invalidImageSize(width: width, height: height)
        }
        self.init(validWidth: width, height: height, background: background)
    }

    /// An image over existing RGB8 bytes; throws unless `pixels.count == width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard (1...Image.maximumSide).contains(width), (1...Image.maximumSide).contains(height) else {
            throw RenderError.invalidImageSize(width: width, height: height)
        }
        guard pixels.count == width * height * 3 else {
            throw RenderError.pixelCountMismatch(expected: width * height * 3, found: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    // MARK: Pixel access

    /// Whether (x, y) is a pixel of this image.
    @inlinable public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The pixel at column `x`, row `y` (row 0 at the top), or nil outside the image.
    public func pixel(x: Int, y: Int) -> RGB? {
        guard contains(x: x, y: y) else { return nil }
        let i = (y * width + x) * 3
        return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Sets the pixel at (x, y); writes outside the image are ignored, because shapes may
    /// legitimately extend past the frame.
    public mutating func setPixel(x: Int, y: Int, to color: RGB) {
        guard contains(x: x, y: y) else { return }
        let i = (y * width + x) * 3
        pixels[i] = color.r
        pixels[i + 1] = color.g
        pixels[i + 2] = color.b
    }

    /// Blends `color` over the pixel at (x, y) with opacity `amount` in [0, 1].
    public mutating func blendPixel(x: Int, y: Int, with color: RGB, amount: Double) {
        guard contains(x: x, y: y), amount > 0 else { return }
        let i = (y * width + x) * 3
        if amount >= 1 {
            pixels[i] = color.r
            pixels[i + 1] = color.g
            pixels[i + 2] = color.b
            return
        }
        pixels[i] = RGB.mixChannel(pixels[i], color.r, amount)
        pixels[i + 1] = RGB.mixChannel(pixels[i + 1], color.g, amount)
        pixels[i + 2] = RGB.mixChannel(pixels[i + 2], color.b, amount)
    }

    /// Fills the whole image with one colour.
    public mutating func fill(_ color: RGB) {
        pixels = Image.filledBytes(count: width * height, with: color, rowLength: width)
    }

    /// Copies `other` into this image with its top-left corner at (x, y), clipping at the edges.
    public mutating func paste(_ other: Image, x: Int, y: Int) {
        let x0 = max(0, x), x1 = min(width, x &+ other.width)
        let y0 = max(0, y), y1 = min(height, y &+ other.height)
        guard x0 < x1, y0 < y1 else { return }
        let rowBytes = (x1 - x0) * 3
        for row in y0..<y1 {
            let src = ((row - y) * other.width + (x0 - x)) * 3
            let dst = (row * width + x0) * 3
            pixels.replaceSubrange(dst..<(dst + rowBytes), with: other.pixels[src..<(src + rowBytes)])
        }
    }
}

// MARK: - Internal construction

extension Image {
    /// An image whose size the caller has already validated (a `Camera` guarantees it).
    /// Sides are clamped into range rather than trusted, so this can never trap.
    init(validWidth width: Int, height: Int, background: RGB) {
        let w = min(max(width, 1), Image.maximumSide), h = min(max(height, 1), Image.maximumSide)
        self.init(unchecked: w, h, Image.filledBytes(count: w * h, with: background, rowLength: w))
    }

    /// `count` pixels of one colour. A new frame's background is a large share of a small
    /// frame's cost, so this builds one row and copies it (memcpy) rather than storing
    /// each byte, and uses a plain memset for greys.
    static func filledBytes(count: Int, with color: RGB, rowLength: Int) -> [UInt8] {
        if color.r == color.g && color.g == color.b {
            return [UInt8](repeating: color.r, count: count * 3)
        }
        var row = [UInt8](repeating: 0, count: rowLength * 3)
        for i in stride(from: 0, to: row.count, by: 3) {
            row[i] = color.r
            row[i + 1] = color.g
            row[i + 2] = color.b
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 3)
        while bytes.count < count * 3 {
            bytes.append(contentsOf: row.prefix(count * 3 - bytes.count))
        }
        return bytes
    }

    /// Direct access to the pixel bytes for inner loops (the rasterizer), so a shape
    /// costs one uniqueness check rather than one per pixel.
    mutating func withUnsafeMutablePixels<R>(_ body: (UnsafeMutableBufferPointer<UInt8>) -> R) -> R {
        pixels.withUnsafeMutableBufferPointer { body($0) }
    }

    /// An image over bytes the caller built to match `width * height * 3` with in-range
    /// sides (crops, decoded frames). A mismatch yields a black image of that size rather
    /// than a trap.
    init(trustedWidth width: Int, height: Int, pixels: [UInt8]) {
        let w = min(max(width, 1), Image.maximumSide), h = min(max(height, 1), Image.maximumSide)
        self.init(unchecked: w, h, pixels.count == w * h * 3 ? pixels : [UInt8](repeating: 0, count: w * h * 3))
    }

    private init(unchecked width: Int, _ height: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
