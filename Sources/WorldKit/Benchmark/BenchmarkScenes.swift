// MARK: - Scene families
//
// The seeded scene families the tasks draw from. The training family follows the
// PhyWorld split: balls with speeds in [1, 4] m/s and radii in [0.7, 1.4] m, on a
// ground between two walls inside the default camera view. Tasks either reuse it
// (in distribution) or build their own hand-made families around one question.

/// Seeded scene families for the benchmark.
public enum BenchmarkScenes {
    /// Training speeds (m/s) and radii (m): the in-distribution ranges.
    public static let trainingSpeeds = 1.0...4.0
    public static let trainingRadii = 0.7...1.4
    /// Out-of-distribution speeds: slower and faster than anything seen in training.
    public static let slowSpeeds = 0.0...0.8
    public static let fastSpeeds = 4.5...6.0

    /// The walls every family shares: the view's left and right edges, inset.
    static let walls = [WallSpec(name: "left", from: Vec2(-9.5, 0), to: Vec2(-9.5, 10)),
                        WallSpec(name: "right", from: Vec2(9.5, 0), to: Vec2(9.5, 10))]

    /// Two or three balls with random radii and speeds from the given ranges, on the ground
    /// between the walls, placed without overlap.
    public static func family(_ rng: inout RandomStream, index: Int, speeds: [ClosedRange<Double>],
                              radii: ClosedRange<Double> = trainingRadii) -> Scene {
        let count = 2 + rng.index(below: 2)
        let slots = [-6.0, 0.0, 6.0]
        var bodies: [BodySpec] = []
        for i in 0..<count {
            let r = rng.uniform(radii.lowerBound, radii.upperBound)
            let x = slots[i] + rng.uniform(-1.2, 1.2)
            var b = BodySpec.ball(["a", "b", "c"][i], at: Vec2(x, r + rng.uniform(0, 2)), radius: r)
            let range = speeds[rng.index(below: speeds.count)]
            let speed = rng.uniform(range.lowerBound, range.upperBound)
            let angle = rng.uniform(-0.6, 0.6)
            let sign: Double = rng.index(below: 2) == 0 ? 1 : -1
            b.velocity = Vec2(sign * speed * _cos(angle), speed * _sin(angle))
            b.color = palette[i]
            bodies.append(b)
        }
        return Scene(name: "family\(index)", bodies: bodies, walls: walls, ground: Ground(height: 0))
    }

    /// `n` in-distribution scenes.
    public static func training(_ n: Int, seed: UInt64) -> [Scene] {
        var rng = RandomStream(seed: seed)
        return (0..<n).map { family(&rng, index: $0, speeds: [trainingSpeeds]) }
    }

    /// Distinct colours so pixel metrics see which body is where.
    static let palette = [Color(r: 220, g: 60, b: 60), Color(r: 60, g: 120, b: 220), Color(r: 60, g: 180, b: 90),
                          Color(r: 230, g: 180, b: 40)]
}
