// MARK: - PNGEncoder

/// Encodes an `Image` as a PNG file (8-bit RGB, non-interlaced) in memory.
///
/// Output bytes depend only on the image and the settings (and the zlib version), so the
/// same frame always encodes to the same file. Nothing is written to disk here.
public struct PNGEncoder: Sendable {
    /// zlib level, 0 (store) ... 9 (smallest); values outside are clamped.
    public var compressionLevel: Int
    /// How scanline filters are chosen.
    public var filter: PNGFilterStrategy

    public init(compressionLevel: Int = 6, filter: PNGFilterStrategy = .adaptive) {
        self.compressionLevel = compressionLevel
        self.filter = filter
    }

    /// The PNG file for `image`. Throws only if zlib fails to allocate memory.
    public func encode(_ image: Image) throws -> [UInt8] {
        var out = PNGChunk.signature
        PNGChunk.append(type: "IHDR", data: PNGEncoder.header(width: image.width, height: image.height), to: &out)
        PNGChunk.append(type: "IDAT", data: try compressedData(image), to: &out)
        PNGChunk.append(type: "IEND", data: [], to: &out)
        return out
    }

    /// Filtered and deflated scanlines of `image`: the payload of IDAT (and fdAT) chunks.
    func compressedData(_ image: Image) throws -> [UInt8] {
        let scanlines = PNGFilter.filter(
            image.pixels, width: image.width, height: image.height, bytesPerPixel: 3, strategy: filter)
        return try Zlib.compress(scanlines, level: compressionLevel)
    }

    /// IHDR data: size, bit depth 8, colour type 2 (RGB), deflate, adaptive filtering,
    /// no interlace.
    static func header(width: Int, height: Int) -> [UInt8] {
        var data: [UInt8] = []
        data.appendBigEndian(UInt32(truncatingIfNeeded: width))
        data.appendBigEndian(UInt32(truncatingIfNeeded: height))
        data.append(contentsOf: [8, 2, 0, 0, 0])
        return data
    }
}
