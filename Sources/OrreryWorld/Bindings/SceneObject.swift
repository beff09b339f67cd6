import OrreryLang
import WorldKit

/// A scene value: `world.a.mass`, `world.bodies`, `world.gravity`. Immutable.
final class SceneObject: HostObject {
    let scene: Scene
    /// Interventions to make while it rolls out (`intervene(w, at: 30) { … }`), in order.
    let schedule: [ScheduledIntervention]
    /// When the scene block draws random values or has requirements: the block, to sample again.
    let family: SceneFamily?
    /// For a scene that `sample(family, n:, seed:)` drew: the seed and index that reproduce it.
    let origin: (seed: UInt64, index: Int)?
    /// The names of the scenes a static intervention made this one from (a removed body's
    /// among them): its rollouts may still be asked about them (BodyNames.swift).
    let earlierNames: Set<String>

    init(_ scene: Scene, schedule: [ScheduledIntervention] = [], family: SceneFamily? = nil,
         origin: (seed: UInt64, index: Int)? = nil, earlierNames: Set<String> = []) {
        self.scene = scene
        self.schedule = schedule
        self.family = family
        self.origin = origin
        self.earlierNames = earlierNames
    }

    var typeName: String { "scene" }
    var reproducingSeed: UInt64? { origin?.seed }
    var description: String {
        "<scene \"\(scene.name)\": \(scene.bodies.count) bod\(scene.bodies.count == 1 ? "y" : "ies")>"
    }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? SceneObject).map { $0.scene == scene && $0.schedule == schedule } ?? false
    }

    /// The scene's own members, then its bodies' names (`w.a`).
    var memberNames: [String] {
        ["name", "schedule", "is_family", "bodies", "names", "gravity", "dt", "substeps", "iterations", "walls",
         "occluders", "regions", "ground", "camera", "initial", "body"] + scene.bodies.map(\.name)
    }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(scene.name)
        case "schedule": return .strings(schedule.map(\.description))
        case "is_family": return .bool(family != nil)
        case "bodies": return .list(scene.bodies.map { .object(BodySpecObject($0)) })
        case "names": return .strings(scene.bodies.map(\.name))
        case "gravity": return .vector(scene.gravity)
        case "dt": return .number(scene.dt)
        case "substeps": return .number(Double(scene.substeps))
        case "iterations": return .number(Double(scene.iterations))
        case "walls": return .strings(scene.allWalls.map(\.name))
        case "occluders": return .strings(scene.occluders.map(\.name))
        case "regions": return .strings(scene.regions.map(\.name))
        case "ground": return scene.ground.map { .number($0.height) } ?? .null
        case "camera":
            return .record(["at": .vector(scene.camera.center), "size": .vector(scene.camera.size),
                            "ppu": .number(scene.camera.pixelsPerUnit)])
        case "initial": return .object(StateObject(scene: scene, state: try initialState()))
        case "body":
            return NativeFunction.method("body", ["name"]) { [scene] args in
                let n = try args.bodyName(at: 1)
                guard let b = scene.body(named: n) else {
                    let guess = Suggestions.didYouMean(n, among: scene.bodies.map(\.name)).map { "; " + $0 } ?? ""
                    throw args.bad(1, "no body named '\(n)'" + guess)
                }
                return .object(BodySpecObject(b))
            }
        default:
            return scene.body(named: name).map { .object(BodySpecObject($0)) }
        }
    }

    /// The state at step 0, as the simulator would report it.
    func initialState() throws -> WorldState {
        do { return try Simulator(scene: scene).state } catch { throw NativeError(String(describing: error)) }
    }
}

/// A body as its scene declares it: `world.b.mass`.
final class BodySpecObject: HostObject {
    let body: BodySpec

    init(_ body: BodySpec) { self.body = body }

    var typeName: String { "body" }
    var description: String { "<\(kind) \(body.name)>" }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? BodySpecObject).map { $0.body == body } ?? false
    }

    private var kind: String {
        if case .ball = body.shape { return "ball" }
        return "box"
    }

    var memberNames: [String] {
        ["name", "kind", "x", "y", "position", "velocity", "vx", "vy", "angle", "spin", "mass", "density",
         "restitution", "friction", "color", "static", "radius", "size"]
    }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(body.name)
        case "kind": return .string(kind)
        case "x": return .number(body.position.x)
        case "y": return .number(body.position.y)
        case "position": return .vector(body.position)
        case "velocity": return .vector(body.velocity)
        case "vx": return .number(body.velocity.x)
        case "vy": return .number(body.velocity.y)
        case "angle": return .number(body.angle)
        case "spin": return .number(body.spin)
        case "mass": return .number(body.resolvedMass)
        case "density": return .number(body.resolvedDensity)
        case "restitution": return .number(body.restitution)
        case "friction": return .number(body.friction)
        case "color": return .string(body.color.hex)
        case "static": return .bool(body.isStatic)
        case "radius":
            if case .ball(let r) = body.shape { return .number(r) }
            return .null
        case "size":
            switch body.shape {
            case .ball(let r): return .vector(Vec2(2 * r, 2 * r))
            case .box(let s): return .vector(s)
            }
        default: return nil
        }
    }
}
