import Testing
@testable import WorldKit

// Every built-in prior on hand-built states: a known violation with its exact magnitude,
// a known non-violation just inside the tolerance, and what the correction does.

private func near(_ a: Double, _ b: Double, _ eps: Double = 1e-9) -> Bool { abs(a - b) <= eps }

// MARK: - no_overlap

@Test func noOverlapMeasuresDepthAndPushesApartByMass() throws {
    let ctx = context(priorScene())
    let p = NoOverlapPrior()
    let s = world(5, [ball("a", 0, 1, mass: 3), ball("b", 0.8, 1, mass: 1)])
    let v = p.check(previous: nil, state: s, context: ctx)
    #expect(v.count == 1)
    #expect(near(v[0].magnitude, 0.2) && v[0].bodies == ["a", "b"] && v[0].step == 5 && v[0].prior == "no_overlap")
    let c = try #require(p.correct(previous: nil, state: s, context: ctx))
    // Inverse-mass split: the heavy ball moves a quarter of the depth.
    #expect(near(c.bodies[0].position.x, -0.05) && near(c.bodies[1].position.x, 0.95))
    #expect(p.check(previous: nil, state: c, context: ctx).isEmpty)
    // Inside the tolerance: 1 cm of overlap is contact, not a violation.
    #expect(p.check(previous: nil, state: world(5, [ball("a", 0, 1), ball("b", 0.99, 1)]), context: ctx).isEmpty)
}

@Test func noOverlapRemovesApproachVelocityKeepingMomentum() throws {
    let ctx = context(priorScene())
    let s = world(1, [ball("a", 0, 1, v: Vec2(2, 0)), ball("b", 0.9, 1)])
    let c = try #require(NoOverlapPrior().correct(previous: nil, state: s, context: ctx))
    #expect(near(c.bodies[0].velocity.x, 1) && near(c.bodies[1].velocity.x, 1))
    #expect(near(c.momentum.x, s.momentum.x))
}

@Test func noOverlapBoxesStaticBodiesAndWalls() throws {
    let wall = WallSpec(name: "w", from: Vec2(2, 0), to: Vec2(2, 4))
    let ctx = context(priorScene(walls: [wall]))
    let p = NoOverlapPrior()
    let boxes = world(0, [box("a", 0, 0.5), box("b", 0.9, 0.5)])
    #expect(near(try #require(p.check(previous: nil, state: boxes, context: ctx).first).magnitude, 0.1))
    // The wall's faces are at x = 1.95 and 2.05: a ball reaching 2.1 is 0.15 m in.
    let s = world(0, [ball("c", 1.6, 1)])
    let v = p.check(previous: nil, state: s, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 0.15) && v[0].bodies == ["c", "w"])
    let c = try #require(p.correct(previous: nil, state: s, context: ctx))
    #expect(near(c.bodies[0].position.x, 1.45))
    // A static body does not move; the dynamic one takes the whole push.
    let pinned = world(0, [ball("s", 0, 1, isStatic: true), ball("d", 0.7, 1)])
    let cp = try #require(p.correct(previous: nil, state: pinned, context: ctx))
    #expect(cp.bodies[0].position.x == 0 && near(cp.bodies[1].position.x, 1.0))
}

// MARK: - above_ground

@Test func aboveGroundMeasuresDepthLiftsAndStopsTheFall() throws {
    let ctx = context(priorScene(ground: 0))
    let p = AboveGroundPrior()
    let s = world(3, [ball("a", 0, 0.3, v: Vec2(1, -2)), box("b", 3, 0.6, angle: Double.pi / 4), ball("ok", 6, 0.49)])
    let v = p.check(previous: nil, state: s, context: ctx)
    #expect(v.count == 2)
    #expect(near(v[0].magnitude, 0.2) && v[0].bodies == ["a"])
    // A box turned 45° reaches √2/2 below its centre.
    #expect(near(v[1].magnitude, 0.5.squareRoot() - 0.6, 1e-9) && v[1].bodies == ["b"])
    let c = try #require(p.correct(previous: nil, state: s, context: ctx))
    #expect(near(c.bodies[0].position.y, 0.5) && c.bodies[0].velocity == Vec2(1, 0))
    #expect(c.bodies[2] == s.bodies[2])
    #expect(p.check(previous: nil, state: c, context: ctx).isEmpty)
    // No ground, nothing to violate.
    #expect(p.check(previous: nil, state: s, context: context(priorScene())).isEmpty)
}

// MARK: - inside_bounds

@Test func insideBoundsMeasuresExcessAndMovesBack() throws {
    let ctx = context(priorScene(bounds: Bounds(Vec2(-5, 0), Vec2(5, 10))))
    let p = InsideBoundsPrior()
    let s = world(0, [ball("a", 4.8, 2, v: Vec2(3, 1)), ball("ok", 4.49, 2)])
    let v = p.check(previous: nil, state: s, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 0.3) && v[0].bodies == ["a"])
    let c = try #require(p.correct(previous: nil, state: s, context: ctx))
    #expect(near(c.bodies[0].position.x, 4.5) && c.bodies[0].velocity == Vec2(0, 1))
    #expect(p.check(previous: nil, state: c, context: ctx).isEmpty)
}

// MARK: - permanence

@Test func permanenceFlagsAVanishedBodyAndRestoresItOnItsPath() throws {
    let scene = priorScene()
    var ctx = context(scene)
    let before = world(9, [ball("a", 0, 5, v: Vec2(2, 1)), ball("b", 3, 5)])
    ctx.remember(before)
    let now = world(10, [ball("b", 3, 5)])
    let p = PermanencePrior()
    let v = p.check(previous: before, state: now, context: ctx)
    #expect(v.count == 1 && v[0].bodies == ["a"] && v[0].magnitude == 1)
    let c = try #require(p.correct(previous: before, state: now, context: ctx))
    let dt = PhysicsDefaults.dt, g = PhysicsDefaults.gravity
    let restored = try #require(c["a"])
    #expect(c.bodies.map(\.name) == ["a", "b"] || c.bodies.map(\.name) == ["b", "a"])
    #expect(near(restored.position.x, 2 * dt) && near(restored.position.y, 5 + dt + 0.5 * g.y * dt * dt))
    #expect(near(restored.velocity.y, 1 + g.y * dt) && !restored.visible)
    #expect(p.check(previous: before, state: c, context: ctx).isEmpty)
}

@Test func permanenceFlagsColourAndSizeChanges() throws {
    var ctx = context(priorScene())
    let before = world(0, [ball("a", 0, 5)])
    ctx.remember(before)
    let recoloured = world(1, [ball("a", 0, 5, color: Color(r: 200, g: 0, b: 3))])
    let p = PermanencePrior()
    let v = p.check(previous: before, state: recoloured, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 3))
    let grown = world(1, [ball("a", 0, 5, r: 0.6)])
    // Radius 0.1 plus each side 0.2.
    #expect(near(try #require(p.check(previous: before, state: grown, context: ctx).first).magnitude, 0.5))
    let c = try #require(p.correct(previous: before, state: grown, context: ctx))
    #expect(c.bodies[0].radius == 0.5 && c.bodies[0].size == Vec2(1, 1))
}

@Test func permanenceChecksWhereAHiddenBodyReappears() throws {
    var ctx = context(priorScene())
    ctx.remember(world(0, [ball("a", 0, 5, v: Vec2(1, 0))]))
    let previous = world(59, [])
    let p = PermanencePrior()
    // One second of free flight from (0, 5) at (1, 0): (1, 5 − 4.9).
    let consistent = world(60, [ball("a", 1, 0.1)])
    #expect(p.check(previous: previous, state: consistent, context: ctx).isEmpty)
    let off = world(60, [ball("a", 6, 0.1)])
    let v = p.check(previous: previous, state: off, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 5, 1e-6))
    let c = try #require(p.correct(previous: previous, state: off, context: ctx))
    #expect(near(c.bodies[0].position.x, 1, 1e-6))
}

// MARK: - momentum

@Test func momentumIsConservedInAFreeCollisionOnly() throws {
    let ctx = context(priorScene(gravity: .zero))
    let p = MomentumPrior()
    let before = world(0, [ball("a", 0, 5, v: Vec2(2, 0)), ball("b", 1.0, 5)])
    let elastic = world(1, [ball("a", 0, 5), ball("b", 1.0, 5, v: Vec2(2, 0))])
    #expect(p.check(previous: before, state: elastic, context: ctx).isEmpty)
    let gained = world(1, [ball("a", 0, 5), ball("b", 1.0, 5, v: Vec2(3, 0))])
    let v = p.check(previous: before, state: gained, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 1) && v[0].bodies == ["a", "b"])
    let c = try #require(p.correct(previous: before, state: gained, context: ctx))
    #expect(near(c.bodies[0].velocity.x, -0.5) && near(c.bodies[1].velocity.x, 2.5))
    #expect(p.check(previous: before, state: c, context: ctx).isEmpty)
    // On the ground the contact is not free, but the ground only pushes along its normal and
    // rubs up to μ times that push: a horizontal gain with no push is still a violation
    // (issue 19), and an upward one is the ground's.
    let grounded = context(priorScene(ground: 4.5, gravity: .zero))
    #expect(p.check(previous: before, state: gained, context: grounded).count == 1)
    let bounced = world(1, [ball("a", 0, 5), ball("b", 1.0, 5, v: Vec2(2, 1))])
    #expect(p.check(previous: before, state: bounced, context: grounded).isEmpty)
    // Bodies apart are not a collision.
    let apart = world(1, [ball("a", -3, 5), ball("b", 3, 5, v: Vec2(9, 0))])
    #expect(p.check(previous: world(0, [ball("a", -3, 5), ball("b", 3, 5)]), state: apart, context: ctx).isEmpty)
}

@Test func momentumAllowsGravitysImpulse() throws {
    let ctx = context(priorScene())
    let dt = PhysicsDefaults.dt, g = PhysicsDefaults.gravity
    let before = world(0, [ball("a", 0, 5, v: Vec2(2, 0)), ball("b", 1.0, 5)])
    let after = world(1, [ball("a", 0, 5, v: g * dt), ball("b", 1.0, 5, v: Vec2(2, 0) + g * dt)])
    #expect(MomentumPrior().check(previous: before, state: after, context: ctx).isEmpty)
}

// MARK: - energy

@Test func energyMustNotGrow() throws {
    let ctx = context(priorScene())
    let p = EnergyPrior()
    let before = world(0, [ball("a", 0, 1, v: Vec2(1, 0), mass: 2)])
    let faster = world(1, [ball("a", 0, 1, v: Vec2(2, 0), mass: 2)])
    let v = p.check(previous: before, state: faster, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 3) && v[0].bodies == ["a"])
    let c = try #require(p.correct(previous: before, state: faster, context: ctx))
    #expect(near(c.bodies[0].velocity.x, 1))
    // Falling 0.1 m turns 1.96 J of potential into exactly as much kinetic energy.
    let fallen = world(1, [ball("a", 0, 0.9, v: Vec2(0, -1.96.squareRoot()), mass: 2)])
    #expect(p.check(previous: world(0, [ball("a", 0, 1, mass: 2)]), state: fallen, context: ctx).isEmpty)
}

// MARK: - gravity

@Test func freeBodiesAccelerateAtG() throws {
    let ctx = context(priorScene(ground: 0))
    let p = GravityPrior()
    let dt = PhysicsDefaults.dt, g = PhysicsDefaults.gravity
    let before = world(0, [ball("a", 0, 5, v: Vec2(1, 0))])
    let right = world(1, [ball("a", dt, 5 + g.y * dt * dt, v: Vec2(1, g.y * dt))])
    #expect(p.check(previous: before, state: right, context: ctx).isEmpty)
    let floating = world(1, [ball("a", dt, 5, v: Vec2(1, 0))])
    let v = p.check(previous: before, state: floating, context: ctx)
    #expect(v.count == 1 && near(v[0].magnitude, 9.8))
    let c = try #require(p.correct(previous: before, state: floating, context: ctx))
    #expect(near(c.bodies[0].velocity.y, g.y * dt) && near(c.bodies[0].position.y, 5 + g.y * dt * dt))
    // A body on the ground is held up: not free, not a violation.
    let resting = world(0, [ball("r", 0, 0.5)])
    #expect(p.check(previous: resting, state: world(1, [ball("r", 0, 0.5)]), context: ctx).isEmpty)
}

// MARK: - rigid

@Test func rigidBodiesKeepTheirShape() throws {
    let ctx = context(priorScene())
    let p = RigidPrior()
    let before = world(0, [ball("a", 0, 5), box("b", 3, 5)])
    let after = world(1, [ball("a", 0, 5, r: 0.55), box("b", 3, 5, angle: 1)])
    let v = p.check(previous: before, state: after, context: ctx)
    // Turning is rigid; growing is not: 0.05 + 0.1 + 0.1.
    #expect(v.count == 1 && near(v[0].magnitude, 0.25) && v[0].bodies == ["a"])
    let c = try #require(p.correct(previous: before, state: after, context: ctx))
    #expect(c.bodies[0].radius == 0.5 && c.bodies[1].angle == 1)
    let morphed = world(1, [box("a", 0, 5), box("b", 3, 5)])
    #expect(p.check(previous: before, state: morphed, context: ctx).first?.magnitude == 1)
}

@Test func builtinPriorsAreNamed() {
    #expect(BuiltinPriors.all.map(\.name) == BuiltinPriors.names)
    #expect(BuiltinPriors.named("no_such_prior") == nil)
}
