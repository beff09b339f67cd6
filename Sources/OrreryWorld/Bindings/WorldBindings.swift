import OrreryLang
import WorldKit

/// Installs the world into an interpreter: scene blocks, the `physics` model,
/// `rollout`, `frame`, `save`, and the event patterns.
enum WorldBindings {
    /// Functions whose bare-name arguments are body names: in `contact(a, b)`, a name
    /// that is not a variable in scope means the body called `a`.
    static let bodyNameFunctions: Set<String> = Set(EventObject.kindNames.map(\.1)).union(["series", "body", "has"])

    static func install(into interp: Interpreter, options: RunOptions, output: OutputSink) {
        let seed = interp.seed
        interp.sceneFactory = { name, body, range in
            // The scene value is the family's first sample (a plain scene is a family of one).
            let family = SceneFamily(name: name, body: body, range: range)
            let first = try family.sample(seed: seed, index: 0)
            return .object(SceneObject(first.scene, family: first.random ? family : nil))
        }
        interp.define("physics", .object(ModelObject.physics))
        installRollout(interp)
        installEvents(interp)
        let folder = OutputFolder(path: options.outputDirectory, maxBytes: options.maxOutputBytes)
        installPictures(interp, folder: folder, output: output)
        ExportBindings.install(into: interp, options: options, folder: folder, output: output)
        SideBySideObject.install(into: interp)
        CausalBindings.install(interp)
        SamplingBindings.install(interp)
        ModelBindings.install(into: interp, options: options, output: output)
        PriorBindings.install(into: interp)
        PlotBuiltin.install(into: interp)
        BenchmarkBindings.install(into: interp)
        SearchBindings.install(interp)
    }

    // MARK: - Rollouts

    static func installRollout(_ interp: Interpreter) {
        let seed = interp.seed
        interp.define(NativeFunction("rollout", parameters: ["model", "scene", "steps", "seed", "priors", "mode", "samples",
                                                           "allowed", "feedback"]) { args in
            let model = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let scene = try args.object(at: 2, as: SceneObject.self, expected: "scene")
            let steps = args.has(3) ? try args.integer(at: 3) : BindingDefaults.rolloutSteps
            guard steps >= 0, steps <= 1_000_000 else { throw args.bad(3, "steps must be between 0 and 1000000") }
            let runSeed = try args.seed(at: 4, default: seed)
            try args.reserveRollout(steps: steps, of: scene.scene)
            let constrained = (5...9).contains { args.has($0) }
            if !scene.schedule.isEmpty, model !== ModelObject.physics || constrained {
                // Only the simulator's own rollout makes scheduled interventions; anything else would drop them silently.
                throw args.bad(2, "a scene with scheduled interventions rolls out only with physics and no priors: nothing else makes them")
            }
            if constrained {
                return try PriorBindings.rollout(&args, model: model, scene: scene, steps: steps, seed: runSeed)
            }
            if model === ModelObject.physics {
                let interpreter = args.interpreter
                let out = try physicsRollout(scene, steps: steps, seed: runSeed,
                                             checkpoint: { try interpreter.checkInterrupt() })
                try BodyNames.checkTriggers(of: out, args, at: 2)
                return .object(out)
            }
            return .object(try ModelBindings.rollout(model, scene, steps: steps, seed: runSeed))
        })
        interp.define(NativeFunction("describe", parameters: ["value"]) { args in
            if case .object(let m as ModelObject) = args.value(at: 1) { return .string(m.summary) }
            return .string(args.value(at: 1).description)
        })
    }

    /// The simulator's rollout of a scene: the ground truth. An error raised by a scheduled
    /// block (which runs during the rollout) is the script's own and passes through as it is.
    /// `checkpoint` runs every 1,024 steps: Ctrl-C in the REPL stops a long rollout.
    static func physicsRollout(_ scene: SceneObject, steps: Int, seed: UInt64,
                               checkpoint: () throws -> Void = {}) throws -> RolloutObject {
        do {
            let r = try Simulator.rollout(scene.scene, steps: steps, seed: seed, interventions: scene.schedule,
                                          checkpoint: checkpoint)
            let out = RolloutObject(r, modelName: "physics", schedule: scene.schedule)
            out.earlierNames = scene.namesBeyondScene
            return out
        } catch let error as CausalError {
            throw NativeError("rollout failed: \(error)")
        } catch let error as SceneError {
            throw NativeError("rollout failed: \(error)")
        }
    }

    // MARK: - Events

    static func installEvents(_ interp: Interpreter) {
        for (kind, name) in EventObject.kindNames {
            let takesOther = kind != .rest && kind != .exitView && kind != .enterView
            let params = takesOther ? ["body", "other"] : ["body"]
            interp.define(NativeFunction(name, parameters: params) { args in
                let body = args.has(1) ? try args.bodyName(at: 1) : nil
                let other = takesOther && args.has(2) ? try args.bodyName(at: 2) : nil
                return .object(EventObject(pattern: EventPattern(kind, body, other)))
            })
        }
    }

    // MARK: - Pictures and files

    /// `save` writes through `folder`, the run's one door to the file system (OutputFolder):
    /// inside the output folder, never through a symbolic link, within `--max-output`.
    static func installPictures(_ interp: Interpreter, folder: OutputFolder, output: OutputSink) {
        interp.define(NativeFunction("frame", parameters: ["of", "step"]) { args in
            .object(try frame(args))
        })
        interp.define(NativeFunction("save", parameters: ["value", "path"]) { args in
            let path = try args.string(at: 2)
            let file = try saving { try folder.name(path) }
            let bytes = try encode(args.value(at: 1), for: file, args)
            try saving { try folder.write(bytes, to: file) }
            output.outputFileWritten(path: file.relative, bytes: bytes)
            return .string(file.relative)
        })
    }

    /// Runs a file-system step of `save`, naming `save` in its error.
    static func saving<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as NativeError { throw NativeError("save: \(e.message)") }
    }

    static func frame(_ args: Arguments) throws -> FrameObject {
        func picture(_ scene: Scene, _ state: WorldState) throws -> FrameObject {
            try args.reserve(MemoryEstimates.frame(of: scene), for: "frame")
            do {
                return FrameObject(try WorldDrawing.render(scene: scene, state: state),
                                   caption: "\(scene.name) at step \(state.step)")
            } catch { throw NativeError("cannot draw \"\(scene.name)\": \(error)") }
        }
        switch args.value(at: 1) {
        case .object(let r as RolloutObject):
            let t = args.has(2) ? try args.step(at: 2, last: r.length) : r.length
            return try picture(r.rollout.scene, r.rollout.states[t])
        case .object(let s as StateObject):
            return try picture(s.scene, s.state)
        case .object(let s as SceneObject):
            return try picture(s.scene, try s.initialState())
        case .object(let f as FrameObject):
            return f
        default:
            throw args.bad(1, expected: "rollout, state or scene")
        }
    }

    static func encode(_ value: Value, for file: OutputFolder.FileName, _ args: Arguments) throws -> [UInt8] {
        do {
            switch (value, file.extension) {
            case (.object(let r as RolloutObject), "png"), (.object(let r as RolloutObject), "apng"):
                // A saved file keeps every frame at the target rate and ends on the final state.
                return try RolloutAnimation.encode([(caption: "", rollout: r.rollout)], endsOnFinalState: true)
            case (.object(let a as SideBySideObject), "png"), (.object(let a as SideBySideObject), "apng"):
                return try RolloutAnimation.encode(a.panels, endsOnFinalState: true)
            case (.object, "png"):
                return try PNGEncoder().encode(try frame(args).image)
            case (.object(let m as ModelObject), "orrm"):
                return try ModelBindings.encode(m)
            case (.object(let r as RolloutObject), "csv"):
                return Array(csv(r.rollout).utf8)
            case (.string(let s), "txt"), (.string(let s), "csv"), (.string(let s), "json"), (.string(let s), "md"):
                return Array(s.utf8)
            default:
                throw args.bad(1, "cannot save a \(value.typeName) as .\(file.extension) (frames, states, scenes and rollouts as .png, rollouts as .csv, strings as .txt/.csv/.json/.md)")
            }
        } catch let e as NativeError {
            throw e
        } catch {
            throw NativeError("cannot encode \(file.relative): \(error)")
        }
    }

    /// One row per step and body: the rollout as a table for other tools.
    static func csv(_ r: Rollout) -> String {
        var out = "step,time,body,x,y,angle,vx,vy,spin,visible\n"
        for s in r.states {
            for b in s.bodies {
                out += "\(s.step),\(s.time),\(b.name),\(b.position.x),\(b.position.y),\(b.angle),\(b.velocity.x),\(b.velocity.y),\(b.spin),\(b.visible ? 1 : 0)\n"
            }
        }
        return out
    }
}
