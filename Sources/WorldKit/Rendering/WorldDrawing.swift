/// Turns a scene and one of its states into draw commands and pictures.
///
/// This is the one place that knows both the world's types and the renderer's:
/// the rasterizer draws primitives, the simulator knows nothing about pixels.
public enum WorldDrawing {
    /// The background of every frame.
    public static let background = RGB(250, 250, 247)
    /// Ground and walls.
    static let groundColor = RGB(70, 70, 70)

    /// The camera that looks at `scene` at `time` seconds.
    public static func camera(for scene: Scene, at time: Double) throws -> Camera {
        try Camera(center: scene.camera.center(at: time), size: scene.camera.size,
                   pixelsPerUnit: scene.camera.pixelsPerUnit)
    }

    /// Draw commands for a state: static geometry, bodies, then occluders over them,
    /// then a time stamp. Regions are invisible and not drawn.
    public static func commands(scene: Scene, state: WorldState, camera: Camera, timeStamp: Bool = true) -> [DrawCommand] {
        var out: [DrawCommand] = []
        if let ground = scene.ground {
            // The ground is a half-plane: fill from its height down past the view's bottom.
            let view = AxisRect(center: camera.center, size: camera.size)
            out.append(.rectangle(min: Vec2(view.minX - 1, min(ground.height, view.minY) - 1),
                                  max: Vec2(view.maxX + 1, ground.height), color: groundColor))
        }
        for wall in scene.walls {
            out.append(.segment(from: wall.from, to: wall.to, width: wall.thickness, color: rgb(wall.color)))
        }
        if let bounds = scene.bounds {
            for wall in bounds.walls {
                out.append(.segment(from: wall.from, to: wall.to, width: wall.thickness, color: groundColor))
            }
        }
        for body in state.bodies {
            switch body.kind {
            case .ball:
                out.append(.circle(center: body.position, radius: body.radius, color: rgb(body.color),
                                   orientation: body.angle))
            case .box:
                out.append(.box(center: body.position, size: body.size, angle: body.angle, color: rgb(body.color)))
            }
        }
        for occluder in scene.occluders {
            out.append(.rectangle(min: Vec2(occluder.rect.minX, occluder.rect.minY),
                                  max: Vec2(occluder.rect.maxX, occluder.rect.maxY), color: rgb(occluder.color)))
        }
        if timeStamp {
            out.append(.text("t=\(formatTime(state.time))", at: .image(x: 2, y: 2), color: RGB(90, 90, 90), scale: 1))
        }
        return out
    }

    /// The frame the scene's camera sees for `state`.
    public static func render(scene: Scene, state: WorldState, timeStamp: Bool = true) throws -> Image {
        let camera = try camera(for: scene, at: state.time)
        return Rasterizer(camera: camera, background: background)
            .render(commands(scene: scene, state: state, camera: camera, timeStamp: timeStamp))
    }

    static func rgb(_ c: Color) -> RGB { RGB(c.r, c.g, c.b) }

    /// Seconds with two decimals, without Foundation's locale-dependent formatting.
    static func formatTime(_ t: Double) -> String {
        guard t.isFinite else { return "?" }
        let hundredths = Int((abs(t) * 100).rounded())
        let sign = t < 0 ? "-" : ""
        let frac = hundredths % 100
        return "\(sign)\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
