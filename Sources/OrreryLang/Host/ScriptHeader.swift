// MARK: - The configuration line

/// A script's (or a notebook's first cell's) configuration line, its first line:
///
///     # orrery: --seed 7 --max-steps 200000
///
/// It is a comment, so the script still parses anywhere, and it travels with the script:
/// through `orrery notebook` into a Jupyter notebook, through the kernel, and back with
/// `--to script`. It may set the seed and tighten the limits (`--seed`, `--max-steps`,
/// `--max-memory`, `--max-output`); it cannot grant permissions (`--allow-exec`,
/// `--allow-read`, `--out` belong to whoever runs the script). A `# orrery:` line
/// anywhere but the first line is an error, never a comment that silently does nothing.
public struct ScriptHeader: Equatable, Sendable {
    public var seed: UInt64?
    public var maxSteps: Int?
    public var maxMemory: Int?
    public var maxOutputBytes: Int?
    /// The line, for errors about it (not part of equality).
    public var range: SourceRange?

    public static func == (a: ScriptHeader, b: ScriptHeader) -> Bool {
        a.seed == b.seed && a.maxSteps == b.maxSteps && a.maxMemory == b.maxMemory && a.maxOutputBytes == b.maxOutputBytes
    }

    public init(seed: UInt64? = nil, maxSteps: Int? = nil, maxMemory: Int? = nil, maxOutputBytes: Int? = nil) {
        self.seed = seed
        self.maxSteps = maxSteps
        self.maxMemory = maxMemory
        self.maxOutputBytes = maxOutputBytes
    }

    /// What the line starts with (after leading blanks); `#` then optional blanks.
    static let marker = "orrery:"
    /// The options a configuration line may give.
    public static let options = ["--seed", "--max-steps", "--max-memory", "--max-output"]
    /// Options only the command line (or a kernelspec) may give.
    static let permissions = ["--allow-exec", "--allow-read", "--out"]

    /// The configuration line of `source` (nil when its first line is not one). A malformed
    /// line, or a `# orrery:` line after the first, is an error located in `file`.
    public static func parse(_ source: String, file: String) throws -> ScriptHeader? {
        var header: ScriptHeader?
        // "\r\n" is one Character: split on both, and measure offsets in the source itself.
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            let offset = source.utf8.distance(from: source.startIndex, to: line.startIndex)
            guard let start = markerEnd(in: line) else { continue }
            let lineNumber = index + 1
            if lineNumber > 1 {
                throw Diagnostic(.error, "a configuration line ('# orrery: …') must be the first line of the script"
                                 + " (or of a notebook's first cell); here it would do nothing",
                                 at: range(file: file, line: lineNumber, lineOffset: offset, in: line,
                                           from: line.unicodeScalars.startIndex, to: line.unicodeScalars.endIndex))
            }
            header = try parseOptions(line, from: start, file: file, lineOffset: offset)
            header?.range = range(file: file, line: 1, lineOffset: offset, in: line,
                                  from: line.unicodeScalars.startIndex, to: line.unicodeScalars.endIndex)
        }
        return header
    }

    /// Where the options start when `line` is `# orrery: …` (blanks allowed before `#` and `orrery:`).
    static func markerEnd(in line: Substring) -> String.UnicodeScalarView.Index? {
        let scalars = line.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex, scalars[i] == " " || scalars[i] == "\t" { i = scalars.index(after: i) }
        guard i < scalars.endIndex, scalars[i] == "#" else { return nil }
        i = scalars.index(after: i)
        while i < scalars.endIndex, scalars[i] == " " || scalars[i] == "\t" { i = scalars.index(after: i) }
        for expected in marker.unicodeScalars {
            guard i < scalars.endIndex, scalars[i] == expected else { return nil }
            i = scalars.index(after: i)
        }
        return i
    }

    private static func parseOptions(_ line: Substring, from start: String.UnicodeScalarView.Index,
                                     file: String, lineOffset: Int) throws -> ScriptHeader {
        let scalars = line.unicodeScalars
        // Blank-separated words with their positions.
        var words: [(text: String, from: String.UnicodeScalarView.Index, to: String.UnicodeScalarView.Index)] = []
        var i = start
        while i < scalars.endIndex {
            if scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\r" { i = scalars.index(after: i); continue }
            let from = i
            while i < scalars.endIndex, !(scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\r") {
                i = scalars.index(after: i)
            }
            words.append((String(scalars[from..<i]), from, i))
        }
        func located(_ message: String, _ from: String.UnicodeScalarView.Index, _ to: String.UnicodeScalarView.Index) -> Diagnostic {
            Diagnostic(.error, message, at: range(file: file, line: 1, lineOffset: lineOffset, in: line, from: from, to: to))
        }
        var header = ScriptHeader()
        var seen: Set<String> = []
        var k = 0
        while k < words.count {
            let word = words[k]
            k += 1
            var name = word.text
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if permissions.contains(name) {
                throw located("a script cannot grant itself \(name): give it on the command line"
                              + " (or in the Jupyter kernelspec)", word.from, word.to)
            }
            guard options.contains(name) else {
                throw located("unknown option '\(name)' in the configuration line; it takes "
                              + options.joined(separator: ", "), word.from, word.to)
            }
            guard seen.insert(name).inserted else {
                throw located("\(name) is given twice in the configuration line", word.from, word.to)
            }
            var valueEnd = word.to
            if value == nil {
                guard k < words.count, !words[k].text.hasPrefix("--") else {
                    throw located("\(name) needs a value", word.from, word.to)
                }
                value = words[k].text
                valueEnd = words[k].to
                k += 1
            }
            let text = value ?? ""
            switch name {
            case "--seed":
                guard let seed = UInt64(text) else {
                    throw located("--seed takes a whole number from 0 to 18446744073709551615, got '\(text)'", word.from, valueEnd)
                }
                header.seed = seed
            case "--max-steps":
                guard let steps = Int(text), steps > 0 else {
                    throw located("--max-steps takes a positive whole number, got '\(text)'", word.from, valueEnd)
                }
                header.maxSteps = steps
            default:
                guard let bytes = ByteCount.parse(text), bytes > 0 else {
                    throw located("\(name) takes a size such as 512M or 2G, got '\(text)'", word.from, valueEnd)
                }
                if name == "--max-memory" { header.maxMemory = bytes } else { header.maxOutputBytes = bytes }
            }
        }
        return header
    }

    private static func range(file: String, line: Int, lineOffset: Int, in text: Substring,
                              from: String.UnicodeScalarView.Index, to: String.UnicodeScalarView.Index) -> SourceRange {
        let scalars = text.unicodeScalars
        func location(_ index: String.UnicodeScalarView.Index) -> SourceLocation {
            let column = scalars.distance(from: scalars.startIndex, to: index) + 1
            let bytes = String(scalars[scalars.startIndex..<index]).utf8.count
            return SourceLocation(offset: lineOffset + bytes, line: line, column: column)
        }
        return SourceRange(file: file, start: location(from), end: location(to))
    }

    /// `options` as this line configures them: its seed (which must agree with a seed the
    /// command line gave, `commandLineSeed`), and each limit the smaller of the two, so a
    /// script can tighten its limits but never loosen them.
    public func applied(to options: RunOptions, commandLineSeed: UInt64?) throws -> RunOptions {
        var options = options
        if let seed {
            if let commandLineSeed, commandLineSeed != seed {
                throw Diagnostic(.error, "the script's configuration line sets --seed \(seed), but the command line"
                                 + " gives --seed \(commandLineSeed)",
                                 at: range ?? SourceRange(file: "<script>", start: SourceLocation(offset: 0, line: 1, column: 1),
                                                          end: SourceLocation(offset: 0, line: 1, column: 1)))
            }
            options.seed = seed
        }
        if let maxSteps { options.maxSteps = min(maxSteps, options.maxSteps ?? Int.max) }
        if let maxMemory { options.maxMemory = min(maxMemory, options.maxMemory) }
        if let maxOutputBytes { options.maxOutputBytes = min(maxOutputBytes, options.maxOutputBytes) }
        return options
    }

    /// The line that gives these settings (what `orrery notebook` writes into a notebook).
    public var line: String {
        var words = ["#", "orrery:"]
        if let seed { words += ["--seed", "\(seed)"] }
        if let maxSteps { words += ["--max-steps", "\(maxSteps)"] }
        if let maxMemory { words += ["--max-memory", "\(maxMemory)"] }
        if let maxOutputBytes { words += ["--max-output", "\(maxOutputBytes)"] }
        return words.joined(separator: " ")
    }
}
