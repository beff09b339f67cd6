// MARK: - APNGWriter

/// Builds an animated PNG one frame at a time: each frame is filtered, deflated and
/// appended as a chunk as soon as it arrives, and only the previous frame is kept (for
/// the changed-rectangle crop). Memory is one or two frames plus the compressed file,
/// however long the animation; the bytes equal `APNGEncoder.encode` of the same frames.
public struct APNGWriter {
    public let encoder: APNGEncoder
    /// The number of frames the file declares (acTL comes before the frames).
    public let frameCount: Int
    private var out: [UInt8] = []
    private var previous: Image?
    private var appended = 0
    private var sequence: UInt32 = 0

    public init(encoder: APNGEncoder = APNGEncoder(), frameCount: Int) {
        self.encoder = encoder
        self.frameCount = frameCount
    }

    /// Encodes and appends the next frame. Throws `RenderError.frameSizeMismatch` when its
    /// size differs from the first frame's, `RenderError.frameCountMismatch` past `frameCount`.
    public mutating func append(_ frame: Image) throws {
        guard appended < frameCount else {
            throw RenderError.frameCountMismatch(declared: frameCount, found: appended + 1)
        }
        if let first = previous {
            guard frame.width == first.width, frame.height == first.height else {
                throw RenderError.frameSizeMismatch(index: appended)
            }
        } else {
            out = PNGChunk.signature
            PNGChunk.append(type: "IHDR", data: PNGEncoder.header(width: frame.width, height: frame.height), to: &out)
            var actl: [UInt8] = []
            actl.appendBigEndian(UInt32(truncatingIfNeeded: frameCount))
            actl.appendBigEndian(UInt32(truncatingIfNeeded: min(max(encoder.loopCount, 0), Int(Int32.max))))
            PNGChunk.append(type: "acTL", data: actl, to: &out)
        }
        // fcTL and fdAT share one sequence counter, starting at 0 (APNG spec).
        var region = FrameRegion(x: 0, y: 0, width: frame.width, height: frame.height)
        if let previous, encoder.cropsUnchangedRegions {
            region = APNGEncoder.changedRegion(from: previous, to: frame)
        }
        PNGChunk.append(type: "fcTL", data: encoder.frameControl(sequence: sequence, region: region), to: &out)
        sequence &+= 1
        let data = try encoder.png.compressedData(frame.cropped(to: region))
        if appended == 0 {
            PNGChunk.append(type: "IDAT", data: data, to: &out)
        } else {
            var fdat: [UInt8] = []
            fdat.reserveCapacity(data.count + 4)
            fdat.appendBigEndian(sequence)
            fdat.append(contentsOf: data)
            PNGChunk.append(type: "fdAT", data: fdat, to: &out)
            sequence &+= 1
        }
        previous = frame
        appended += 1
    }

    /// The finished file. Throws `RenderError.noFrames` when nothing was appended and
    /// `RenderError.frameCountMismatch` when fewer frames came than were declared.
    public mutating func finish() throws -> [UInt8] {
        guard appended > 0 else { throw RenderError.noFrames }
        guard appended == frameCount else {
            throw RenderError.frameCountMismatch(declared: frameCount, found: appended)
        }
        PNGChunk.append(type: "IEND", data: [], to: &out)
        previous = nil
        return out
    }
}
