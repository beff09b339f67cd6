// MARK: - DrawCommand

/// One thing to draw, in world coordinates (y up) unless stated otherwise.
///
/// A frame is a list of commands drawn in order, later ones over earlier ones. The renderer
/// knows nothing of scenes or states: an adapter turns a world state into this list.
public enum DrawCommand: Hashable, Sendable {
    /// A filled disc. When `orientation` (radians, counter-clockwise from +x) is given, a
    /// line from the centre to the rim in that direction makes rotation visible.
    case circle(center: Vec2, radius: Double, color: RGB, orientation: Double? = nil)
    /// A circle outline `width` world units thick, centred on the rim: a predicted or
    /// ghost position drawn over the true frame without hiding it.
    case ring(center: Vec2, radius: Double, width: Double, color: RGB)
    /// A filled convex polygon (either winding). A non-convex list draws its convex hull;
    /// fewer than three distinct points draw nothing.
    case polygon(points: [Vec2], color: RGB)
    /// A thick line segment with round caps, `width` world units across (walls, ground).
    case segment(from: Vec2, to: Vec2, width: Double, color: RGB)
    /// An axis-aligned rectangle between two corners. `opacity` in [0, 1] blends it over
    /// what is below (occluders are opaque by default). With `outline` set, only a border
    /// of that many world units is drawn, centred on the rectangle's edge (regions).
    case rectangle(min: Vec2, max: Vec2, color: RGB, opacity: Double = 1, outline: Double? = nil)
    /// Text in the built-in 5×7 bitmap font, `scale` image pixels per font pixel, with its
    /// top-left corner at `position` (see `TextPlacement`). Not antialiased.
    case text(String, at: TextPlacement, color: RGB = .black, scale: Int = 1)

    /// A filled box of `size` (width, height) centred at `center`, rotated by `angle`
    /// radians counter-clockwise: a polygon with the four rotated corners.
    public static func box(center: Vec2, size: Vec2, angle: Double = 0, color: RGB) -> DrawCommand {
        let half = size * 0.5
        let corners = [Vec2(-half.x, -half.y), Vec2(half.x, -half.y), Vec2(half.x, half.y), Vec2(-half.x, half.y)]
        return .polygon(points: corners.map { center + $0.rotated(by: angle) }, color: color)
    }

    /// A trajectory through `points` as round-capped segments of `width` world units (the
    /// path a body took, factual against counterfactual). Fewer than two points draw nothing.
    public static func path(_ points: [Vec2], width: Double, color: RGB) -> [DrawCommand] {
        guard points.count >= 2 else { return [] }
        return (1..<points.count).map { .segment(from: points[$0 - 1], to: points[$0], width: width, color: color) }
    }
}

// MARK: - TextPlacement

/// Where a text label's top-left corner goes.
public enum TextPlacement: Hashable, Sendable {
    /// An image pixel (column, row from the top): for time stamps and captions.
    case image(x: Int, y: Int)
    /// A world point, converted through the camera and rounded: for labels near bodies.
    case world(Vec2)
}
