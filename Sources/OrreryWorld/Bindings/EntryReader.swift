import OrreryLang
import WorldKit

/// Reads one evaluated scene entry's parts with type checks, and reports the
/// properties nobody asked for: a misspelt `radus` is an error, not silence.
struct EntryReader {
    let entry: EvaluatedSceneEntry
    private var asked: [String] = []
    private var positionalUsed = false
    /// True when the entry carries the `allow_overlap` flag (valid on every entry).
    private(set) var takesAllowOverlap = false

    init(entry: EvaluatedSceneEntry) {
        self.entry = entry
        asked.reserveCapacity(16)
        takesAllowOverlap = entry.properties.contains { $0.key == "allow_overlap" }
    }

    private var subject: String {
        entry.name.map { "\(entry.kind) '\($0)'" } ?? "'\(entry.kind)'"
    }

    func requireName() throws -> String {
        guard let name = entry.name, !name.isEmpty else {
            throw ScriptError("\(entry.kind) needs a name, as in \(entry.kind) a at (0, 0)", entry.range)
        }
        return name
    }

    private mutating func raw(_ key: String) throws -> Value? {
        ask(key)
        // A scan, not `filter`: a scene of many bodies asks every entry for each of its
        // keys, and an array per question was a quarter of building a small scene.
        var match: (key: String, value: Value?)?
        for property in entry.properties where property.key == key {
            if match != nil { throw ScriptError("\(subject) sets '\(key)' twice", entry.range) }
            match = property
        }
        guard let match else { return nil }
        guard let value = match.value else {
            throw ScriptError("'\(key)' of \(subject) needs a value", entry.range)
        }
        return value
    }

    /// Notes a key the entry's reader takes. `SceneWords` lists the same keys for
    /// `orrery check`; a debug build stops at a key missing there.
    private mutating func ask(_ key: String) {
        assert(SceneWords.entries[entry.kind].map { $0.properties.contains(key) } ?? true,
               "SceneWords.entries[\"\(entry.kind)\"].properties lacks '\(key)'")
        asked.append(key)
    }

    private func mismatch(_ key: String, _ expected: String, _ got: Value) -> ScriptError {
        ScriptError("'\(key)' of \(subject) must be a \(expected), got \(got.typeName)", entry.range)
    }

    mutating func number(_ key: String, required: Bool = false) throws -> Double? {
        guard let v = try raw(key) else {
            if required { throw missing(key) }
            return nil
        }
        guard case .number(let d) = v else { throw mismatch(key, "number", v) }
        guard d.isFinite else { throw ScriptError("'\(key)' of \(subject) must be finite", entry.range) }
        return d
    }

    mutating func vector(_ key: String, required: Bool = false) throws -> Vec2? {
        guard let v = try raw(key) else {
            if required { throw missing(key) }
            return nil
        }
        guard case .vector(let p) = v else { throw mismatch(key, "vector", v) }
        guard p.x.isFinite, p.y.isFinite else { throw ScriptError("'\(key)' of \(subject) must be finite", entry.range) }
        return p
    }

    mutating func list(_ key: String) throws -> [Value]? {
        guard let v = try raw(key) else { return nil }
        guard case .list(let items) = v else { throw mismatch(key, "list", v) }
        return items
    }

    mutating func color() throws -> Color? {
        guard let v = try raw("color") else { return nil }
        guard case .string(let text) = v else { throw mismatch("color", "string", v) }
        guard let c = Color.parse(text) else {
            throw ScriptError("unknown color \"\(text)\" (\(Color.suggestion(for: text))use #rrggbb or one of: \(Color.names.joined(separator: ", ")))", entry.range)
        }
        return c
    }

    mutating func flag(_ key: String) -> Bool {
        ask(key)
        return entry.properties.contains { $0.key == key }
    }

    mutating func positionalNumber() throws -> Double? {
        positionalUsed = true
        guard let v = entry.positional else { return nil }
        guard case .number(let d) = v else {
            throw ScriptError("'\(entry.kind)' needs a number, got \(v.typeName)", entry.range)
        }
        guard d.isFinite else {
            throw ScriptError("'\(entry.kind)' must be finite, got \(Value.format(number: d))", entry.range)
        }
        return d
    }

    mutating func positionalVector() throws -> Vec2? {
        positionalUsed = true
        guard let v = entry.positional else { return nil }
        guard case .vector(let p) = v else {
            throw ScriptError("'\(entry.kind)' needs a vector, got \(v.typeName)", entry.range)
        }
        guard p.x.isFinite, p.y.isFinite else {
            throw ScriptError("'\(entry.kind)' must be finite", entry.range)
        }
        return p
    }

    private func missing(_ key: String) -> ScriptError {
        ScriptError("\(subject) needs '\(key)'", entry.range)
    }

    /// Fails on a property or positional value that the entry kind does not take.
    func finish() throws {
        if entry.positional != nil, !positionalUsed {
            throw ScriptError("\(subject) takes no value before its properties", entry.range)
        }
        for property in entry.properties where property.key != "allow_overlap" && !asked.contains(property.key) {
            let known = asked.filter { $0 != "allow_overlap" }
            throw ScriptError(SceneVocabulary.unknownProperty(property.key, of: entry.kind, known: known), entry.range)
        }
    }
}
