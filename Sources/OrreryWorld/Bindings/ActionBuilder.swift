import OrreryLang
import WorldKit

// MARK: - Actions blocks
//
// The trailing block of `plan` declares what the agent may do and when, with the
// distributions of scene blocks as the search space:
//
//     plan(physics, w, goal: entered(a, goal), horizon: 150, budget: 200) {
//       push a by (uniform(-4, 4), uniform(0, 6)) at int_between(0, 30)
//     }
//
// Each line is an intervention block's line (push, set, remove, freeze, add) made at a
// step: `at STEP` after `push`, `remove` and `freeze` (step 0 when absent); a `set` and
// an `add` (whose `at` is the new body's position) are made at step 0. An action every k
// steps is a loop: `for i in range(3) { push a by (uniform(-1, 1), 0) at i * 10 }`.
// Every run of the block with a candidate's draws gives that candidate's actions.

/// Turns one run of an actions block into interventions at steps.
final class ActionBuilder: SceneBuilder, DrawingBuilder {
    private let inner: InterventionBuilder
    private let draws: UnitDraws
    private(set) var actions: [TimedIntervention] = []
    var random = false

    init(scene: Scene, draws: UnitDraws) {
        self.draws = draws
        inner = InterventionBuilder { name in scene.body(named: name).map { .object(BodySpecObject($0)) } }
    }

    /// The actions a run of `block` with `draws` declares.
    static func actions(of block: SceneBody, scene: Scene, draws: UnitDraws) throws -> [TimedIntervention] {
        let builder = ActionBuilder(scene: scene, draws: draws)
        try block.run(into: builder)
        return builder.actions
    }

    func drawUnit() -> Double { draws.unit() }
    func drawUniform(_ lo: Double, _ hi: Double) -> Double { draws.uniform(lo, hi) }
    func drawNormal(_ m: Double, _ s: Double) -> Double { draws.normal(m, s) }
    func drawIndex(below n: Int) -> Int { draws.index(below: n) }

    func read(_ name: String) throws -> Value? { try inner.read(name) }

    func entry(_ e: EvaluatedSceneEntry) throws {
        var entry = e
        var step = 0
        if ["push", "remove", "freeze"].contains(e.kind), let k = e.properties.firstIndex(where: { $0.key == "at" }) {
            guard case .number(let t)? = e.properties[k].value, t.isFinite, t >= 0, t == t.rounded(), t <= 1e9 else {
                throw ScriptError("'at' in an actions block needs a step: a whole number, not negative "
                                  + "(got \(e.properties[k].value?.description ?? "nothing"))", e.range)
            }
            step = Int(t)
            entry.properties.remove(at: k)
        }
        let before = inner.interventions.count
        try inner.entry(entry)
        for i in inner.interventions[before...] { actions.append(TimedIntervention(step: step, i)) }
    }

    func assign(_ a: EvaluatedAssignment) throws {
        let before = inner.interventions.count
        try inner.assign(a)
        for i in inner.interventions[before...] { actions.append(TimedIntervention(step: 0, i)) }
    }

    func require(_ condition: Value, probability: Value?, range: SourceRange) throws {
        throw ScriptError("'require' belongs in scene blocks, not actions blocks", range)
    }
}
