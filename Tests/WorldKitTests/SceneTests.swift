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

// MARK: - Overlap validation through the broad phase

/// `count` balls of radius 0.1 on a grid 0.25 apart: none touches another.
private func ballGrid(_ count: Int, columns: Int = 400) -> [BodySpec] {
    (0..<count).map { k in
        .ball("b\(k)", at: Vec2(Double(k % columns) * 0.25, 1 + Double(k / columns) * 0.25), radius: 0.1)
    }
}

@Test func aHundredThousandSeparateBallsValidate() {
    // A full pairwise scan examined every pair, 5·10⁹ here (about 5 minutes in a debug
    // build); through the broad phase each ball meets the ground and a few neighbours.
    let scene = Scene(name: "many", bodies: ballGrid(100_000), ground: Ground(height: 0))
    #expect(scene.validate().isEmpty)
    let found = scene.overlaps()
    #expect(found.problems.isEmpty)
    #expect(found.pairsExamined < 10 * 100_000)  // 564,408 today: the ground and ~4.6 neighbours each

    // The same crowd with a few overlaps, found among them all and reported in the order
    // of a full pairwise scan (the expected list is what that scan reported).
    var bodies = ballGrid(100_000)
    bodies[50_000].position = bodies[50_001].position + Vec2(0.05, 0)
    bodies[99_999].position = bodies[0].position + Vec2(0, 0.1)  // touches b0 and b400
    bodies[7].position.y = 0.05
    let crowded = Scene(name: "crowded", bodies: bodies, ground: Ground(height: 0))
    #expect(crowded.validate().map(\.message) == [
        "bodies 'b0' and 'b99999' overlap at the start",
        "body 'b7' overlaps 'ground' at the start",
        "bodies 'b400' and 'b99999' overlap at the start",
        "bodies 'b50000' and 'b50001' overlap at the start",
    ])
}

@Test func overlapsAreReportedInDeclarationOrder() {
    // Dynamic bodies in declaration order; for each, the ground, the walls, then the other
    // bodies in declaration order (static ones before or after it, dynamic ones after it).
    var pillar = BodySpec.box("pillar", at: Vec2(0, 1), size: Vec2(0.5, 2))
    pillar.isStatic = true
    var slab = BodySpec.box("slab", at: Vec2(6, 1), size: Vec2(2, 0.2))
    slab.isStatic = true
    let scene = Scene(name: "order", bodies: [
        pillar,
        .ball("c", at: Vec2(5, 0.95), radius: 0.3),
        .ball("a", at: Vec2(0.3, 1), radius: 0.3),
        .ball("b", at: Vec2(5.4, 1), radius: 0.3),
        slab,
        .box("d", at: Vec2(0.4, 1.2), size: Vec2(0.4, 0.4)),
    ], walls: [WallSpec(name: "w", from: Vec2(5.2, -1), to: Vec2(5.2, 3))], ground: Ground(height: 0))
    #expect(scene.validate().map(\.message) == [
        "body 'c' overlaps 'w' at the start",
        "bodies 'c' and 'b' overlap at the start",
        "body 'c' overlaps static body 'slab' at the start",
        "body 'a' overlaps static body 'pillar' at the start",
        "bodies 'a' and 'd' overlap at the start",
        "body 'b' overlaps 'w' at the start",
        "body 'b' overlaps static body 'slab' at the start",
        "body 'd' overlaps static body 'pillar' at the start",
    ])
}

@Test func equalBodiesAllSitInTheBroadPhaseGrid() {
    // Rounding in a box's extent once flagged about half of a crowd of equal balls as
    // oversized, so each was tested against every later body.
    var colliders = ColliderSet(scene: Scene(name: "crowd", bodies: ballGrid(10_000)))
    var broad = BroadPhase()
    colliders.bodies.withUnsafeMutableBufferPointer { broad.build($0, first: 0, h: 0) }
    #expect(broad.oversized.isEmpty)
}
