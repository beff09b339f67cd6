import Foundation

// MARK: - The external-model protocol (docs/external-protocol.md)
//
// One JSON object per line on the model process's stdin (requests) and stdout
// (replies). Requests: hello, start, step, decode, edit, shutdown. Version 2 adds
// frames: observations may carry them and `decode` may give one (ExternalFrames.swift).
// The model's
// state is an opaque JSON value the process returns and the host hands back,
// so the host can branch rollouts (twin worlds, edits) without the process
// keeping anything. This file writes requests and checks replies; it knows
// nothing about processes.

/// Message building and reply checking for the external-model protocol.
public enum ExternalProtocol {
    /// The protocol version this host speaks (and asks for in `hello`).
    public static let version = 2
    /// The versions a program may answer with: version 1 programs take and give bodies only.
    public static let supportedVersions = 1...2
    /// Longest reply line accepted (bytes); a longer one is an error, not an allocation.
    public static let maximumLineLength = 16 << 20

    // MARK: - Requests

    static func hello() -> String {
        line([("type", .string("hello")), ("version", .integer(version)),
              ("versions", .array(supportedVersions.map { .integer($0) })),
              ("encodings", .array(FrameEncoding.allCases.map { .string($0.rawValue) }))])
    }

    static func start(scene: Scene, context: [Observation]) -> String {
        line([("type", .string("start")), ("scene", json(scene)), ("context", .array(context.map(json)))])
    }

    /// A version 2 `start`: each observation carries what the program takes — its visible
    /// bodies, the camera's frame at the size it asked for, or both.
    static func start(scene: Scene, context: [Observation], capabilities c: ExternalCapabilities) throws -> String {
        let observations = try context.map { o -> JSONValue in
            var fields: [(String, JSONValue)] = [("step", .integer(o.step)), ("time", .compactNumber(o.time))]
            if c.takesBodies, case .object(let b) = json(o), let bodies = b.first(where: { $0.0 == "bodies" }) {
                fields.append(bodies)
            }
            if let size = c.takesFrames {
                let image = try FrameRendering.render(scene: scene, state: o.source, size: size)
                fields.append(("frame", try json(image, encoding: c.frameEncoding)))
            }
            return .object(fields)
        }
        return line([("type", .string("start")), ("scene", json(scene)), ("context", .array(observations))])
    }

    static func step(state: String) -> String { line([("type", .string("step")), ("state", .raw(state))]) }

    static func decode(state: String) -> String { line([("type", .string("decode")), ("state", .raw(state))]) }

    static func edit(state: String, body: String?, factor: String, value: Double) -> String {
        line([("type", .string("edit")), ("state", .raw(state)), ("body", body.map(JSONValue.string) ?? .null),
              ("factor", .string(factor)), ("value", .compactNumber(value))])
    }

    static func shutdown() -> String { line([("type", .string("shutdown"))]) }

    /// A request: one object on one line, without spaces. `state` is the process's own
    /// JSON, handed back as it was received.
    static func line(_ fields: [(String, JSONValue)]) -> String {
        JSONValue.object(fields).text(.compact)
    }

    // MARK: - Scenes and observations as protocol JSON

    /// The scene as the protocol describes it (see the document): plain arrays for vectors.
    static func json(_ scene: Scene) -> JSONValue {
        let walls = scene.walls.map { w in
            JSONValue.object([("name", .string(w.name)), ("from", vec(w.from)), ("to", vec(w.to)),
                              ("thickness", .compactNumber(w.thickness))])
        }
        let occluders = scene.occluders.map { o in
            JSONValue.object([("name", .string(o.name)), ("center", vec(o.rect.center)), ("size", vec(o.rect.size))])
        }
        let bodies = scene.bodies.map { b -> JSONValue in
            let kind: String, radius: Double, size: Vec2
            switch b.shape {
            case .ball(let r): kind = "ball"; radius = r; size = Vec2(2 * r, 2 * r)
            case .box(let s): kind = "box"; radius = 0; size = s
            }
            return .object([
                ("name", .string(b.name)), ("kind", .string(kind)), ("position", vec(b.position)),
                ("velocity", vec(b.velocity)), ("angle", .compactNumber(b.angle)), ("radius", .compactNumber(radius)),
                ("size", vec(size)), ("mass", .compactNumber(b.resolvedMass)), ("restitution", .compactNumber(b.restitution)),
                ("friction", .compactNumber(b.friction)), ("static", .bool(b.isStatic)), ("color", .string(b.color.hex)),
            ])
        }
        return .object([
            ("name", .string(scene.name)),
            ("gravity", vec(scene.gravity)),
            ("dt", .compactNumber(scene.dt)),
            ("ground", scene.ground.map { .compactNumber($0.height) } ?? .null),
            ("bounds", scene.bounds.map { .array([vec($0.lower), vec($0.upper)]) } ?? .null),
            ("walls", .array(walls)),
            ("occluders", .array(occluders)),
            ("bodies", .array(bodies)),
        ])
    }

    /// An observation: only the visible bodies, never the true state behind it.
    static func json(_ o: Observation) -> JSONValue {
        let bodies = o.bodies.map { b in
            JSONValue.object([
                ("name", .string(b.name)), ("kind", .string(b.kind.rawValue)), ("position", vec(b.position)),
                ("angle", .compactNumber(b.angle)), ("radius", .compactNumber(b.radius)), ("size", vec(b.size)),
                ("color", .string(b.color.hex)),
            ])
        }
        return .object([("step", .integer(o.step)), ("time", .compactNumber(o.time)), ("bodies", .array(bodies))])
    }

    static func vec(_ v: Vec2) -> JSONValue { .array([.compactNumber(v.x), .compactNumber(v.y)]) }

    /// A number as the protocol writes it: whole numbers without a fraction; non-finite
    /// values (which JSON cannot carry) as null.
    static func number(_ x: Double) -> String { JSONValue.compactNumber(x).text(.compact) }

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

    static func decodedBodies(_ reply: [String: Any], required: Bool = true) throws -> [DecodedBody] {
        if !required, reply["bodies"] == nil || reply["bodies"] is NSNull { return [] }
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
