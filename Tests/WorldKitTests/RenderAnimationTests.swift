import Testing
@testable import WorldKit

// MARK: - RolloutAnimation

private func rollout(dt: Double, steps: Int) throws -> Rollout {
    let scene = Scene(name: "drop", bodies: [.ball("a", at: Vec2(0, 2), radius: 0.5)], ground: Ground(height: 0), dt: dt,
                      camera: CameraSpec(center: Vec2(0, 2), size: Vec2(8, 6), pixelsPerUnit: 4))
    return try Simulator.rollout(scene, steps: steps)
}

/// Frame count (acTL) and the first frame's delay in milliseconds (fcTL).
private func framesAndDelay(_ apng: [UInt8]) throws -> (frames: Int, delayMs: Int) {
    let chunks = try PNGChunk.parse(apng)
    let actl = try #require(chunks.first { $0.type == "acTL" })
    let control = try #require(chunks.first { $0.type == "fcTL" })
    #expect(control.data.readBigEndian16(at: 22) == 1000)
    return (Int(actl.data.readBigEndian(at: 0)), Int(control.data.readBigEndian16(at: 20)))
}

@Test func strideAimsAtThirtyFramesASecondWithinBounds() {
    #expect(RolloutAnimation.stride(dt: 1.0 / 60, steps: 100, maximumFrames: nil) == 2)
    #expect(RolloutAnimation.stride(dt: 1.0 / 240, steps: 100, maximumFrames: nil) == 8)
    #expect(RolloutAnimation.stride(dt: 1, steps: 100, maximumFrames: nil) == 1)
    #expect(RolloutAnimation.stride(dt: 1e-300, steps: 100, maximumFrames: nil) == RolloutAnimation.maximumStride)
    #expect(RolloutAnimation.stride(dt: 1e-9, steps: 100, maximumFrames: nil) == RolloutAnimation.maximumStride)
    // A cap widens the stride: 1,200 steps at 2 per frame would be 600 frames.
    #expect(RolloutAnimation.stride(dt: 1.0 / 60, steps: 1_200, maximumFrames: 90) == 14)
}

@Test func frameStepsEndOnTheFinalStateOnlyWhenAsked() {
    #expect(RolloutAnimation.frameSteps(steps: 10, stride: 4, endsOnFinalState: false) == [0, 4, 8])
    #expect(RolloutAnimation.frameSteps(steps: 10, stride: 4, endsOnFinalState: true) == [0, 4, 8, 9])
    #expect(RolloutAnimation.frameSteps(steps: 9, stride: 4, endsOnFinalState: true) == [0, 4, 8])
    #expect(RolloutAnimation.frameSteps(steps: 1, stride: 4, endsOnFinalState: true) == [0])
    #expect(RolloutAnimation.frameSteps(steps: 0, stride: 4, endsOnFinalState: true) == [0])
}

@Test func delayIsTheTimeAFrameCoversClampedToWhatAPNGStores() {
    #expect(RolloutAnimation.delay(dt: 1.0 / 60, stride: 2).numerator == 33)
    #expect(RolloutAnimation.delay(dt: 1, stride: 1).numerator == 1000)
    #expect(RolloutAnimation.delay(dt: 1e-300, stride: RolloutAnimation.maximumStride).numerator == 1)
    #expect(RolloutAnimation.delay(dt: 1, stride: 100_000).numerator == UInt16.max)
}

/// `save(r, "x.png")` once trapped in `Int(_:)` for a tiny step; every step a scene
/// allows now encodes.
@Test(arguments: [1e-300, 1e-9, 1.0 / 60, 1])
func extremeStepsEncode(dt: Double) throws {
    let r = try rollout(dt: dt, steps: 40)
    let saved = try framesAndDelay(try RolloutAnimation.encode([("", r)], endsOnFinalState: true))
    let shown = try framesAndDelay(try RolloutAnimation.encode([("", r)], maximumFrames: 90, endsOnFinalState: false))
    switch dt {
    case 1: #expect(saved == (41, 1000) && shown == (41, 1000))
    case 1.0 / 60: #expect(saved == (21, 33) && shown == (21, 33))
    default: #expect(saved == (2, 1) && shown == (1, 1))   // the first state, and the last when saved
    }
}

@Test func pairedRolloutsHoldTheShorterOnesLastFrame() throws {
    let long = try rollout(dt: 1.0 / 30, steps: 20), short = try rollout(dt: 1.0 / 30, steps: 5)
    let apng = try RolloutAnimation.encode([("long", long), ("short", short)], endsOnFinalState: true)
    #expect(try framesAndDelay(apng) == (21, 33))
    let single = try PNGDecoder.decode(try RolloutAnimation.encode([("", long)], endsOnFinalState: true))
    #expect(try PNGDecoder.decode(apng).width > 2 * single.width)
}

// MARK: - Long rollouts

/// A rollout of `steps` steps made by replaying a short simulated one (the pictures only
/// need to change), with a tiny camera so thousands of frames draw quickly.
private func longRollout(steps: Int, dt: Double = 1.0 / 60) throws -> Rollout {
    let scene = Scene(name: "long", bodies: [.ball("a", at: Vec2(0, 2), radius: 0.5)], ground: Ground(height: 0), dt: dt,
                      camera: CameraSpec(center: Vec2(0, 2), size: Vec2(8, 6), pixelsPerUnit: 1))
    let loop = try Simulator.rollout(scene, steps: 59).states
    let states = (0...steps).map { k -> WorldState in
        var s = loop[k % loop.count]
        s.step = k
        s.time = Double(k) * dt
        return s
    }
    return Rollout(scene: scene, seed: 0, states: states, events: [], noise: NoiseRecord())
}

@Test func longRolloutsAreSampledToTheFrameLimit() throws {
    // 130,000 steps at 2 a frame were 65,001 frames, all held in memory; the limit widens
    // the stride to 66 steps (1.1 s a frame): 1,970 strided frames plus the final state.
    let r = try longRollout(steps: 130_000)
    let saved = try framesAndDelay(try RolloutAnimation.encode([("", r)], endsOnFinalState: true))
    #expect(saved.frames == 1_971 && saved.frames <= RolloutAnimation.frameLimit)
    #expect(saved.delayMs == 1_100)
    // The notebook's own, smaller cap still rules.
    #expect(try framesAndDelay(try RolloutAnimation.encode([("", r)], maximumFrames: 90, endsOnFinalState: false)).frames == 90)
    // Exactly at the limit: 1,999 strided frames and the final state.
    let edge = try longRollout(steps: 2 * 1_999 - 1)  // 3,998 states, 2 steps a frame
    #expect(try framesAndDelay(try RolloutAnimation.encode([("", edge)], endsOnFinalState: true)).frames == 2_000)
}

@Test func theWriterStreamsTheSameBytesAsTheEncoder() throws {
    let r = try rollout(dt: 1.0 / 30, steps: 12)
    let frames = try r.states.map { try WorldDrawing.render(scene: r.scene, state: $0) }
    let encoder = APNGEncoder(delay: FrameDelay(framesPerSecond: 30))
    var writer = APNGWriter(encoder: encoder, frameCount: frames.count)
    for frame in frames { try writer.append(frame) }
    #expect(try writer.finish() == encoder.encode(frames))

    var short = APNGWriter(encoder: encoder, frameCount: 3)
    try short.append(frames[0])
    #expect(throws: RenderError.frameCountMismatch(declared: 3, found: 1)) { try short.finish() }
    var over = APNGWriter(encoder: encoder, frameCount: 1)
    try over.append(frames[0])
    #expect(throws: RenderError.frameCountMismatch(declared: 1, found: 2)) { try over.append(frames[1]) }
    var mixed = APNGWriter(encoder: encoder, frameCount: 2)
    try mixed.append(frames[0])
    #expect(throws: RenderError.frameSizeMismatch(index: 1)) { try mixed.append(try Image(width: 3, height: 3)) }
    var none = APNGWriter(encoder: encoder, frameCount: 0)
    #expect(throws: RenderError.noFrames) { try none.finish() }
}
