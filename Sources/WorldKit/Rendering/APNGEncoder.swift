// MARK: - FrameDelay

/// How long each animation frame shows: `numerator / denominator` seconds, as APNG stores it.
public struct FrameDelay: Hashable, Sendable {
    public var numerator: UInt16
    public var denominator: UInt16

    public init(numerator: UInt16, denominator: UInt16) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// One frame per `1 / framesPerSecond` seconds; the rate is clamped to 1...1000.
    public init(framesPerSecond: Int) {
        self.init(numerator: 1, denominator: UInt16(min(max(framesPerSecond, 1), 1000)))
    }
}

// MARK: - APNGEncoder

/// Encodes a sequence of equally sized frames as an animated PNG (APNG) in memory.
///
/// Viewers without APNG support show the first frame as a still PNG. By default each later
/// frame stores only the rectangle that changed since the previous one, which keeps
/// rollouts with a still background small.
public struct APNGEncoder: Sendable {
    /// Display time of every frame.
    public var delay: FrameDelay
    /// Times to play the animation; 0 loops forever.
    public var loopCount: Int
    /// Settings for each frame's image data.
    public var png: PNGEncoder
    /// Encode only the changed bounding rectangle of frames after the first.
    public var cropsUnchangedRegions: Bool

    public init(delay: FrameDelay = FrameDelay(framesPerSecond: 30), loopCount: Int = 0,
                png: PNGEncoder = PNGEncoder(), cropsUnchangedRegions: Bool = true) {
        self.delay = delay
        self.loopCount = loopCount
        self.png = png
        self.cropsUnchangedRegions = cropsUnchangedRegions
    }

    /// The APNG file for `frames`. Throws `RenderError.noFrames` for an empty list and
    /// `RenderError.frameSizeMismatch` when a frame's size differs from the first.
    public func encode(_ frames: [Image]) throws -> [UInt8] {
        guard let first = frames.first else { throw RenderError.noFrames }
        for (index, frame) in frames.enumerated()
        where frame.width != first.width || frame.height != first.height {
            throw RenderError.frameSizeMismatch(index: index)
        }
        var writer = APNGWriter(encoder: self, frameCount: frames.count)
        for frame in frames { try writer.append(frame) }
        return try writer.finish()
    }

    /// fcTL data: sequence, region, delay, dispose op NONE (keep), blend op SOURCE (replace).
    func frameControl(sequence: UInt32, region: FrameRegion) -> [UInt8] {
        var data: [UInt8] = []
        data.appendBigEndian(sequence)
        data.appendBigEndian(UInt32(truncatingIfNeeded: region.width))
        data.appendBigEndian(UInt32(truncatingIfNeeded: region.height))
        data.appendBigEndian(UInt32(truncatingIfNeeded: region.x))
        data.appendBigEndian(UInt32(truncatingIfNeeded: region.y))
        data.appendBigEndian(delay.numerator)
        data.appendBigEndian(delay.denominator)
        data.append(0)  // dispose: none
        data.append(0)  // blend: source
        return data
    }

    /// The smallest rectangle holding every pixel that differs; a 1×1 corner when none do,
    /// because APNG frames cannot be empty.
    static func changedRegion(from previous: Image, to next: Image) -> FrameRegion {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        previous.pixels.withUnsafeBufferPointer { a in
            next.pixels.withUnsafeBufferPointer { b in
                let count = min(a.count, b.count)
                let width = next.width
                var i = 0
                while i < count {
                    if a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2] {
                        let pixel = i / 3
                        let x = pixel % width, y = pixel / width
                        minX = min(minX, x); maxX = max(maxX, x)
                        minY = min(minY, y); maxY = max(maxY, y)
                    }
                    i += 3
                }
            }
        }
        guard maxX >= 0 else { return FrameRegion(x: 0, y: 0, width: 1, height: 1) }
        return FrameRegion(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
