// MARK: - Causality: but-for attribution
//
// Hand-built families around one event, "b meets c". In the chain family a rolls into
// the resting b, which rolls on into c: a is a but-for cause. In the independent family
// b rolls to c on its own while a trails far behind: a is not a cause. A bystander d
// rests near the right wall and is never a cause. The truth and the model use one
// definition (`causes(in:_:)`): a candidate is a cause when the event happens in the
// rollout of the scene and not in the rollout of the scene without the candidate
// (removed before the run); the truth rolls with the simulator, the model with itself.
// Scored per candidate and per scene (the whole cause set right).

/// But-for attribution accuracy against the simulator.
public struct ButForTask: BenchmarkTask {
    public init() {}
    public var name: String { "butfor" }
    public var summary: String {
        "is a a but-for cause of b meeting c? model twin rollouts with each candidate removed, against the simulator's causes"
    }

    static let candidates = ["a", "d"]
    static let event = EventPattern.contact("b", "c")

    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        let chain = rng.index(below: 2) == 0
        func ball(_ n: String, _ x: Double, _ v: Double, _ i: Int) -> BodySpec {
            let r = rng.uniform(0.6, 0.8)
            var b = BodySpec.ball(n, at: Vec2(x, r), radius: r)
            b.velocity = Vec2(v, 0)
            b.spin = -v / r
            b.restitution = 0.9
            b.color = BenchmarkScenes.palette[i]
            return b
        }
        let a = chain ? ball("a", rng.uniform(-8, -6.5), rng.uniform(3.5, 5), 0) : ball("a", -8.3, rng.uniform(0.2, 0.6), 0)
        let b = chain ? ball("b", rng.uniform(-3.5, -2), 0, 1) : ball("b", rng.uniform(-4, -2), rng.uniform(2.5, 4), 1)
        let c = ball("c", rng.uniform(1, 3), 0, 2)
        let d = ball("d", 8, 0, 3)
        return Scene(name: (chain ? "chain" : "independent") + "\(index)", bodies: [a, b, c, d], walls: BenchmarkScenes.walls,
                     ground: Ground(height: 0))
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon * 2
        var candidates: [(Int, Int)] = [], scenes: [(Int, Int)] = []
        for i in 0..<settings.samples {
            let scene = ButForTask.scene(&rng, index: i)
            // Only scenes where the event really happens ask the question.
            guard try Simulator.rollout(scene, steps: steps).happened(ButForTask.event) else { continue }
            let truth = try ButForTask.causes(in: scene) { try Simulator.rollout($0, steps: steps) }
            let found = try ButForTask.causes(in: scene) { try contender.rollout($0, steps: steps) }
            let right = ButForTask.candidates.filter { truth.contains($0) == found.contains($0) }.count
            candidates.append((right, ButForTask.candidates.count))
            scenes.append((truth == found ? 1 : 0, 1))
        }
        return [.rate("\(name).candidate", candidates), .rate("\(name).scene", scenes)]
    }

    /// The but-for causes of the event under one definition, for the truth and for a model
    /// alike: a candidate is a cause when the event happens in `roll(scene)` and not in
    /// `roll(scene without the candidate)` (removed before the run).
    static func causes(in scene: Scene, _ roll: (Scene) throws -> Rollout) throws -> Set<String> {
        guard try roll(scene).happened(event) else { return [] }
        var found = Set<String>()
        for x in candidates where !(try roll(try Intervention.remove(x).apply(to: scene)).happened(event)) { found.insert(x) }
        return found
    }
}
