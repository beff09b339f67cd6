import Testing
@testable import WorldKit

// One test per event kind, plus ordering.

@Test func contactBeginAndEndAreReportedWithPointAndImpulse() throws {
    var a = BodySpec.ball("a", at: Vec2(0, 0), radius: 0.5)
    a.velocity = Vec2(2, 0)
    a.restitution = 1
    let scene = Scene(name: "c", bodies: [a, .ball("b", at: Vec2(3, 0), radius: 0.5)], gravity: .zero)
    let r = try Simulator.rollout(scene, steps: 120)
    let begin = try #require(r.first(EventPattern(.contactBegin, "a", "b")))
    let end = try #require(r.first(EventPattern(.contactEnd, "b", "a")))
    #expect(begin.step < end.step)
    #expect(begin.impulse > 0)
    let p = try #require(begin.point)
    #expect(abs(p.y) < 1e-9 && p.x > 0.5 && p.x < 2.5)
    #expect(r.events(matching: EventPattern(.contactBegin)).count == 1)
}

@Test func occlusionBeginsAndEndsBehindAnOccluder() throws {
    var a = BodySpec.ball("a", at: Vec2(0, 1), radius: 0.4)
    a.velocity = Vec2(3, 0)
    let scene = Scene(name: "o", bodies: [a], occluders: [Occluder(name: "screen", center: Vec2(4, 1), size: Vec2(2, 3))],
                      gravity: .zero)
    let r = try Simulator.rollout(scene, steps: 150)
    let hidden = try #require(r.first(EventPattern(.occlusionBegin, "a", "screen")))
    let shown = try #require(r.first(EventPattern(.occlusionEnd, "a", "screen")))
    #expect(hidden.step < shown.step)
    // Fully hidden once the ball's left edge passes x = 3: x = 3.4 at t = 3.4 / 3 s.
    #expect(abs(Double(hidden.step) * scene.dt - 3.4 / 3) <= scene.dt)
    #expect(r.state(at: hidden.step)?["a"]?.visible == false)
    #expect(r.state(at: shown.step)?["a"]?.visible == true)
}

@Test func regionEnterAndExitFollowTheCentre() throws {
    var a = BodySpec.ball("a", at: Vec2(0, 0), radius: 0.2)
    a.velocity = Vec2(2, 0)
    let scene = Scene(name: "r", bodies: [a], regions: [Region(name: "goal", center: Vec2(3, 0), size: Vec2(1, 1))],
                      gravity: .zero)
    let r = try Simulator.rollout(scene, steps: 150)
    let enter = try #require(r.first(EventPattern(.regionEnter, "a", "goal")))
    let exit = try #require(r.first(EventPattern(.regionExit, "a", "goal")))
    #expect(abs(Double(enter.step) * scene.dt - 1.25) <= scene.dt)
    #expect(abs(Double(exit.step) * scene.dt - 1.75) <= scene.dt)
}

@Test func aMovingCameraMakesABodyLeaveAndReenterTheView() throws {
    let camera = CameraSpec(center: Vec2(0, 0), size: Vec2(4, 4), motion: .keyframes([
        CameraKeyframe(time: 0, center: Vec2(0, 0)),
        CameraKeyframe(time: 1, center: Vec2(10, 0)),
        CameraKeyframe(time: 2, center: Vec2(0, 0)),
    ]))
    var still = BodySpec.ball("a", at: Vec2(0, 0), radius: 0.5)
    still.isStatic = true
    let scene = Scene(name: "cam", bodies: [still], camera: camera)
    let r = try Simulator.rollout(scene, steps: 130)
    let exit = try #require(r.first(EventPattern(.exitView, "a")))
    let enter = try #require(r.first(EventPattern(.enterView, "a")))
    #expect(exit.step < enter.step)
    #expect(r.series("a", .visible).contains(0))
    #expect(r.final["a"]?.visible == true)
    #expect(camera.center(at: 0.5) == Vec2(5, 0))
    #expect(CameraSpec(center: .zero, motion: .velocity(Vec2(1, 0))).center(at: 2) == Vec2(2, 0))
}

@Test func aBodyThatStopsReportsRestOnce() throws {
    var b = BodySpec.box("b", at: Vec2(0, 0.5), size: Vec2(1, 1))
    b.velocity = Vec2(2, 0)
    let scene = Scene(name: "rest", bodies: [b], ground: Ground(height: 0))
    let r = try Simulator.rollout(scene, steps: 200)
    let rests = r.events(matching: EventPattern(.rest, "b"))
    #expect(rests.count == 1)
    let stop = try #require(rests.first)
    // Rest is reported restSteps after the speed falls below restSpeed.
    let speeds = r.series("b", .speed)
    let still = try #require(speeds.firstIndex { $0 < PhysicsDefaults.restSpeed })
    #expect(stop.step == still + PhysicsDefaults.restSteps - 1)
}

@Test func eventsComeInADeterministicOrder() throws {
    let a = try Simulator.rollout(busyScene(), steps: 150)
    let b = try Simulator.rollout(busyScene(), steps: 150)
    #expect(a.events == b.events)
    // Within a step: contacts first (ordered by pair), then per-body events.
    var lastStep = -1
    for e in a.events {
        #expect(e.step >= lastStep)
        lastStep = e.step
    }
    #expect(a.happened(EventPattern(.contactBegin, "ground")))
}
