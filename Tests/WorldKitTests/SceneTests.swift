import Testing
@testable import WorldKit

// Scene values: colours, derived mass, and every validation problem.

@Test func colorsParseNamesAndHex() {
    #expect(Color.parse("red") == Color(r: 220, g: 50, b: 47))
    #expect(Color.parse("Blue") != nil)
    for name in ["red", "blue", "green", "gray", "black", "white", "orange", "yellow", "purple", "cyan", "magenta",
                 "brown", "pink"] {
        #expect(Color.parse(name) != nil, "\(name)")
    }
    #expect(Color.parse("#ff8000") == Color(r: 255, g: 128, b: 0))
    #expect(Color.parse("#FF8000")?.hex == "#ff8000")
    #expect(Color.parse("#ff80") == nil)
    #expect(Color.parse("#gg0000") == nil)
    #expect(Color.parse("mauve") == nil)
}

@Test func massComesFromDensityTimesArea() {
    var b = BodySpec.box("b", at: .zero, size: Vec2(2, 3))
    #expect(b.resolvedMass == 6)
    b.density = 2
    #expect(b.resolvedMass == 12)
    b.mass = 5
    #expect(b.resolvedMass == 5)
    let ball = BodySpec.ball("c", at: .zero, radius: 1)
    #expect(abs(ball.resolvedMass - Double.pi) < 1e-12)
}

private func kinds(_ scene: Scene) -> [SceneProblem.Kind] { scene.validate().map(\.kind) }

@Test func aValidSceneHasNoProblems() throws {
    let scene = busyScene()
    #expect(scene.validate().isEmpty)
    _ = try scene.validated()
}

@Test func everyValidationProblemIsReportedWithItsBody() {
    var dup = Scene(name: "d", bodies: [.ball("a", at: .zero, radius: 1), .ball("a", at: Vec2(5, 0), radius: 1)])
    #expect(kinds(dup) == [.duplicateName])
    #expect(dup.validate().first?.subject == "a")
    dup.bodies[1].name = "ground"
    dup.ground = Ground(height: -10)
    #expect(kinds(dup) == [.duplicateName])

    let size = Scene(name: "s", bodies: [.ball("r", at: .zero, radius: 0), .box("q", at: Vec2(5, 0), size: Vec2(1, -1))])
    #expect(kinds(size) == [.nonPositiveSize, .nonPositiveSize])
    #expect(size.validate().map(\.subject) == ["r", "q"])

    var mass = BodySpec.ball("m", at: .zero, radius: 1)
    mass.mass = -1
    #expect(kinds(Scene(name: "m", bodies: [mass])) == [.negativeMass])
    var density = BodySpec.ball("d", at: .zero, radius: 1)
    density.density = -2
    #expect(kinds(Scene(name: "d", bodies: [density])) == [.negativeDensity])
    var zero = BodySpec.ball("z", at: .zero, radius: 1)
    zero.mass = 0
    #expect(kinds(Scene(name: "z", bodies: [zero])) == [.zeroMass])

    let overlap = Scene(name: "o", bodies: [.ball("a", at: .zero, radius: 1), .ball("b", at: Vec2(1.5, 0), radius: 1)])
    #expect(kinds(overlap) == [.overlap])
    #expect(overlap.validate().first.map { [$0.subject, $0.other] } == ["a", "b"])
    var allowed = overlap
    allowed.allowOverlap = true
    #expect(allowed.validate().isEmpty)

    let sunk = Scene(name: "g", bodies: [.ball("a", at: Vec2(0, 0.2), radius: 0.5)], ground: Ground(height: 0))
    #expect(kinds(sunk) == [.overlapsStatic])
    #expect(sunk.validate().first?.other == "ground")
    let walled = Scene(name: "w", bodies: [.box("b", at: Vec2(0, 0), size: Vec2(1, 1))],
                       walls: [WallSpec(name: "w", from: Vec2(0.2, -2), to: Vec2(0.2, 2))])
    #expect(kinds(walled) == [.overlapsStatic])
    let touching = Scene(name: "t", bodies: [.ball("a", at: Vec2(0, 0.5), radius: 0.5)], ground: Ground(height: 0))
    #expect(touching.validate().isEmpty)

    let nan = Scene(name: "n", bodies: [.ball("a", at: Vec2(.nan, 0), radius: 1)])
    #expect(kinds(nan) == [.nonFinite])
    let inf = Scene(name: "i", bodies: [.ball("a", at: .zero, radius: .infinity)])
    #expect(kinds(inf) == [.nonPositiveSize])

    let settings = Scene(name: "x", dt: 0, substeps: 0, iterations: 0)
    #expect(kinds(settings) == [.invalidSetting, .invalidSetting, .invalidSetting])
    let region = Scene(name: "x", regions: [Region(name: "r", center: .zero, size: Vec2(0, 1))])
    #expect(kinds(region) == [.nonPositiveSize])
}

@Test func theSimulatorRefusesAnInvalidScene() {
    let bad = Scene(name: "bad", bodies: [.ball("a", at: .zero, radius: -1)])
    #expect(throws: SceneError.self) { try Simulator(scene: bad) }
    #expect(throws: SceneError.self) { try bad.validated() }
}

@Test func boundsMakeFourWallsOutsideTheRectangle() throws {
    let walls = Bounds(Vec2(0, 0), Vec2(10, 5)).walls
    #expect(walls.map(\.name) == ["bounds.bottom", "bounds.top", "bounds.left", "bounds.right"])
    // A ball touching each inner face is valid (faces on the rectangle's edges).
    let scene = Scene(name: "b", bodies: [.ball("a", at: Vec2(0.5, 0.5), radius: 0.5), .ball("c", at: Vec2(9.5, 4.5), radius: 0.5)],
                      bounds: Bounds(Vec2(0, 0), Vec2(10, 5)))
    #expect(scene.validate().isEmpty)
}
