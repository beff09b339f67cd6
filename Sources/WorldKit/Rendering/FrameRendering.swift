// MARK: - Frames at a fixed size (what pixel models see and give)
//
// Pixel models are shown frames of a fixed size (64×64 by default) and some give
// frames back. Both sides of that exchange render the same way: the scene's camera,
// scaled so its whole view fits the frame and letterboxed on the other axis, so
// circles stay round at any size. Pixel metrics compare a model's own frames, when it
// gives them, with the truth rendered here at the same size.

/// The width and height of the frames a pixel model takes or gives.
public struct FrameSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    /// The size used when nobody asks for another: 64×64.
    public static let standard = FrameSize(width: 64, height: 64)
    /// Sides accepted for frames exchanged with a model.
    public static let sides = 8...512

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Bytes of one RGB8 frame of this size.
    public var byteCount: Int { width * height * 3 }
    public var description: String { "\(width)×\(height)" }
}

/// Rendering a state at a given frame size.
public enum FrameRendering {
    /// The scene's camera at `time`, zoomed so its view fits `size` exactly (the shorter
    /// side of the fit shows a little more of the world).
    public static func camera(scene: Scene, time: Double, size: FrameSize) throws -> Camera {
        let spec = scene.camera
        let scale = min(Double(size.width) / spec.size.x, Double(size.height) / spec.size.y)
        guard scale.isFinite, scale > 0 else {
            throw RenderError.invalidCamera("the camera of \"\(scene.name)\" cannot be fitted to a \(size) frame")
        }
        return try Camera(center: spec.center(at: time),
                          size: Vec2(Double(size.width) / scale, Double(size.height) / scale), pixelsPerUnit: scale)
    }

    /// What the camera shows of `state`, `size` pixels, without the time stamp.
    public static func render(scene: Scene, state: WorldState, size: FrameSize) throws -> Image {
        guard FrameSize.sides.contains(size.width), FrameSize.sides.contains(size.height) else {
            throw RenderError.invalidImageSize(width: size.width, height: size.height)
        }
        let camera = try camera(scene: scene, time: state.time, size: size)
        let image = Rasterizer(camera: camera, background: WorldDrawing.background)
            .render(WorldDrawing.commands(scene: scene, state: state, camera: camera, timeStamp: false))
        guard image.width == size.width, image.height == size.height else {
            // Rounding in the camera can miss by a pixel; crop or pad to the promised size.
            var out = try Image(width: size.width, height: size.height, background: WorldDrawing.background)
            out.paste(image, x: 0, y: 0)
            return out
        }
        return image
    }
}

extension RolloutFrames {
    /// The frame of state `index` as an image.
    public func image(_ index: Int) throws -> Image {
        try Image(width: width, height: height, pixels: pixels[index])
    }
}
