import Foundation

// MARK: - External model (dynamics computed by another process)
//
// The model lives in a child process speaking the line-based JSON protocol of
// docs/external-protocol.md. Each request has a deadline; a timeout, a crash, a
// line that is not JSON or a reply of the wrong shape stops the process and
// becomes a `ModelError` that names the command. After a failure the model stays
// an object the caller can hold, but every call says why it no longer works.

/// A state of an external model: the process's opaque state, kept by the host.
public struct ExternalState: ModelState, Equatable {
    public var step: Int
    public var time: Double
    public var dt: Double
    /// The process's state as canonical JSON text, handed back with each request.
    public var payload: String
    /// The scene's bodies as declared, for decoding.
    var template: [BodyState]
}

/// A world model served by another process over the external-model protocol.
public final class ExternalModel: FrameDecodingModel {
    public static let defaultTimeout = 5.0
    /// The handshake may take at least this long: starting an interpreter and importing
    /// numpy takes seconds on a busy machine, and that is not the model hanging.
    public static let minimumStartupTimeout = 10.0

    public let kind = "external"
    /// The command line as given.
    public let command: String
    /// Seconds allowed per request.
    public let timeout: Double
    /// The name the process gave in its handshake.
    public private(set) var name = ""
    public private(set) var taxonomy: Taxonomy
    public private(set) var contextLength = 1
    /// The protocol version the process answered with (1 or 2).
    public private(set) var protocolVersion = 1
    /// What the process takes and gives (version 1: bodies in, bodies out).
    public private(set) var capabilities = ExternalCapabilities()
    private var process: ExternalProcess?
    /// Why the process is gone, once it is.
    private var failure: String?

    /// Starts `command` (split into words; single and double quotes group) and performs the
    /// handshake within `timeout` seconds.
    public init(command: String, timeout: Double = ExternalModel.defaultTimeout, permission: ExecPermission) throws {
        self.command = command
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ModelError("external model '\(command)': timeout must be between 0 and 3600 seconds, got \(timeout)")
        }
        self.timeout = timeout
        taxonomy = Taxonomy(state: .explicit, memory: .none, dynamics: .external, summary: "an external process")
        let words = try Self.split(command)
        process = try ExternalProcess(arguments: words, label: command)
        let reply = try request(ExternalProtocol.hello(), named: "hello", expecting: "hello",
                                timeout: max(timeout, Self.minimumStartupTimeout))
        let versions = ExternalProtocol.supportedVersions
        guard let v = ExternalProtocol.finite(reply["version"]), v == v.rounded(),
              v >= Double(versions.lowerBound), v <= Double(versions.upperBound) else {
            let found = reply["version"].map { "\($0)" } ?? "none"
            throw fail("speaks protocol version \(found); this host speaks \(versions.lowerBound)…\(versions.upperBound)")
        }
        protocolVersion = Int(v)
        if protocolVersion >= 2 {
            capabilities = try checked { try ExternalProtocol.capabilities(reply) }
        }
        name = (reply["name"] as? String) ?? command
        if let c = ExternalProtocol.finite(reply["context"]) {
            guard c >= 1, c <= 1000 else { throw fail("asked for \(c) context observations (1...1000)") }
            contextLength = Int(c)
        }
        if let t = reply["taxonomy"] as? [String: Any] {
            let state = (t["state"] as? String).flatMap(Taxonomy.StateConstruction.init(rawValue:)) ?? .explicit
            let memory = (t["memory"] as? String).flatMap(Taxonomy.Memory.init(rawValue:)) ?? .none
            taxonomy = Taxonomy(state: state, memory: memory, dynamics: .external,
                                summary: (t["summary"] as? String) ?? "an external process")
        }
    }

    deinit { shutdown() }

    public var hyperparameters: [String: Double] {
        var h = ["timeout": timeout, "context": Double(contextLength), "protocol": Double(protocolVersion)]
        if let f = capabilities.takesFrames { h["frame_width"] = Double(f.width); h["frame_height"] = Double(f.height) }
        return h
    }
    /// The size of the frames the process gives, or nil when it gives bodies only.
    public var decodedFrameSize: FrameSize? { capabilities.givesFrames }
    public var isTrained: Bool { true }
    /// False once the process has failed or been shut down.
    public var isRunning: Bool { process != nil }
    /// The process's id while it runs (benchmarks read its CPU time from /proc).
    public var processID: Int32? { process?.processID }

    /// Asks the process to exit (best effort, within the timeout) and stops it.
    public func shutdown() {
        guard let p = process else { return }
        let deadline = ExternalProcess.now() + min(timeout, 2)
        if (try? p.send(ExternalProtocol.shutdown(), deadline: deadline)) != nil {
            _ = try? p.readLine(deadline: deadline)
        }
        p.stop()
        process = nil
        failure = failure ?? "it was shut down"
    }

    // MARK: - WorldModel

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let last = context.last else { throw ModelError("external model '\(command)': start needs at least one context observation") }
        let message = protocolVersion >= 2
            ? try ExternalProtocol.start(scene: scene, context: context, capabilities: capabilities)
            : ExternalProtocol.start(scene: scene, context: context)
        let reply = try request(message, named: "start", expecting: "state")
        let (payload, step) = try checked { try ExternalProtocol.stateText(reply) }
        let s = step ?? last.step
        return ExternalState(step: s, time: Double(s) * scene.dt, dt: scene.dt, payload: payload,
                             template: last.source.bodies)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        var s = try own(state)
        let reply = try request(ExternalProtocol.step(state: s.payload), named: "step", expecting: "state")
        let (payload, step) = try checked { try ExternalProtocol.stateText(reply) }
        s.payload = payload
        s.step = step ?? (s.step &+ 1)
        s.time = Double(s.step) * s.dt
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        try decodeWithFrame(state).state
    }

    /// The decoded bodies and, when the process gives frames, its frame for this state.
    public func decodeWithFrame(_ state: any ModelState) throws -> (state: WorldState, frame: Image?) {
        let s = try own(state)
        let reply = try request(ExternalProtocol.decode(state: s.payload), named: "decode", expecting: "decoded")
        let decoded = try checked { try ExternalProtocol.decodedBodies(reply, required: capabilities.givesBodies) }
        var frame: Image? = nil
        if let size = capabilities.givesFrames {
            guard let f = reply["frame"], !(f is NSNull) else {
                throw fail("sent a \"decoded\" reply without a \"frame\" (its hello promised \(size) frames)")
            }
            frame = try checked { try ExternalProtocol.frame(f, field: "a decoded \"frame\"", expected: size) }
        }
        var bodies: [BodyState] = []
        // Keep the scene's order; a body the process does not report is one it has lost.
        for var b in s.template {
            guard let d = decoded.first(where: { $0.name == b.name }) else { continue }
            b.position = d.position
            b.velocity = d.velocity ?? .zero
            b.angle = d.angle ?? b.angle
            b.visible = true
            bodies.append(b)
        }
        if let stray = decoded.first(where: { d in !s.template.contains { $0.name == d.name } }) {
            throw fail("decoded a body '\(stray.name)' the scene does not have")
        }
        return (WorldState(step: s.step, time: s.time, bodies: bodies), frame)
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try own(state)
        let reply = try request(ExternalProtocol.edit(state: s.payload, body: body, factor: factor, value: value),
                                named: "edit", expecting: "state")
        s.payload = try checked { try ExternalProtocol.stateText(reply) }.state
        return s
    }

    // MARK: - Requests

    /// Sends one request and reads its reply, within the timeout; any failure stops the process.
    private func request(_ line: String, named what: String, expecting type: String,
                         timeout: Double? = nil) throws -> [String: Any] {
        guard let p = process else {
            throw ModelError("external model '\(command)' is not running (\(failure ?? "it was never started"))")
        }
        let limit = timeout ?? self.timeout
        let deadline = ExternalProcess.now() + limit
        do {
            try p.send(line, deadline: deadline)
            let reply = try p.readLine(deadline: deadline)
            return try ExternalProtocol.parse(reply, expecting: type)
        } catch let e as ExternalProcess.ProcessFailure {
            switch e {
            case .timedOut:
                throw fail("did not answer '\(what)' within \(ExternalProtocol.number(limit)) s")
            case .lineTooLong:
                throw fail("sent a reply to '\(what)' longer than \(ExternalProtocol.maximumLineLength) bytes")
            case .exited:
                let status = p.exitStatus().map { "exited with status \($0)" } ?? "closed its output"
                let tail = p.stderrTail
                throw fail("\(status) during '\(what)'" + (tail.isEmpty ? "" : "; its last error output: \(tail)"))
            }
        } catch let e as ExternalProtocol.ReplyProblem {
            if e.fromModel {
                // The process refused the request but is still healthy: keep it.
                throw ModelError("external model '\(command)' reported an \(e.message) (in reply to '\(what)')")
            }
            throw fail("sent \(e.message) in reply to '\(what)'")
        }
    }

    /// Runs a reply check; a wrong shape stops the process like any protocol failure.
    private func checked<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ExternalProtocol.ReplyProblem {
            throw fail("sent \(e.message)")
        }
    }

    /// Stops the process and returns the error describing why.
    private func fail(_ message: String) -> ModelError {
        process?.stop()
        process = nil
        failure = "it \(message)"
        return ModelError("external model '\(command)' \(message)")
    }

    private func own(_ state: any ModelState) throws -> ExternalState {
        guard let s = state as? ExternalState else { throw ModelError("external model '\(command)': not one of its states") }
        return s
    }

    // MARK: - Command line

    /// Splits a command into words: whitespace separates, quotes group, backslash escapes.
    static func split(_ command: String) throws -> [String] {
        var words: [String] = [], current = "", inWord = false
        var quote: Character? = nil, escaped = false
        for c in command {
            if escaped { current.append(c); escaped = false; inWord = true; continue }
            if c == "\\" && quote != "'" { escaped = true; continue }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; inWord = true; continue }
            if c.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        if quote != nil { throw ModelError("external model '\(command)': unclosed quote in the command") }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw ModelError("external model: the command is empty") }
        return words
    }
}
