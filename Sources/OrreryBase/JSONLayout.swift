// MARK: - JSON layout

/// How `JSONValue` lays out its text: on one line, or one item per line with indentation.
/// Only whitespace differs between layouts; the values and their order never do.
public struct JSONLayout: Hashable, Sendable {
    /// Spaces per level, each item on its own line; nil keeps containers on one line.
    public var indent: Int?
    /// Between a key and its value: `":"`, `": "` or `" : "`.
    public var keySeparator: String
    /// Between items on one line: `","` or `", "` (items on their own lines end in `","`).
    public var itemSeparator: String
    /// Whether an empty container laid out on lines opens a blank line (`[\n\n  ]`, as
    /// Foundation's JSONEncoder writes it) instead of staying `[]`.
    public var opensEmptyContainers: Bool

    public init(indent: Int?, keySeparator: String = ": ", itemSeparator: String = ", ",
                opensEmptyContainers: Bool = false) {
        self.indent = indent
        self.keySeparator = keySeparator
        self.itemSeparator = itemSeparator
        self.opensEmptyContainers = opensEmptyContainers
    }

    /// One line without spaces, `{"a":1,"b":[1,2]}`: protocol lines and test-result lines.
    public static let compact = JSONLayout(indent: nil, keySeparator: ":", itemSeparator: ",")

    /// One line with spaces, `{"a": 1, "b": [1, 2]}`: records inside the benchmark report,
    /// the training benchmark's export description.
    public static let spaced = JSONLayout(indent: nil)

    /// One item per line, `indent` spaces per level, `"key": value`, empty containers as
    /// `[]`: Jupyter notebooks (one space). (The benchmark report indents by two and opens
    /// its empty lists, as its hand-built text did.)
    public static func indented(_ indent: Int) -> JSONLayout {
        JSONLayout(indent: indent)
    }

    /// Foundation's JSONEncoder `.prettyPrinted`: two spaces, `"key" : value`, empty
    /// containers opened. Run manifests keep the bytes they had when it wrote them.
    public static let foundationPretty = JSONLayout(indent: 2, keySeparator: " : ", opensEmptyContainers: true)
}
