import OrreryLang
import WorldKit

/// The world at one step: `s.a.x`, `s.time`, `s.bodies`. Keeps its scene, for
/// drawing it (camera, walls, occluders).
final class StateObject: HostObject {
    let scene: Scene
    let state: WorldState
    /// Set while a user prior runs on this state: where its `correct` and `violate` go.
    var collector: PriorCollector?

    init(scene: Scene, state: WorldState, collector: PriorCollector? = nil) {
        self.scene = scene
        self.state = state
        self.collector = collector
    }

    var typeName: String { "state" }
    var description: String {
        "<state of \"\(scene.name)\" at step \(state.step), t=\(Value.format(number: state.time))>"
    }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? StateObject).map { $0.state == state } ?? false
    }

    /// The state's own members, then its bodies' names (`s.a`).
    var memberNames: [String] {
        ["step", "time", "bodies", "names", "energy", "momentum", "scene", "body", "has"] + state.bodies.map(\.name)
    }

    func member(_ name: String) throws -> Value? {
        // Inside a running prior, the state it was given reads with its corrections so far
        // (its body values stay those of the given state, so `correct` knows them; their
        // members read the corrected values).
        let live = collector?.current(of: state) ?? state
        switch name {
        case "step": return .number(Double(state.step))
        case "time": return .number(state.time)
        case "bodies": return .list(state.bodies.map { .object(BodyStateObject($0, collector: collector)) })
        case "names": return .strings(state.bodies.map(\.name))
        case "energy": return .number(live.kineticEnergy)
        case "momentum": return .vector(live.momentum)
        case "scene": return .object(SceneObject(scene))
        case "body":
            return NativeFunction.method("body", ["name"]) { [state, collector] args in
                let n = try args.bodyName(at: 1)
                guard let b = state[n] else {
                    let guess = Suggestions.didYouMean(n, among: state.bodies.map(\.name)).map { "; " + $0 } ?? ""
                    throw args.bad(1, "no body named '\(n)'" + guess)
                }
                return .object(BodyStateObject(b, collector: collector))
            }
        case "has":
            return NativeFunction.method("has", ["name"]) { [state] args in
                .bool(state[try args.bodyName(at: 1)] != nil)
            }
        default:
            return state[name].map { .object(BodyStateObject($0, collector: collector)) }
        }
    }

    /// One line per body, for `show` without a terminal and for `print`.
    var summary: String {
        var lines = ["state of \"\(scene.name)\" at step \(state.step) (t = \(fmt(state.time))s)"]
        for b in state.bodies {
            var line = "  \(b.name): at (\(fmt(b.position.x)), \(fmt(b.position.y))) velocity (\(fmt(b.velocity.x)), \(fmt(b.velocity.y)))"
            if !b.visible { line += " hidden" }
            if b.isStatic { line += " static" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

/// Three decimals, trailing zeros kept short: the summaries' number format.
func fmt(_ x: Double) -> String {
    guard x.isFinite else { return Value.format(number: x) }
    let scaled = (x * 1000).rounded() / 1000
    return Value.format(number: scaled == 0 ? 0 : scaled)
}

/// One body at one step: `s.a.x`, `s.a.bottom`, `s.a.visible`.
final class BodyStateObject: HostObject {
    let body: BodyState
    /// The running user prior's collector, when this body came from its state.
    let collector: PriorCollector?
    /// The body's declaration as the simulator holds it now, when known (inside an intervention
    /// block): it answers for what a state does not carry (restitution, friction, density).
    let declared: BodySpec?

    init(_ body: BodyState, collector: PriorCollector? = nil, declared: BodySpec? = nil) {
        self.body = body
        self.collector = collector
        self.declared = declared
    }

    var typeName: String { "body" }
    var description: String {
        "<\(body.kind.rawValue) \(body.name) at (\(fmt(body.position.x)), \(fmt(body.position.y)))>"
    }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? BodyStateObject).map { $0.body == body } ?? false
    }

    var memberNames: [String] {
        ["name", "kind", "x", "y", "position", "velocity", "vx", "vy", "speed", "angle", "spin", "visible", "asleep",
         "static", "radius", "size", "width", "height", "half_width", "half_height", "left", "right", "top", "bottom",
         "mass", "color", "energy", "momentum"]
    }

    func member(_ name: String) throws -> Value? {
        // Inside a running prior, a body of the state it was given reads with its corrections so far.
        let b = collector?.current(of: body) ?? body
        switch name {
        case "name": return .string(b.name)
        case "kind": return .string(b.kind.rawValue)
        case "x": return .number(b.position.x)
        case "y": return .number(b.position.y)
        case "position": return .vector(b.position)
        case "velocity": return .vector(b.velocity)
        case "vx": return .number(b.velocity.x)
        case "vy": return .number(b.velocity.y)
        case "speed": return .number(b.speed)
        case "angle": return .number(b.angle)
        case "spin": return .number(b.spin)
        case "visible": return .bool(b.visible)
        case "asleep": return .bool(b.asleep)
        case "static": return .bool(b.isStatic)
        case "radius": return b.kind == .ball ? .number(b.radius) : .null
        case "size": return .vector(b.size)
        case "width": return .number(b.size.x)
        case "height": return .number(b.size.y)
        case "half_width": return .number(b.halfExtents.x)
        case "half_height": return .number(b.halfExtents.y)
        case "left": return .number(b.left)
        case "right": return .number(b.right)
        case "top": return .number(b.top)
        case "bottom": return .number(b.bottom)
        case "mass": return .number(b.mass)
        case "color": return .string(b.color.hex)
        case "energy": return .number(b.kineticEnergy)
        case "momentum": return .vector(b.momentum)
        case "restitution": return declared.map { .number($0.restitution) }
        case "friction": return declared.map { .number($0.friction) }
        case "density": return declared.map { .number($0.resolvedDensity) }
        default: return nil
        }
    }
}
