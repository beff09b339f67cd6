@testable import WorldKit

// MARK: - Unusual scenes shared by the robustness tests

/// Boxes, static bodies, no ground, a moving camera, bodies hidden from the start or
/// far off screen, an empty world. The fifth scene confines the moving ball `a`; each
/// robustness suite chooses how (bounds only, or bounds and a wall).
func unusualScenes(confining: (BodySpec) -> Scene) -> [Scene] {
    var box = BodySpec.box("b", at: Vec2(0, 3), size: Vec2(1, 0.5), angle: 0.3)
    box.velocity = Vec2(1, 0)
    box.spin = 2
    var pillar = BodySpec.box("p", at: Vec2(2, 1), size: Vec2(0.5, 2))
    pillar.isStatic = true
    var ball = BodySpec.ball("a", at: Vec2(-2, 0.5), radius: 0.5)
    ball.velocity = Vec2(4, 0)
    var hiddenBall = BodySpec.ball("h", at: Vec2(5, 0.5), radius: 0.4)
    hiddenBall.velocity = Vec2(-1, 0)
    var far = BodySpec.ball("f", at: Vec2(40, 5), radius: 0.4)
    far.velocity = Vec2(-3, 0)
    let screen = Occluder(name: "screen", center: Vec2(5, 1), size: Vec2(2, 3))
    return [
        Scene(name: "boxes", bodies: [box, pillar, ball], ground: Ground(height: 0)),
        Scene(name: "hidden", bodies: [ball, hiddenBall], ground: Ground(height: 0), occluders: [screen]),
        Scene(name: "offscreen", bodies: [ball, far], ground: Ground(height: 0),
              camera: CameraSpec(motion: .velocity(Vec2(2, 0)))),
        Scene(name: "free", bodies: [box]),
        confining(ball),
        Scene(name: "empty", ground: Ground(height: 0)),
    ]
}
