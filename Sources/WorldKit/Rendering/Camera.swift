// MARK: - Camera

/// Which part of the world a frame shows and at what resolution.
///
/// The world has y up; images have y down. The camera centre maps to the image centre and
/// one world unit spans `pixelsPerUnit` pixels on both axes, so circles stay round.
public struct Camera: Hashable, Sendable {
    /// World point shown at the centre of the image.
    public let center: Vec2
    /// World extent shown (width, height), in world units.
    public let size: Vec2
    /// Image pixels per world unit.
    public let pixelsPerUnit: Double
    /// Image width in pixels: `size.x * pixelsPerUnit`, rounded, at least 1.
    public let width: Int
    /// Image height in pixels: `size.y * pixelsPerUnit`, rounded, at least 1.
    public let height: Int

    /// A camera showing `size` world units around `center` at `pixelsPerUnit`.
    ///
    /// Throws `RenderError.invalidCamera` for non-finite or non-positive parameters and
    /// `RenderError.invalidImageSize` when the image would exceed `Image.maximumSide`.
    public init(center: Vec2, size: Vec2, pixelsPerUnit: Double) throws {
        guard center.x.isFinite, center.y.isFinite else {
            throw RenderError.invalidCamera("centre (\(center.x), \(center.y)) is not finite")
        }
        guard size.x.isFinite, size.y.isFinite, size.x > 0, size.y > 0 else {
            throw RenderError.invalidCamera("size (\(size.x), \(size.y)) must be positive and finite")
        }
        guard pixelsPerUnit.isFinite, pixelsPerUnit > 0 else {
            throw RenderError.invalidCamera("pixels per unit \(pixelsPerUnit) must be positive and finite")
        }
        // Compare in Double before converting, so huge products cannot overflow Int.
        let w = max(1, (size.x * pixelsPerUnit).rounded())
        let h = max(1, (size.y * pixelsPerUnit).rounded())
        let limit = Double(Image.maximumSide)
        guard w.isFinite, h.isFinite, w <= limit, h <= limit else {
            throw RenderError.invalidImageSize(
                width: w.isFinite && w < 1e15 ? Int(w) : Int.max,
                height: h.isFinite && h < 1e15 ? Int(h) : Int.max)
        }
        self.center = center
        self.size = size
        self.pixelsPerUnit = pixelsPerUnit
        self.width = Int(w)
        self.height = Int(h)
    }

    /// A camera showing the world rectangle from `minCorner` to `maxCorner`, `imageWidth`
    /// pixels wide; the height follows from the rectangle's aspect ratio.
    public init(minCorner: Vec2, maxCorner: Vec2, imageWidth: Int) throws {
        let size = maxCorner - minCorner
        guard imageWidth >= 1, imageWidth <= Image.maximumSide else {
            throw RenderError.invalidImageSize(width: imageWidth, height: 0)
        }
        guard size.x.isFinite, size.x > 0 else {
            throw RenderError.invalidCamera("world rectangle has non-positive width \(size.x)")
        }
        try self.init(
            center: (minCorner + maxCorner) * 0.5, size: size,
            pixelsPerUnit: Double(imageWidth) / size.x)
    }

    // MARK: Transforms

    /// The continuous image position of a world point; (0, 0) is the image's top-left
    /// corner and pixel (i, j) covers [i, i+1) × [j, j+1).
    @inlinable public func pixelPosition(of world: Vec2) -> Vec2 {
        Vec2(
            Double(width) * 0.5 + (world.x - center.x) * pixelsPerUnit,
            Double(height) * 0.5 - (world.y - center.y) * pixelsPerUnit)
    }

    /// The world point at a continuous image position; the inverse of `pixelPosition(of:)`.
    @inlinable public func worldPosition(of pixel: Vec2) -> Vec2 {
        Vec2(
            center.x + (pixel.x - Double(width) * 0.5) / pixelsPerUnit,
            center.y - (pixel.y - Double(height) * 0.5) / pixelsPerUnit)
    }

    /// A world length in pixels.
    @inlinable public func pixelLength(_ worldLength: Double) -> Double {
        worldLength * pixelsPerUnit
    }
}
