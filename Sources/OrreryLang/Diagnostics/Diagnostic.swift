/// A problem found in a script, as data. The library never prints: the executable
/// formats these with `DiagnosticFormatter`.
public struct Diagnostic: Hashable, Sendable, Error {
    public enum Severity: String, Sendable { case error, warning, note }

    /// A secondary message pointing back at a related place, e.g. the opening `{`
    /// of an unclosed block.
    public struct Note: Hashable, Sendable {
        public var message: String
        public var range: SourceRange?
        public init(message: String, range: SourceRange?) {
            self.message = message
            self.range = range
        }
    }

    public var severity: Severity
    public var message: String
    public var range: SourceRange
    public var notes: [Note]

    public init(_ severity: Severity = .error, _ message: String, at range: SourceRange, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
    }
}
