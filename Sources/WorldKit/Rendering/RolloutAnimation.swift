// MARK: - Rollout animation

/// Rollouts as an animated PNG: about 30 frames per simulated second, each frame shown
/// for the simulated time it covers; several rollouts play side by side, captioned, and
/// one that ends early holds its last frame. `save(r, "x.png")` and the notebook both
/// draw through here. The arithmetic is clamped, so any step the scene allows, however
/// odd (1e-300 s, 1 s), gives a file rather than a trap in `Int(_:)`.
///
/// Frames are encoded as they are drawn (`APNGWriter`): one frame is in memory at a
/// time, whatever the rollout's length. An animation has at most `frameLimit` frames;
/// a longer rollout is sampled every k-th step (k as small as fits), each frame shown
/// for the k steps it covers, so it still plays in simulated time.
public enum RolloutAnimation {
    /// Frames per simulated second aimed at.
    public static let framesPerSecond = 30.0
    /// The most steps one frame may cover; keeps a tiny `dt`'s stride representable.
    public static let maximumStride = 1_000_000
    /// The most frames one animation holds (final state included): about 67 s at 30
    /// frames a second, a few MB of APNG for a typical scene.
    public static let frameLimit = 2_000

    /// The animated PNG of `panels` played together. `maximumFrames` caps the frame count
    /// by widening the stride (nil: every frame at the target rate, up to `frameLimit`);
    /// `endsOnFinalState` adds the last state when it falls between two frames.
    public static func encode(_ panels: [(caption: String, rollout: Rollout)], maximumFrames: Int? = nil,
                              endsOnFinalState: Bool) throws -> [UInt8] {
        let steps = panels.map(\.rollout.states.count).max() ?? 0
        let dt = panels.first?.rollout.scene.dt ?? 1 / framesPerSecond
        // The final state may add a frame after the strided ones: leave room for it.
        let cap = min(maximumFrames ?? frameLimit, endsOnFinalState ? frameLimit - 1 : frameLimit)
        let every = stride(dt: dt, steps: steps, maximumFrames: cap)
        let captions = panels.count > 1 ? panels.map(\.caption) : []
        let encoder = APNGEncoder(delay: delay(dt: dt, stride: every))
        let drawn = panels.filter { !$0.rollout.states.isEmpty }
        guard !drawn.isEmpty else {
            return try encoder.encode([try Image(width: 16, height: 16)])
        }
        let indices = frameSteps(steps: steps, stride: every, endsOnFinalState: endsOnFinalState)
        var writer = APNGWriter(encoder: encoder, frameCount: indices.count)
        // A model's own frames are shown as they are; beside them, every other panel is drawn
        // at the same size, so a pixel model and the truth are compared like for like.
        let frameSize = drawn.lazy.compactMap(\.rollout.frames).first
            .map { FrameSize(width: $0.width, height: $0.height) }
        for i in indices {
            var images: [Image] = []
            for panel in drawn {
                let states = panel.rollout.states
                let state = states[min(i, states.count - 1)]
                if let frames = panel.rollout.frames, frames.count > 0 {
                    images.append(try frames.image(min(i, frames.count - 1)))
                } else if let size = frameSize {
                    images.append(try FrameRendering.render(scene: panel.rollout.scene, state: state, size: size))
                } else {
                    images.append(try WorldDrawing.render(scene: panel.rollout.scene, state: state))
                }
            }
            try writer.append(images.count == 1 && captions.isEmpty ? images[0] : try Image.sideBySide(images, captions: captions))
        }
        return try writer.finish()
    }

    /// Steps between frames: `1 / framesPerSecond / dt` rounded, within 1...`maximumStride`,
    /// widened so that `steps` states give at most `maximumFrames` frames.
    static func stride(dt: Double, steps: Int, maximumFrames: Int?) -> Int {
        let perFrame = 1 / framesPerSecond / dt
        // Clamped as a double first: an odd `dt` must not trap in `Int(_:)`.
        var stride = perFrame.isFinite ? Int(min(max(perFrame.rounded(), 1), Double(maximumStride))) : 1
        if let maximumFrames, maximumFrames > 0 {
            stride = max(stride, (steps + maximumFrames - 1) / maximumFrames)
        }
        return stride
    }

    /// The state indices drawn: every `stride`-th from 0, and the last one when asked.
    static func frameSteps(steps: Int, stride: Int, endsOnFinalState: Bool) -> [Int] {
        var indices = Array(Swift.stride(from: 0, to: max(steps, 1), by: stride))
        if endsOnFinalState, steps > 1, (steps - 1) % stride != 0 { indices.append(steps - 1) }
        return indices
    }

    /// How long a frame shows: the simulated time it covers, in whole milliseconds within
    /// what APNG can store (1...65535).
    static func delay(dt: Double, stride: Int) -> FrameDelay {
        let milliseconds = (Double(stride) * dt * 1000).rounded()
        let clamped = milliseconds.isFinite ? UInt16(min(max(milliseconds, 1), Double(UInt16.max)))
                                            : UInt16((1000 / framesPerSecond).rounded())
        return FrameDelay(numerator: clamped, denominator: 1000)
    }
}
