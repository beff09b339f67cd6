import Foundation

// MARK: - The external-model protocol (docs/external-protocol.md)
//
// One JSON object per line on the model process's stdin (requests) and stdout
// (replies). Requests: hello, start, step, decode, edit, shutdown. The model's
// state is an opaque JSON value the process returns and the host hands back,
// so the host can branch rollouts (twin worlds, edits) without the process
// keeping anything. This file writes requests and checks replies; it knows
// nothing about processes.

/// Message building and reply checking for the external-model protocol.
public enum ExternalProtocol {
    /// The protocol version this host speaks.
    public static let version = 1
    /// Longest reply line accepted (bytes); a longer one is an error, not an allocation.
    public static let maximumLineLength = 16 << 20

    // MARK: - Requests

    static func hello() -> String {
        "{\"type\":\"hello\",\"version\":\(version)}"
    }

    static func start(scene: Scene, context: [Observation]) -> String {
        "{\"type\":\"start\",\"scene\":\(json(scene)),\"context\":[\(context.map(json).joined(separator: ","))]}"
    }

    static func step(state: String) -> String { "{\"type\":\"step\",\"state\":\(state)}" }

    static func decode(state: String) -> String { "{\"type\":\"decode\",\"state\":\(state)}" }

    static func edit(state: String, body: String?, factor: String, value: Double) -> String {
        "{\"type\":\"edit\",\"state\":\(state),\"body\":\(body.map(JSONText.quoted) ?? "null"),\"factor\":\(JSONText.quoted(factor)),\"value\":\(number(value))}"
    }

    static func shutdown() -> String { "{\"type\":\"shutdown\"}" }

    // MARK: - Scenes and observations as protocol JSON

    /// The scene as the protocol describes it (see the document): plain arrays for vectors.
    static func json(_ scene: Scene) -> String {
        var fields: [String] = [
            "\"name\":\(JSONText.quoted(scene.name))",
            "\"gravity\":\(vec(scene.gravity))",
            "\"dt\":\(number(scene.dt))",
            "\"ground\":\(scene.ground.map { number($0.height) } ?? "null")",
            "\"bounds\":\(scene.bounds.map { "[\(vec($0.lower)),\(vec($0.upper))]" } ?? "null")",
        ]
        let walls = scene.walls.map {
            "{\"name\":\(JSONText.quoted($0.name)),\"from\":\(vec($0.from)),\"to\":\(vec($0.to)),\"thickness\":\(number($0.thickness))}"
        }
        fields.append("\"walls\":[\(walls.joined(separator: ","))]")
        let occluders = scene.occluders.map {
            "{\"name\":\(JSONText.quoted($0.name)),\"center\":\(vec($0.rect.center)),\"size\":\(vec($0.rect.size))}"
        }
        fields.append("\"occluders\":[\(occluders.joined(separator: ","))]")
        let bodies = scene.bodies.map { b -> String in
            let kind: String, radius: Double, size: Vec2
            switch b.shape {
            case .ball(let r): kind = "ball"; radius = r; size = Vec2(2 * r, 2 * r)
            case .box(let s): kind = "box"; radius = 0; size = s
            }
            return "{\"name\":\(JSONText.quoted(b.name)),\"kind\":\"\(kind)\",\"position\":\(vec(b.position)),"
                + "\"velocity\":\(vec(b.velocity)),\"angle\":\(number(b.angle)),\"radius\":\(number(radius)),"
                + "\"size\":\(vec(size)),\"mass\":\(number(b.resolvedMass)),\"restitution\":\(number(b.restitution)),"
                + "\"friction\":\(number(b.friction)),\"static\":\(b.isStatic),\"color\":\(JSONText.quoted(b.color.hex))}"
        }
        fields.append("\"bodies\":[\(bodies.joined(separator: ","))]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// An observation: only the visible bodies, never the true state behind it.
    static func json(_ o: Observation) -> String {
        let bodies = o.bodies.map { b in
            "{\"name\":\(JSONText.quoted(b.name)),\"kind\":\"\(b.kind.rawValue)\",\"position\":\(vec(b.position)),"
                + "\"angle\":\(number(b.angle)),\"radius\":\(number(b.radius)),\"size\":\(vec(b.size)),"
                + "\"color\":\(JSONText.quoted(b.color.hex))}"
        }
        return "{\"step\":\(o.step),\"time\":\(number(o.time)),\"bodies\":[\(bodies.joined(separator: ","))]}"
    }

    static func vec(_ v: Vec2) -> String { "[\(number(v.x)),\(number(v.y))]" }

    /// A JSON number; non-finite values (which JSON cannot carry) become null.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }


    // MARK: - Replies

    /// A reply line parsed into an object, or a description of what was wrong with it.
    static func parse(_ line: String, expecting type: String) throws -> [String: Any] {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw ReplyProblem("a line that is not JSON: \(excerpt(line))")
        }
        guard let dict = object as? [String: Any] else {
            throw ReplyProblem("JSON that is not an object: \(excerpt(line))")
        }
        guard let t = dict["type"] as? String else {
            throw ReplyProblem("an object without a \"type\" string: \(excerpt(line))")
        }
        if t == "error" {
            throw ReplyProblem("error: \((dict["message"] as? String) ?? "(no message)")", fromModel: true)
        }
        guard t == type else { throw ReplyProblem("a \"\(t)\" reply where \"\(type)\" was expected") }
        return dict
    }

    /// The opaque state of a `state` reply, re-serialised canonically (sorted keys).
    static func stateText(_ reply: [String: Any]) throws -> (state: String, step: Int?) {
        guard let state = reply["state"] else { throw ReplyProblem("a \"state\" reply without a \"state\" field") }
        guard let data = try? JSONSerialization.data(withJSONObject: state, options: [.sortedKeys, .fragmentsAllowed]),
              let text = String(data: data, encoding: .utf8) else {
            throw ReplyProblem("a \"state\" field that cannot be written back as JSON")
        }
        // A step must be an integer a rollout could reach; anything else is ignored.
        let step = finite(reply["step"]).flatMap { $0 == $0.rounded() && abs($0) <= 1e12 ? Int($0) : nil }
        return (text, step)
    }

    /// One decoded body: name, position, optional velocity and angle.
    struct DecodedBody {
        var name: String
        var position: Vec2
        var velocity: Vec2?
        var angle: Double?
    }

    static func decodedBodies(_ reply: [String: Any]) throws -> [DecodedBody] {
        guard let list = reply["bodies"] as? [Any] else { throw ReplyProblem("a \"decoded\" reply without a \"bodies\" list") }
        return try list.enumerated().map { i, item in
            guard let b = item as? [String: Any], let name = b["name"] as? String else {
                throw ReplyProblem("body #\(i + 1) of \"decoded\" has no \"name\" string")
            }
            guard let p = vector(b["position"]) else {
                throw ReplyProblem("body '\(name)' of \"decoded\" has no \"position\" [x, y] of finite numbers")
            }
            let v = b["velocity"].flatMap(vector)
            if b["velocity"] != nil, !(b["velocity"] is NSNull), v == nil {
                throw ReplyProblem("body '\(name)' of \"decoded\" has a \"velocity\" that is not [x, y]")
            }
            return DecodedBody(name: name, position: p, velocity: v, angle: finite(b["angle"]))
        }
    }

    static func vector(_ any: Any?) -> Vec2? {
        guard let a = any as? [Any], a.count == 2, let x = finite(a[0]), let y = finite(a[1]) else { return nil }
        return Vec2(x, y)
    }

    static func finite(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber else { return nil }
        let d = n.doubleValue
        return d.isFinite ? d : nil
    }

    static func excerpt(_ s: String) -> String {
        let trimmed = s.count > 80 ? String(s.prefix(80)) + "…" : s
        return "'\(trimmed)'"
    }

    /// What was wrong with a reply (the model wraps it with the command's name).
    struct ReplyProblem: Error {
        var message: String
        var fromModel = false
        init(_ message: String, fromModel: Bool = false) {
            self.message = message
            self.fromModel = fromModel
        }
    }
}
