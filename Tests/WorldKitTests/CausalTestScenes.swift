@testable import WorldKit

// Hand-built scenes with known causal structure, shared by the causal tests.

enum CausalTestScenes {
    static func ball(_ name: String, _ x: Double, _ y: Double, r: Double = 0.5, v: Vec2 = .zero,
                     mass: Double? = nil, e: Double = PhysicsDefaults.restitution) -> BodySpec {
        var b = BodySpec.ball(name, at: Vec2(x, y), radius: r)
        b.velocity = v
        b.mass = mass
        b.restitution = e
        return b
    }

    /// The brief's scene: ball a rolls into box b; an occluder stands between them.
    static var push: Scene {
        var b = BodySpec.box("b", at: Vec2(6, 0.5), size: Vec2(1, 1))
        b.mass = 1
        return Scene(name: "push", bodies: [ball("a", 1, 0.5, v: Vec2(4, 0)), b], ground: Ground(height: 0),
                     occluders: [Occluder(name: "screen", center: Vec2(4, 1.5), size: Vec2(1.5, 3))])
    }

    /// Ball a rolls towards the goal region; a static blocker stands in the way.
    static var blocked: Scene {
        var blocker = BodySpec.box("blocker", at: Vec2(5, 1), size: Vec2(0.4, 2))
        blocker.isStatic = true
        return Scene(name: "blocked", bodies: [ball("a", 1, 0.5, v: Vec2(6, 0)), blocker], ground: Ground(height: 0),
                     regions: [Region(name: "goal", center: Vec2(9, 1), size: Vec2(2, 2))])
    }

    /// Three balls drifting apart without gravity, kicked by exogenous noise.
    static var noisy: Scene {
        Scene(name: "noisy",
              bodies: [ball("a", 0, 0, v: Vec2(-1, 0)), ball("b", 4, 0, v: Vec2(0, 1)), ball("c", 8, 0, v: Vec2(1, 0))],
              gravity: .zero, noise: NoiseModel(velocitySigma: 0.05, restitutionSigma: 0.1))
    }

    /// A chain without gravity: a hits b, b hits c; d drifts away, touching nothing.
    static var chain: Scene {
        Scene(name: "chain",
              bodies: [ball("a", 0, 0, v: Vec2(5, 0), e: 1), ball("b", 3, 0, e: 1), ball("c", 6, 0, e: 1),
                       ball("d", 0, 5, v: Vec2(0, 1))],
              gravity: .zero)
    }

    /// Overdetermination: a1 and a2 each knock c out of its home region; either alone suffices.
    static var overdetermined: Scene {
        Scene(name: "overdetermined",
              bodies: [ball("a1", 2, 0.3, r: 0.2, v: Vec2(4, 0), mass: 1), ball("a2", 2, -0.3, r: 0.2, v: Vec2(4, 0), mass: 1),
                       ball("c", 5, 0, mass: 1), ball("d", 0, 6)],
              regions: [Region(name: "home", center: Vec2(5, 0), size: Vec2(2.5, 2.5))], gravity: .zero)
    }

    /// Pre-emption: fast a1 knocks c out of its home region first; slower a2, from below,
    /// would have knocked it out later, but passes behind c once c has gone.
    static var preempted: Scene {
        Scene(name: "preempted",
              bodies: [ball("a1", 2, 0, r: 0.3, v: Vec2(6, 0), mass: 1), ball("a2", 5, -4, r: 0.3, v: Vec2(0, 3), mass: 1),
                       ball("c", 5, 0, mass: 1)],
              regions: [Region(name: "home", center: Vec2(5, 0), size: Vec2(2.5, 2.5))], gravity: .zero)
    }

    /// Pre-emption on one line: fast knocks c into the goal; slow, behind it, would have a moment
    /// later. Held still where it starts, fast stands in slow's way.
    static var preemptedInLine: Scene {
        Scene(name: "preempted in line",
              bodies: [ball("slow", -6, 0, r: 0.3, v: Vec2(3, 0), e: 1), ball("fast", -2, 0, r: 0.3, v: Vec2(6, 0), e: 1),
                       ball("c", 2, 0, e: 1)],
              regions: [Region(name: "goal", center: Vec2(8, 0), size: Vec2(2, 2))], gravity: .zero)
    }

    /// On the ground from the start: a rolls into b, b into c; every ball touches the ground at step 0.
    static var restingChain: Scene {
        Scene(name: "resting chain",
              bodies: [ball("a", 0, 0.5, v: Vec2(3, 0)), ball("b", 4, 0.5), ball("c", 8, 0.5)], ground: Ground(height: 0))
    }

    static let leftHome = EventPattern(.regionExit, "c", "home")
    static let inGoal = EventPattern(.regionEnter, "c", "goal")
}
