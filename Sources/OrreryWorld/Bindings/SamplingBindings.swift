import OrreryLang
import WorldKit

// MARK: - Probabilistic scenes
//
// A scene block that draws (`uniform`, `normal`, `choice`, `int_between`, `require[p]`)
// describes a family of scenes. Sample i of a sweep with seed S runs the block with
// `RejectionSampler.stream(seed: S, index: i)`, so any sample can be reproduced alone
// from (S, i). Requirements are checked inline: a failed one abandons the run and the
// block runs again on the same (advanced) stream, up to `maxIterations` tries. Bodies
// that overlap when the block ends reject the draw the same way (Scenic's default);
// in a block that draws nothing they stay an error, since every run would repeat them.

/// Thrown by a scene block's failed, enforced `require`, or by overlapping bodies in a
/// block that draws: this run is rejected.
struct SceneRejection: Error, Equatable {
    var range: SourceRange
    /// What rejected it, as the rejection report names it: `the requirement at line 4`.
    var cause: String
}

/// A scene block kept so that it can be sampled again.
final class SceneFamily {
    let name: String
    let body: SceneBody
    let range: SourceRange
    static let maxIterations = RejectionSampler.defaultMaxIterations
    /// Every name a sample drawn so far declared: a query about a body that only some
    /// samples have is no typo (BodyNames.swift).
    private(set) var declaredNames: Set<String> = []

    init(name: String, body: SceneBody, range: SourceRange) {
        self.name = name
        self.body = body
        self.range = range
    }

    /// Sample `index` of the sweep with `seed`; `random` tells whether the block drew anything.
    func sample(seed: UInt64, index: Int) throws -> (scene: Scene, random: Bool) {
        var stream = RejectionSampler.stream(seed: seed, index: index)
        // Rejections per cause, in the order causes first rejected (deterministic).
        var rejected: [(rejection: SceneRejection, count: Int)] = []
        for _ in 0..<Self.maxIterations {
            let assembler = SceneAssembler(name: name, range: range, stream: stream)
            do {
                try body.run(into: assembler)
                let scene = try assembler.finish()
                declaredNames.formUnion(scene.eventNames)
                return (scene, assembler.random)
            } catch let rejection as SceneRejection {
                // A block that drew nothing fails the same way every time: say so at once.
                guard assembler.random else { throw ScriptError("scene requirement failed", rejection.range) }
                stream = assembler.stream
                if let k = rejected.firstIndex(where: { $0.rejection == rejection }) {
                    rejected[k].count += 1
                } else {
                    rejected.append((rejection, 1))
                }
            }
        }
        let worst = rejected.max { $0.count < $1.count } ?? (SceneRejection(range: range, cause: "nothing"), 0)
        throw ScriptError("cannot sample scene \"\(name)\": gave up after \(Self.maxIterations) tries; "
                          + "\(worst.rejection.cause) rejected most often (\(worst.count) times)",
                          worst.rejection.range)
    }
}

/// `uniform`, `normal`, `choice`, `int_between` in scene blocks; `sample`; `always`, `eventually`, `until`.
enum SamplingBindings {
    static func install(_ interp: Interpreter) {
        installDistributions(interp)
        interp.define(NativeFunction("sample", parameters: ["family", "n", "seed"]) { args in
            let scene = try args.object(at: 1, as: SceneObject.self, expected: "scene")
            let n = args.has(2) ? try args.integer(at: 2) : 1
            guard n >= 0, n <= 1_000_000 else { throw args.bad(2, "n must be between 0 and 1000000") }
            let seed = try args.seed(at: 3, default: args.interpreter.seed)
            // Each sample is a scene of its own: its bodies, about a state's worth each.
            try args.reserve(MemoryEstimates.states(n, bodies: scene.scene.bodies.count), for: "list of scenes")
            guard let family = scene.family else {
                // A concrete scene is a family of one: every sample is the scene itself.
                return .list(Array(repeating: .object(scene), count: n))
            }
            var out: [Value] = []
            out.reserveCapacity(min(n, 1 << 16))
            for i in 0..<n {
                let s = try family.sample(seed: seed, index: i)
                out.append(.object(SceneObject(s.scene, schedule: scene.schedule, family: family, origin: (seed, i))))
            }
            return .list(out)
        })
        TemporalBindings.install(interp)
    }

    // MARK: Distributions

    /// The sampling stream of the scene block running now, or an error pointing to `rng`.
    static func assembler(_ args: Arguments) throws -> any DrawingBuilder {
        guard let a = args.interpreter.currentSceneBuilder as? DrawingBuilder else {
            throw NativeError("'\(args.function)' draws from a scene's sampling stream and works only inside a scene block or an actions block; "
                              + "elsewhere use a seeded generator: let g = rng(1); g.\(args.function == "int_between" ? "int" : args.function)(…)")
        }
        a.random = true
        return a
    }

    static func installDistributions(_ interp: Interpreter) {
        interp.define(NativeFunction("uniform", parameters: ["low", "high"]) { args in
            let lo = try args.number(at: 1), hi = try args.number(at: 2)
            guard lo.isFinite, hi.isFinite, lo <= hi else { throw args.bad(2, "high must not be below low") }
            let a = try assembler(args)
            return .number(a.drawUniform(lo, hi))
        })
        interp.define(NativeFunction("normal", parameters: ["mean", "sd"]) { args in
            let m = try args.number(at: 1), s = try args.number(at: 2)
            guard m.isFinite, s.isFinite, s >= 0 else { throw args.bad(2, "standard deviation must not be negative") }
            let a = try assembler(args)
            return .number(a.drawNormal(m, s))
        })
        interp.define(NativeFunction("choice", parameters: ["list"]) { args in
            let items = try args.list(at: 1)
            if items.isEmpty { throw args.bad(1, "empty list") }
            let a = try assembler(args)
            return items[a.drawIndex(below: items.count)]
        })
        interp.define(NativeFunction("int_between", parameters: ["low", "high"]) { args in
            let lo = try args.integer(at: 1), hi = try args.integer(at: 2)
            guard hi >= lo else { throw args.bad(2, "high is below low") }
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            guard !overflow, span < Int.max else { throw args.bad(2, "range too large") }
            let a = try assembler(args)
            return .number(Double(lo + a.drawIndex(below: span + 1)))
        })
    }
}
