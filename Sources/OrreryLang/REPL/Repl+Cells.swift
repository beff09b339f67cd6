import Foundation

// MARK: - Whole inputs (notebook cells)
//
// A notebook kernel or an editor hands the REPL a whole cell at once rather than line
// by line; these entry points run it against the same bindings and answer the
// questions an editor asks (is this input finished, what completes the word at the
// cursor, what is this name).

/// Whether an input is ready to run, as the parser sees it.
public enum InputCompleteness: String, Sendable {
    /// It parses, or it has an error more input cannot fix: running it reports that error.
    case complete
    /// A construct is still open (a bracket, a block, a dangling operator).
    case incomplete
    /// It has a syntax error that more input cannot fix.
    case invalid
}

/// The candidates for the word at a cursor, and which characters they replace.
public struct CompletionMatches: Sendable, Equatable {
    /// Offsets in Unicode scalars (what Jupyter calls code points) of the word replaced.
    public var start: Int
    public var end: Int
    public var matches: [String]
}

extension Repl {
    /// Runs one whole input (a cell): every statement, with the REPL's bindings, as if it
    /// had been typed at the prompt. A cell that is just a `.command` line runs that command.
    /// An interrupt raised before the call (while idle) is dropped. False when the input
    /// reported an error, a failed expect or a failed test.
    @discardableResult
    public func execute(_ text: String) -> Bool {
        _ = interrupt.take()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("."), !trimmed.contains("\n") {
            _ = command(trimmed)
            return true
        }
        if trimmed.isEmpty { return true }
        return evaluate(text, parsed: parse(text))
    }

    /// `complete` when `text` parses (or fails in a way more lines cannot fix: `invalid`),
    /// `incomplete` while a construct is open.
    public func completeness(of text: String) -> InputCompleteness {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(".") && !trimmed.contains("\n") { return .complete }
        let parsed = parse(text)
        if parsed.diagnostics.isEmpty { return .complete }
        return parsed.isIncomplete ? .incomplete : .invalid
    }

    /// What completes the word ending at `cursor` (a Unicode-scalar offset into `text`):
    /// after `x.` or `x.y.`, the members of that value (a host object's member names, a
    /// record's fields); at the start of a line after `.`, the REPL's commands; otherwise
    /// names in scope, built-ins and keywords.
    public func completions(in text: String, cursor: Int) -> CompletionMatches {
        let scalars = Array(text.unicodeScalars)
        let end = max(0, min(cursor, scalars.count))
        var start = end
        while start > 0, Repl.isIdentifierScalar(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<end]))
        guard start > 0, scalars[start - 1] == "." else {
            return CompletionMatches(start: start, end: end, matches: completions(for: prefix))
        }
        let chain = Repl.memberChain(endingAt: start - 1, in: scalars)
        if chain.isEmpty {
            // `.he` at the start of a line: a REPL command.
            let lineStart = start - 1 == 0 || scalars[start - 2] == "\n"
            let matches = lineStart ? Repl.commands.filter { $0.hasPrefix("." + prefix) }.map { String($0.dropFirst()) } : []
            return CompletionMatches(start: start, end: end, matches: matches)
        }
        let names = value(of: chain).map(Repl.memberNames(of:)) ?? []
        return CompletionMatches(start: start, end: end, matches: names.filter { $0.hasPrefix(prefix) }.sorted())
    }

    /// A description of the name (or `x.member` chain) around `cursor`: a function's
    /// signature (with the doc comment of a prelude function), or a value's type and
    /// description. Nil when there is no name there or it is not bound.
    public func inspection(in text: String, cursor: Int) -> String? {
        let scalars = Array(text.unicodeScalars)
        var end = max(0, min(cursor, scalars.count))
        while end < scalars.count, Repl.isIdentifierScalar(scalars[end]) { end += 1 }
        // A cursor just after `name(` inspects `name`.
        if end > 0, end == max(0, min(cursor, scalars.count)), scalars[end - 1] == "(" { end -= 1 }
        var start = end
        while start > 0, Repl.isIdentifierScalar(scalars[start - 1]) { start -= 1 }
        guard start < end else { return nil }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        var chain = start > 0 && scalars[start - 1] == "." ? Repl.memberChain(endingAt: start - 1, in: scalars) : []
        chain.append(name)
        guard let value = value(of: chain) else { return nil }
        return Repl.describe(value, named: chain.joined(separator: "."))
    }

    // MARK: - Helpers

    static func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s)
    }

    /// The names of `a.b.c` ending just before the `.` at `dot` (empty when there is no
    /// name before it).
    static func memberChain(endingAt dot: Int, in scalars: [Unicode.Scalar]) -> [String] {
        var names: [String] = []
        var end = dot
        while true {
            var start = end
            while start > 0, isIdentifierScalar(scalars[start - 1]) { start -= 1 }
            guard start < end else { return names.isEmpty ? [] : names }
            names.insert(String(String.UnicodeScalarView(scalars[start..<end])), at: 0)
            guard start > 0, scalars[start - 1] == "." else { return names }
            end = start - 1
        }
    }

    /// The value of a global, built-in or `x.member…` chain, without running any script
    /// code: nil when a name is unbound or a member is missing.
    func value(of chain: [String]) -> Value? {
        guard let first = chain.first else { return nil }
        let session = ensureSession()
        guard case .global(let cell)? = (globals[first] ?? session.interpreter.builtins[first])?.address else { return nil }
        var value = cell.value
        for member in chain.dropFirst() {
            switch value {
            case .record(let fields):
                guard let next = fields[member] else { return nil }
                value = next
            case .object(let object):
                guard let next = try? object.member(member) else { return nil }
                value = next
            default:
                return nil
            }
        }
        return value
    }

    static func memberNames(of value: Value) -> [String] {
        switch value {
        case .record(let fields): return Array(fields.keys)
        case .object(let object): return object.memberNames
        default: return []
        }
    }

    /// Longest description `inspection` shows of a value.
    static let maximumInspectionLength = 2_000

    static func describe(_ value: Value, named name: String) -> String {
        switch value {
        case .native(let f):
            let parameters = f.parameters.joined(separator: ", ") + (f.isVariadic ? ", …" : "")
            return "\(f.name)(\(parameters))\nbuilt-in function"
        case .function(let f):
            let signature = "fn \(f.name)(\(f.proto.parameterNames.joined(separator: ", ")))"
            if let doc = preludeDocumentation(of: f.name) { return signature + "\n" + doc }
            return signature
        default:
            var text = value.debugDescription
            if text.count > maximumInspectionLength { text = String(text.prefix(maximumInspectionLength)) + "…" }
            return "\(name): \(value.typeName)\n\(text)"
        }
    }

    /// The `#` comment lines just above `fn name(` in the prelude, without their `# `.
    static func preludeDocumentation(of name: String) -> String? {
        guard let source = EmbeddedStdlib.files["prelude.orr"] else { return nil }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.hasPrefix("fn \(name)(") }) else { return nil }
        var doc: [Substring] = []
        var i = index - 1
        while i >= 0, lines[i].hasPrefix("#") {
            doc.insert(lines[i].dropFirst(lines[i].hasPrefix("# ") ? 2 : 1), at: 0)
            i -= 1
        }
        return doc.isEmpty ? nil : doc.joined(separator: "\n")
    }
}
