/// How the camera moves over time.
public enum CameraMotion: Hashable, Sendable, Codable {
    case fixed
    /// The centre moves at a constant velocity (world units per second).
    case velocity(Vec2)
    /// The centre follows keyframes `(time, center)`, linearly interpolated and
    /// held constant before the first and after the last. Times need not be sorted.
    case keyframes([CameraKeyframe])
}

/// One camera keyframe: where the centre is at a given time in seconds.
public struct CameraKeyframe: Hashable, Sendable, Codable {
    public var time: Double
    public var center: Vec2

    public init(time: Double, center: Vec2) {
        self.time = time
        self.center = center
    }
}

/// An orthographic camera: what part of the world a frame shows.
public struct CameraSpec: Hashable, Sendable, Codable {
    public var center: Vec2
    /// Width and height of the view in world units.
    public var size: Vec2
    public var pixelsPerUnit: Double
    public var motion: CameraMotion

    public init(
        center: Vec2 = PhysicsDefaults.cameraCenter, size: Vec2 = PhysicsDefaults.cameraSize,
        pixelsPerUnit: Double = PhysicsDefaults.pixelsPerUnit, motion: CameraMotion = .fixed
    ) {
        self.center = center
        self.size = size
        self.pixelsPerUnit = pixelsPerUnit
        self.motion = motion
    }

    /// The centre of the view at `time` seconds.
    public func center(at time: Double) -> Vec2 {
        switch motion {
        case .fixed:
            return center
        case .velocity(let v):
            return center + v * time
        case .keyframes(let frames):
            let sorted = frames.sorted { $0.time < $1.time }
            guard let first = sorted.first, let last = sorted.last else { return center }
            if time <= first.time { return first.center }
            if time >= last.time { return last.center }
            for i in 1..<sorted.count where time <= sorted[i].time {
                let a = sorted[i - 1], b = sorted[i]
                let span = b.time - a.time
                let u = span > 0 ? (time - a.time) / span : 1
                return a.center + (b.center - a.center) * u
            }
            return last.center
        }
    }

    /// The rectangle of world space in view at `time`.
    public func view(at time: Double) -> AxisRect {
        AxisRect(center: center(at: time), size: size)
    }
}
