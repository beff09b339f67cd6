import CZlib
import WorldKit

// MARK: - PNG files

/// The PNG decoder: `PNGDecoder.decode` and `decodeFrames` on the bytes as given, with
/// every chunk's CRC made to fit (so mutations reach the headers), and as the pixel data
/// of a well-formed file (so they reach unfiltering past zlib's own checksum).
final class PNGTarget: FuzzTarget {
    let name = "png"
    let summary = "PNG decoder: PNGDecoder.decode and decodeFrames (raw, and with chunk CRCs repaired)"
    let maxLength = 1 << 16
    let dictionary = ["IHDR", "IDAT", "IEND", "acTL", "fcTL", "fdAT", "PLTE", "tRNS", "\u{89}PNG\r\n\u{1a}\n",
                      "\0\0\0\0", "\u{ff}\u{ff}\u{ff}\u{ff}", "\u{7f}\u{ff}\u{ff}\u{ff}", "\u{8}\u{2}\0\0\0", "\u{8}\u{6}\0\0\0"]

    func run(_ bytes: [UInt8]) {
        decode(bytes)
        decode(Self.repaired(bytes))
        decode(Self.wrapped(bytes))
    }

    /// A PNG whose IHDR takes the width, height, bit depth and colour type from the first
    /// four bytes and whose IDAT is the rest, compressed: filter bytes and pixels, of
    /// any length.
    static func wrapped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 4 else { return [] }
        let width = UInt32(bytes[0] % 17), height = UInt32(bytes[1] % 17)
        var header: [UInt8] = []
        for v in [width, height] { header += (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
        header += [bytes[2] < 200 ? 8 : bytes[2], [2, 6, 0, 3, 4][Int(bytes[3]) % 5], 0, 0, 0]
        let raw = Array(bytes[4...])
        var size = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(size))
        guard compress2(&compressed, &size, raw, uLong(raw.count), 1) == Z_OK else { return [] }
        var out = PNGChunk.signature
        for (type, data) in [("IHDR", header), ("IDAT", Array(compressed.prefix(Int(size)))), ("IEND", [])] {
            let typed = Array(type.utf8) + data
            let crc = ModelFile.crc(typed)
            out += (0..<4).map { UInt8(truncatingIfNeeded: UInt32(data.count) >> (24 - 8 * UInt32($0))) } + typed
            out += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32($0))) }
        }
        return out
    }

    private func decode(_ bytes: [UInt8]) {
        _ = try? PNGDecoder.decode(bytes)
        _ = try? PNGDecoder.decodeFrames(bytes)
    }

    /// `bytes` with each chunk's CRC recomputed, as far as the chunk lengths lead.
    static func repaired(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var at = PNGChunk.signature.count
        while at + 12 <= out.count {
            let length = Int(out[at]) << 24 | Int(out[at + 1]) << 16 | Int(out[at + 2]) << 8 | Int(out[at + 3])
            let end = at + 8 + length
            guard end + 4 <= out.count else { break }
            let crc = ModelFile.crc(Array(out[(at + 4)..<end]))
            for i in 0..<4 { out[end + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(i))) }
            at = end + 4
        }
        return out
    }

    /// Small images from the encoders: every filter, stored (uncompressed) zlib blocks so
    /// mutations land in pixel data, and a three-frame APNG.
    func seeds(root: String) -> [[UInt8]] {
        func image(_ w: Int, _ h: Int, _ f: (Int, Int) -> (Int, Int, Int)) -> Image? {
            var pixels: [UInt8] = []
            for y in 0..<h { for x in 0..<w { let (r, g, b) = f(x, y); pixels += [r, g, b].map { UInt8(truncatingIfNeeded: $0) } } }
            return try? Image(width: w, height: h, pixels: pixels)
        }
        let images = [
            image(1, 1) { _, _ in (255, 0, 0) },
            image(3, 2) { x, y in (x * 80, y * 120, 7) },
            image(8, 8) { x, y in (x * 30, (x ^ y) * 30, y * 30) },
        ].compactMap { $0 }
        var files: [[UInt8]] = []
        for level in [0, 6] {
            for filter in [PNGFilterStrategy.none, .sub, .up, .paeth, .adaptive] {
                let encoder = PNGEncoder(compressionLevel: level, filter: filter)
                files += images.compactMap { try? encoder.encode($0) }
            }
        }
        let frames = (0..<3).compactMap { k in image(4, 4) { x, y in ((x + k) * 60, y * 60, k * 90) } }
        if let apng = try? APNGEncoder().encode(frames) { files.append(apng) }
        if let apng = try? APNGEncoder(png: PNGEncoder(compressionLevel: 0)).encode(frames) { files.append(apng) }
        return files
    }
}
