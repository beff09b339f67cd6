// MARK: - PhyWorld's combinatorial split
//
// Every ball has three attributes, each with two levels inside the training ranges:
// size (radius in [0.7, 0.9] or [1.2, 1.4] m), speed ([1, 2] or [3, 4] m/s) and mass
// (density 0.5 or 2 kg/m², so mass is not a function of size). Of the 2³ combinations a
// half fraction is seen in training — those with an even number of high levels — and
// the other half never is. In that half fraction every level of every attribute, and
// every pair of levels of any two attributes, occurs in training; only the triples are
// new. Each learned contender is trained (per copy, with the copy's training seed) on
// scenes whose balls all carry seen combinations, and scored on fresh scenes whose balls
// all carry seen combinations (`split.seen`) or all unseen ones (`split.unseen`): the
// charged position error (m) from the scoring start, lost bodies at the
// frozen-at-last-sighting cost, and the share of body-steps kept. A model that composes
// what it learned scores the same on both; one that memorised combinations does worse
// on the unseen half. The simulator scores 0 on both; `still` and `constvel` show what
// standing still and coasting cost on the same scenes.

/// Seen against unseen combinations of ball attributes (size × speed × mass).
public struct SplitTask: BenchmarkTask {
    public init() {}
    public var name: String { "split" }
    public var summary: String {
        "PhyWorld's combinatorial split: trained on half the size × speed × mass combinations, error on seen and unseen ones"
    }

    /// A ball's attribute levels: 0 low, 1 high.
    public struct Combination: Hashable, Sendable {
        public var size: Int
        public var speed: Int
        public var mass: Int

        /// Seen in training: an even number of high levels (the half fraction whose every
        /// single level and pair of levels also occurs).
        public var isSeen: Bool { (size + speed + mass) % 2 == 0 }

        /// Every combination.
        public static let all: [Combination] = (0..<8).map { Combination(size: $0 & 1, speed: ($0 >> 1) & 1, mass: ($0 >> 2) & 1) }
        public static let seen = all.filter(\.isSeen)
        public static let unseen = all.filter { !$0.isSeen }
    }

    /// The two levels of each attribute.
    public static let radii: [ClosedRange<Double>] = [0.7...0.9, 1.2...1.4]
    public static let speeds: [ClosedRange<Double>] = [1.0...2.0, 3.0...4.0]
    public static let densities: [Double] = [0.5, 2.0]

    /// Two or three balls on the ground between the walls, each with a combination drawn
    /// from `combinations`, placed without overlap.
    public static func scene(_ rng: inout RandomStream, index: Int, combinations: [Combination]) -> Scene {
        let count = 2 + rng.index(below: 2)
        let slots = [-6.0, 0.0, 6.0]
        var bodies: [BodySpec] = []
        for i in 0..<count {
            let c = combinations[rng.index(below: combinations.count)]
            let radii = SplitTask.radii[c.size], speeds = SplitTask.speeds[c.speed]
            let r = rng.uniform(radii.lowerBound, radii.upperBound)
            let x = slots[i] + rng.uniform(-1.2, 1.2)
            var b = BodySpec.ball(["a", "b", "c"][i], at: Vec2(x, r + rng.uniform(0, 2)), radius: r)
            let speed = rng.uniform(speeds.lowerBound, speeds.upperBound)
            let angle = rng.uniform(-0.6, 0.6)
            let sign: Double = rng.index(below: 2) == 0 ? 1 : -1
            b.velocity = Vec2(sign * speed * _cos(angle), speed * _sin(angle))
            b.density = densities[c.mass]
            b.color = BenchmarkScenes.palette[i]
            bodies.append(b)
        }
        return Scene(name: "split\(index)", bodies: bodies, walls: BenchmarkScenes.walls, ground: Ground(height: 0))
    }

    /// The training scenes of the split: every ball a seen combination.
    public func trainingScenes(_ n: Int, seed: UInt64) -> [Scene]? {
        var rng = RandomStream(seed: seed, stream: BenchmarkSettings.key("split.training"))
        return (0..<n).map { SplitTask.scene(&rng, index: $0, combinations: Combination.seen) }
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        let model = try contender.trainedFor(self)
        var rng = settings.stream(for: name)
        let steps = settings.horizon, from = settings.scoreFrom
        var out: [MetricSample] = []
        for (variant, combinations) in [("seen", Combination.seen), ("unseen", Combination.unseen)] {
            var errors: [Double] = [], tracked: [Double] = []
            for i in 0..<settings.samples {
                let scene = SplitTask.scene(&rng, index: i, combinations: combinations)
                let truth = try Simulator.rollout(scene, steps: steps)
                let predicted = try model.rollout(scene, steps: steps)
                let score = model.tracking(predicted, truth, steps: from...steps)
                errors.append(score.meanChargedError)
                tracked.append(score.tracked)
            }
            out.append(.mean("\(name).\(variant)", unit: "m", errors))
            out.append(.mean("\(name).\(variant).tracked", unit: "share", higherIsBetter: true, tracked))
        }
        return out
    }
}
