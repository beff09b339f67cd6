// MARK: - Rasterizer

/// Draws a list of `DrawCommand`s into an RGB frame through a camera, with antialiasing.
///
/// Coverage is exactly that of 4×4 supersampling, but computed cheaply: each shape is a
/// 1-Lipschitz field (see `CoverageShape`), so one evaluation at a pixel centre tells
/// whether all sixteen sample points are inside or outside; only pixels within reach of an
/// edge are supersampled. All math is plain IEEE Double and Int (no fast-math, no
/// threads), so a frame is bit-identical on every run; across platforms the only possible
/// difference is a last-bit change in the C library's cos/sin used for rotations.
public struct Rasterizer: Sendable {
    /// Maps world coordinates to pixels and fixes the image size.
    public var camera: Camera
    /// The colour of empty space.
    public var background: RGB

    /// Samples per pixel side; 4×4 gives 17 coverage levels.
    static let samplesPerSide = 4
    /// The farthest a sample point lies from its pixel centre: 0.375 · √2, rounded up.
    /// A field value beyond this at the centre decides every sample at once.
    static let sampleReach = 0.5304
    /// The farthest a sample lies from the centre of its 2×2 quadrant: 0.125 · √2, rounded up.
    static let quadrantReach = 0.1768

    public init(camera: Camera, background: RGB = .white) {
        self.camera = camera
        self.background = background
    }

    /// A new frame of the camera's size with `commands` drawn in order over the background.
    public func render(_ commands: [DrawCommand]) -> Image {
        var image = Image(validWidth: camera.width, height: camera.height, background: background)
        draw(commands, into: &image)
        return image
    }

    /// Draws `commands` in order over an existing image (which should match the camera).
    public func draw(_ commands: [DrawCommand], into image: inout Image) {
        for command in commands {
            draw(command, into: &image)
        }
    }

    // MARK: Commands

    private func draw(_ command: DrawCommand, into image: inout Image) {
        let scale = camera.pixelsPerUnit
        switch command {
        case let .circle(center, radius, color, orientation):
            let c = camera.pixelPosition(of: center)
            let r = radius * scale
            guard c.x.isFinite, c.y.isFinite, r.isFinite, r > 0 else { return }
            fill(DiscShape(cx: c.x, cy: c.y, radius: r), color: color, opacity: 1, into: &image)
            if let angle = orientation, angle.isFinite {
                // Image y points down, so a counter-clockwise world angle has -sin in y.
                let tip = Vec2(c.x + r * _cos(angle), c.y - r * _sin(angle))
                let halfWidth = max(0.5, r * 0.08)
                fill(CapsuleShape(from: c, to: tip, halfWidth: halfWidth),
                     color: Rasterizer.markColor(on: color), opacity: 1, into: &image)
            }

        case let .ring(center, radius, width, color):
            let c = camera.pixelPosition(of: center)
            let r = radius * scale, halfWidth = width * scale * 0.5
            guard c.x.isFinite, c.y.isFinite, r.isFinite, r >= 0, halfWidth.isFinite, halfWidth > 0 else { return }
            fill(StrokeShape(inner: DiscShape(cx: c.x, cy: c.y, radius: r), halfWidth: halfWidth),
                 color: color, opacity: 1, into: &image)

        case let .polygon(points, color):
            guard let shape = ConvexShape(points: points.map { camera.pixelPosition(of: $0) }) else { return }
            fill(shape, color: color, opacity: 1, into: &image)

        case let .segment(from, to, width, color):
            let a = camera.pixelPosition(of: from), b = camera.pixelPosition(of: to)
            let halfWidth = width * scale * 0.5
            guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite,
                  halfWidth.isFinite, halfWidth > 0 else { return }
            fill(CapsuleShape(from: a, to: b, halfWidth: halfWidth), color: color, opacity: 1, into: &image)

        case let .rectangle(minCorner, maxCorner, color, opacity, outline):
            let p = camera.pixelPosition(of: minCorner), q = camera.pixelPosition(of: maxCorner)
            guard p.x.isFinite, p.y.isFinite, q.x.isFinite, q.y.isFinite,
                  opacity.isFinite, opacity > 0 else { return }
            let box = AlignedBoxShape(
                cx: (p.x + q.x) * 0.5, cy: (p.y + q.y) * 0.5,
                halfWidth: abs(q.x - p.x) * 0.5, halfHeight: abs(q.y - p.y) * 0.5)
            let alpha = min(opacity, 1)
            if let border = outline {
                let halfWidth = border * scale * 0.5
                guard halfWidth.isFinite, halfWidth > 0 else { return }
                fill(StrokeShape(inner: box, halfWidth: halfWidth), color: color, opacity: alpha, into: &image)
            } else {
                guard box.halfWidth > 0, box.halfHeight > 0 else { return }
                fill(box, color: color, opacity: alpha, into: &image)
            }

        case let .text(text, placement, color, textScale):
            switch placement {
            case let .image(x, y):
                BitmapFont.draw(text, x: x, y: y, color: color, scale: textScale, into: &image)
            case let .world(point):
                let p = camera.pixelPosition(of: point)
                guard let x = Rasterizer.clampedInt(p.x), let y = Rasterizer.clampedInt(p.y) else { return }
                BitmapFont.draw(text, x: x, y: y, color: color, scale: textScale, into: &image)
            }
        }
    }

    /// A colour that stands out on `fill`: dark on light fills, light on dark ones.
    static func markColor(on fill: RGB) -> RGB {
        fill.luminance > 0.45 ? fill.mixed(with: .black, amount: 0.7) : fill.mixed(with: .white, amount: 0.7)
    }

    /// A pixel-space coordinate as Int, or nil if it is not finite; clamped far outside any
    /// image so the conversion cannot trap.
    static func clampedInt(_ v: Double) -> Int? {
        guard v.isFinite else { return nil }
        let limit = Double(Image.maximumSide * 4)
        return Int(min(max(v.rounded(.down), -limit), limit))
    }

    // MARK: Coverage

    /// Blends `color` over every pixel the shape touches, weighted by its coverage.
    private func fill<S: CoverageShape>(_ shape: S, color: RGB, opacity: Double, into image: inout Image) {
        let b = shape.bounds
        guard b.minX.isFinite, b.minY.isFinite, b.maxX.isFinite, b.maxY.isFinite else { return }
        // Pixel (i, j) has its centre at (i + 0.5, j + 0.5) and samples within 0.375 of it,
        // so only pixels whose sample span meets the bounds can be touched.
        let x0 = max(0, Rasterizer.clampedInt(b.minX - 0.5) ?? 0)
        let y0 = max(0, Rasterizer.clampedInt(b.minY - 0.5) ?? 0)
        let x1 = min(image.width - 1, Rasterizer.clampedInt(b.maxX + 0.5) ?? -1)
        let y1 = min(image.height - 1, Rasterizer.clampedInt(b.maxY + 0.5) ?? -1)
        guard x0 <= x1, y0 <= y1 else { return }

        let reach = Rasterizer.sampleReach
        let width = image.width
        image.withUnsafeMutablePixels { pixels in
            for y in y0...y1 {
                let cy = Double(y) + 0.5
                var x = x0
                while x <= x1 {
                    let d = shape.field(Double(x) + 0.5, cy)
                    // The field changes by at most one per pixel, so a value well beyond the
                    // sample reach also decides the next pixels along the row: skip or fill
                    // them as a run without evaluating the field again.
                    if d > reach {
                        x += Rasterizer.runLength(d - reach, limit: x1 - x + 1)
                        continue
                    }
                    if d < -reach {
                        let run = Rasterizer.runLength(-d - reach, limit: x1 - x + 1)
                        Rasterizer.blend(pixels, from: (y * width + x) * 3, count: run, color: color, amount: opacity)
                        x += run
                        continue
                    }
                    let coverage = Rasterizer.supersampledCoverage(shape, x: x, y: y)
                    if coverage > 0 {
                        Rasterizer.blend(pixels, from: (y * width + x) * 3, count: 1, color: color,
                                         amount: coverage * opacity)
                    }
                    x += 1
                }
            }
        }
    }

    /// Pixels decided by a field margin `m` > 0: those within distance < m of the current
    /// centre, i.e. ceil(m), at least 1 and at most `limit`.
    @inline(__always)
    static func runLength(_ margin: Double, limit: Int) -> Int {
        let m = margin.rounded(.up)
        return m >= Double(limit) ? limit : max(1, Int(m))
    }

    /// The fraction of a pixel's 4×4 sample grid inside the shape.
    ///
    /// Hierarchical: each 2×2 quadrant is first decided from the field at its centre (its
    /// four samples lie within `quadrantReach`), so a straight edge usually costs about ten
    /// field evaluations instead of sixteen, with exactly the same result.
    @inline(__always)
    static func supersampledCoverage<S: CoverageShape>(_ shape: S, x: Int, y: Int) -> Double {
        let n = samplesPerSide
        let step = 1.0 / Double(n)
        let ox = Double(x), oy = Double(y)
        var inside = 0
        for qy in 0..<2 {
            for qx in 0..<2 {
                let d = shape.field(ox + (Double(qx) + 0.5) * 0.5, oy + (Double(qy) + 0.5) * 0.5)
                if d > quadrantReach { continue }
                if d < -quadrantReach { inside += 4; continue }
                for sy in (2 * qy)..<(2 * qy + 2) {
                    let py = oy + (Double(sy) + 0.5) * step
                    for sx in (2 * qx)..<(2 * qx + 2) where shape.field(ox + (Double(sx) + 0.5) * step, py) <= 0 {
                        inside += 1
                    }
                }
            }
        }
        return Double(inside) / Double(n * n)
    }

    /// Blends `color` at `amount` over `count` pixels starting at byte `start`; the
    /// caller guarantees the run lies inside one image row.
    @inline(__always)
    static func blend(_ pixels: UnsafeMutableBufferPointer<UInt8>, from start: Int, count: Int,
                      color: RGB, amount: Double) {
        var i = start
        let end = start + count * 3
        guard start >= 0, end <= pixels.count else { return }
        if amount >= 1 {
            while i < end {
                pixels[i] = color.r; pixels[i + 1] = color.g; pixels[i + 2] = color.b
                i += 3
            }
            return
        }
        while i < end {
            pixels[i] = RGB.mixChannel(pixels[i], color.r, amount)
            pixels[i + 1] = RGB.mixChannel(pixels[i + 1], color.g, amount)
            pixels[i + 2] = RGB.mixChannel(pixels[i + 2], color.b, amount)
            i += 3
        }
    }
}
