import Foundation

// MARK: - The session protocol
//
// `orrery session` speaks JSON lines: one request object per input line, any number of
// event objects per request on output, the last of them `done`. A Jupyter kernel (the
// Python wrapper in Scripts/jupyter) and editors drive the REPL through it; the
// protocol is documented in docs/notebooks.md.

/// Serves the session protocol over one `Repl`: reads request lines, runs them, writes
/// event lines through `write` (one JSON object per call, without the newline).
public final class SessionServer {
    /// The name and version of the protocol, sent in the `ready` event.
    public static let protocolName = "orrery-session/1"

    public let repl: Repl
    let output: SessionOutput
    let version: String

    /// A session whose REPL has `options` and `extensions`; Ctrl-C (or SIGINT sent by a
    /// kernel) raising `repl.interrupt` stops the running request and keeps the bindings.
    public init(options: RunOptions, extensions: [any LanguageExtension], version: String,
                write: @escaping (String) -> Void) {
        output = SessionOutput(extensions: extensions, write: write)
        repl = Repl(options: options, reader: NoLineReader(), output: output)
        repl.extensions = extensions
        self.version = version
    }

    /// Sends `ready`, then serves requests read from `reader` until `quit` or the end of
    /// input, on a thread with a large stack (as the REPL runs).
    public func serve(_ reader: LineReader) {
        Interpreter.onLargeStack { [self] in
            output.send(id: .null, event: "ready", [("protocol", .string(Self.protocolName)),
                                                    ("version", .string(version)),
                                                    ("language", .string("orrery")),
                                                    ("file_extension", .string(".orr"))])
            while let line = reader.readLine(prompt: "") {
                if !handle(line) { break }
            }
        }
    }

    /// Runs one request line; false after `quit`.
    @discardableResult
    public func handle(_ line: String) -> Bool {
        if line.allSatisfy(\.isWhitespace) { return true }
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            output.send(id: .null, event: "done", [("status", .string("error")),
                                                   ("message", .string("a request is one JSON object per line"))])
            return true
        }
        let id = Self.requestID(object["id"])
        let code = object["code"] as? String ?? ""
        let cursor = (object["cursor"] as? NSNumber)?.intValue ?? code.unicodeScalars.count
        output.requestID = id
        defer { output.requestID = .null }
        switch object["op"] as? String {
        case "execute":
            output.failed = false
            let succeeded = repl.execute(code)
            let status = succeeded && !output.failed ? "ok" : "error"
            output.send(id: id, event: "done", [("status", .string(status))])
        case "is_complete":
            output.send(id: id, event: "done", [("status", .string("ok")),
                                                ("completeness", .string(repl.completeness(of: code).rawValue))])
        case "complete":
            let found = repl.completions(in: code, cursor: cursor)
            output.send(id: id, event: "done", [("status", .string("ok")), ("matches", .array(found.matches.map(JSONValue.string))),
                                                ("cursor_start", .integer(found.start)), ("cursor_end", .integer(found.end))])
        case "inspect":
            let text = repl.inspection(in: code, cursor: cursor)
            output.send(id: id, event: "done", [("status", .string("ok")), ("found", .bool(text != nil)),
                                                ("text", .string(text ?? ""))])
        case "quit":
            output.send(id: id, event: "done", [("status", .string("ok"))])
            return false
        case let op:
            let message = op.map { "unknown op '\($0)' (execute, is_complete, complete, inspect, quit)" }
                ?? "a request needs a string 'op'"
            output.send(id: id, event: "done", [("status", .string("error")), ("message", .string(message))])
        }
        return true
    }

    /// A request's `id` as sent back: a string or an integer, else null.
    static func requestID(_ value: Any?) -> JSONValue {
        if let s = value as? String { return .string(s) }
        if let n = value as? NSNumber, let i = Int(exactly: n.doubleValue) { return .integer(i) }
        return .null
    }
}

// MARK: - Events

/// The REPL's output as session events: `output` (an nbformat output object: a stream,
/// or `display_data` with the same MIME bundle a written .ipynb holds), `result` (an
/// echoed expression value), `error` (a formatted, located diagnostic) and `progress`.
public final class SessionOutput: ReplOutput {
    let extensions: [any LanguageExtension]
    let write: (String) -> Void
    var requestID: JSONValue = .null
    /// Whether the request running now reported an error (shown as an error by a kernel).
    var failed = false

    init(extensions: [any LanguageExtension], write: @escaping (String) -> Void) {
        self.extensions = extensions
        self.write = write
    }

    func send(id: JSONValue, event: String, _ fields: [(String, JSONValue)] = []) {
        write(JSONValue.object([("id", id), ("event", .string(event))] + fields).text(.compact))
    }

    public func print(_ line: String) {
        send(id: requestID, event: "output", [("output", JupyterNotebook.output(.text(line)))])
    }

    public func show(_ value: Value) {
        let shown = ValueDisplay.notebookOutput(of: value, extensions: extensions)
        if case .error = shown { failed = true }
        send(id: requestID, event: "output", [("output", JupyterNotebook.output(shown))])
    }

    public func error(_ text: String) {
        failed = true
        send(id: requestID, event: "error", [("text", .string(text))])
    }

    /// A value a picture or table can show is sent with that MIME bundle, others as text.
    public func echo(_ value: Value) {
        let shown = ValueDisplay.notebookOutput(of: value, extensions: extensions)
        let data: JSONValue
        switch shown {
        case .png, .svg, .table:
            guard case .object(let fields) = JupyterNotebook.output(shown),
                  let bundle = fields.first(where: { $0.0 == "data" })?.1 else { fallthrough }
            data = bundle
        default:
            data = .object([("text/plain", .string(value.debugDescription))])
        }
        send(id: requestID, event: "result", [("data", data)])
    }

    /// `fraction` of the work `label` is done; `detail` says where it is. (The world's
    /// training loops report through this when the output is a progress sink.)
    public func progress(_ label: String, fraction: Double, detail: String) {
        send(id: requestID, event: "progress", [("label", .string(label)), ("fraction", .number(fraction)),
                                                ("detail", .string(detail))])
    }

    public func progressDone(_ label: String) {
        send(id: requestID, event: "progress_done", [("label", .string(label))])
    }
}

/// The session reads requests itself; its REPL never reads lines.
final class NoLineReader: LineReader {
    func readLine(prompt: String) -> String? { nil }
    func addHistory(_ line: String) {}
}
