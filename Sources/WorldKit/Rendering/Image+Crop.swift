// MARK: - FrameRegion

/// A pixel rectangle of a frame.
struct FrameRegion: Hashable {
    var x: Int, y: Int, width: Int, height: Int
}

extension Image {
    /// The pixels inside `region`, which must lie within the image (clamped if not).
    func cropped(to region: FrameRegion) -> Image {
        if region.x == 0, region.y == 0, region.width == width, region.height == height { return self }
        let x0 = min(max(region.x, 0), width - 1), y0 = min(max(region.y, 0), height - 1)
        let w = min(max(region.width, 1), width - x0), h = min(max(region.height, 1), height - y0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(w * h * 3)
        for row in y0..<(y0 + h) {
            let start = (row * width + x0) * 3
            bytes.append(contentsOf: pixels[start..<(start + w * 3)])
        }
        return Image(trustedWidth: w, height: h, pixels: bytes)
    }
}
