// MARK: - PNGDecoder

/// Reads PNG and animated PNG files produced by `PNGEncoder`/`APNGEncoder` and other
/// encoders, as long as they are 8-bit RGB or RGBA and not interlaced. Alpha is dropped
/// (frames here are opaque). Bad input throws a `PNGError`; it never traps.
public enum PNGDecoder {
    /// The still image: for an APNG, the default image (its first frame).
    public static func decode(_ bytes: [UInt8]) throws -> Image {
        let chunks = try PNGChunk.parse(bytes)
        let header = try Header(chunks)
        let data = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        guard !data.isEmpty else { throw PNGError.missingChunk("IDAT") }
        let rgba = try header.pixels(from: data, width: header.width, height: header.height)
        return header.image(fromRGBA: rgba, width: header.width, height: header.height)
    }

    /// Every frame as a full image. A plain PNG gives one frame; an APNG gives its
    /// animation frames composed onto the canvas (dispose and blend ops applied).
    public static func decodeFrames(_ bytes: [UInt8]) throws -> [Image] {
        let chunks = try PNGChunk.parse(bytes)
        let header = try Header(chunks)
        guard let actl = chunks.first(where: { $0.type == "acTL" }) else { return [try decode(bytes)] }
        guard actl.data.count == 8 else { throw PNGError.corruptData("acTL chunk has \(actl.data.count) bytes, expected 8") }
        let declared = Int(actl.data.readBigEndian(at: 0))

        let frames = try animationFrames(chunks)
        guard frames.count == declared else {
            throw PNGError.corruptData("acTL declares \(declared) frames, found \(frames.count)")
        }
        // Every frame decodes to a full canvas, so many tiny frames could ask for far more
        // memory than the file's size suggests; refuse before allocating.
        guard frames.count <= maximumDecodedBytes / (header.width * header.height * 3) else {
            throw PNGError.unsupported("animation of \(frames.count) frames at \(header.width)x\(header.height) is too large to decode")
        }
        // Compose on an RGBA canvas so dispose-to-background and alpha blending are exact.
        let canvasCount = header.width * header.height * 4
        var canvas = [UInt8](repeating: 0, count: canvasCount)
        var images: [Image] = []
        images.reserveCapacity(frames.count)
        for frame in frames {
            let c = frame.control
            guard c.width >= 1, c.height >= 1, c.x >= 0, c.y >= 0,
                  c.x + c.width <= header.width, c.y + c.height <= header.height else {
                throw PNGError.corruptData("frame \(images.count) lies outside the canvas")
            }
            let saved = c.dispose == 2 ? canvas : []
            let rgba = try header.pixels(from: frame.data, width: c.width, height: c.height)
            for row in 0..<c.height {
                for column in 0..<c.width {
                    let s = (row * c.width + column) * 4
                    let d = ((c.y + row) * header.width + c.x + column) * 4
                    if c.blend == 1 {
                        // "Over" with straight alpha, in integers so results are exact.
                        let a = Int(rgba[s + 3])
                        for k in 0..<3 {
                            canvas[d + k] = UInt8((Int(rgba[s + k]) * a + Int(canvas[d + k]) * (255 - a) + 127) / 255)
                        }
                        canvas[d + 3] = UInt8(a + (Int(canvas[d + 3]) * (255 - a) + 127) / 255)
                    } else {
                        for k in 0..<4 { canvas[d + k] = rgba[s + k] }
                    }
                }
            }
            images.append(header.image(fromRGBA: canvas, width: header.width, height: header.height))
            switch c.dispose {
            case 1:
                for row in 0..<c.height {
                    let d = ((c.y + row) * header.width + c.x) * 4
                    for k in d..<(d + c.width * 4) { canvas[k] = 0 }
                }
            case 2:
                canvas = saved
            default:
                break
            }
        }
        return images
    }

    /// The most pixel bytes `decodeFrames` will produce (256 MiB).
    public static let maximumDecodedBytes = 1 << 28

    // MARK: Animation chunks

    struct FrameControl {
        var width: Int, height: Int, x: Int, y: Int, dispose: UInt8, blend: UInt8
    }

    /// Frames in file order, checking that fcTL/fdAT sequence numbers run 0, 1, 2, ...
    private static func animationFrames(_ chunks: [PNGChunk]) throws -> [(control: FrameControl, data: [UInt8])] {
        var frames: [(control: FrameControl, data: [UInt8])] = []
        var expectedSequence: UInt32 = 0
        for chunk in chunks {
            switch chunk.type {
            case "fcTL":
                guard chunk.data.count == 26 else { throw PNGError.corruptData("fcTL chunk has \(chunk.data.count) bytes, expected 26") }
                try checkSequence(chunk.data.readBigEndian(at: 0), expected: &expectedSequence)
                let d = chunk.data
                frames.append((FrameControl(
                    width: Int(d.readBigEndian(at: 4)), height: Int(d.readBigEndian(at: 8)),
                    x: Int(d.readBigEndian(at: 12)), y: Int(d.readBigEndian(at: 16)),
                    dispose: d[24], blend: d[25]), []))
            case "IDAT":
                // IDAT belongs to the animation only if an fcTL came first.
                if !frames.isEmpty { frames[frames.count - 1].data.append(contentsOf: chunk.data) }
            case "fdAT":
                guard chunk.data.count >= 4 else { throw PNGError.corruptData("fdAT chunk is too short") }
                try checkSequence(chunk.data.readBigEndian(at: 0), expected: &expectedSequence)
                guard !frames.isEmpty else { throw PNGError.corruptData("fdAT before any fcTL") }
                frames[frames.count - 1].data.append(contentsOf: chunk.data[4...])
            default:
                break
            }
        }
        return frames
    }

    private static func checkSequence(_ found: UInt32, expected: inout UInt32) throws {
        guard found == expected else {
            throw PNGError.corruptData("animation chunk has sequence number \(found), expected \(expected)")
        }
        expected &+= 1
    }

    // MARK: Header

    /// The IHDR fields this decoder supports.
    struct Header {
        let width: Int, height: Int
        /// 3 for RGB, 4 for RGBA.
        let channels: Int

        init(_ chunks: [PNGChunk]) throws {
            guard let ihdr = chunks.first, ihdr.type == "IHDR" else { throw PNGError.missingChunk("IHDR") }
            let d = ihdr.data
            guard d.count == 13 else { throw PNGError.corruptData("IHDR has \(d.count) bytes, expected 13") }
            let w = Int(d.readBigEndian(at: 0)), h = Int(d.readBigEndian(at: 4))
            guard (1...Image.maximumSide).contains(w), (1...Image.maximumSide).contains(h) else {
                throw PNGError.unsupported("image size \(w)x\(h) (each side must be 1...\(Image.maximumSide))")
            }
            guard d[8] == 8 else { throw PNGError.unsupported("bit depth \(d[8]) (only 8 is supported)") }
            switch d[9] {
            case 2: channels = 3
            case 6: channels = 4
            default: throw PNGError.unsupported("colour type \(d[9]) (only RGB and RGBA are supported)")
            }
            guard d[10] == 0, d[11] == 0 else { throw PNGError.corruptData("unknown compression or filter method") }
            guard d[12] == 0 else { throw PNGError.unsupported("interlaced images") }
            width = w
            height = h
        }

        /// Inflates and unfilters `data` for a `width`×`height` region; returns RGBA bytes.
        func pixels(from data: [UInt8], width: Int, height: Int) throws -> [UInt8] {
            let raw = try PNGFilter.unfilter(
                try Zlib.uncompress(data, expectedSize: height * (width * channels + 1)),
                width: width, height: height, bytesPerPixel: channels)
            if channels == 4 { return raw }
            var rgba = [UInt8](repeating: 255, count: width * height * 4)
            for p in 0..<(width * height) {
                rgba[p * 4] = raw[p * 3]
                rgba[p * 4 + 1] = raw[p * 3 + 1]
                rgba[p * 4 + 2] = raw[p * 3 + 2]
            }
            return rgba
        }

        /// Drops the alpha channel.
        func image(fromRGBA rgba: [UInt8], width: Int, height: Int) -> Image {
            var rgb = [UInt8](repeating: 0, count: width * height * 3)
            for p in 0..<(width * height) {
                rgb[p * 3] = rgba[p * 4]
                rgb[p * 3 + 1] = rgba[p * 4 + 1]
                rgb[p * 3 + 2] = rgba[p * 4 + 2]
            }
            return Image(trustedWidth: width, height: height, pixels: rgb)
        }
    }
}
