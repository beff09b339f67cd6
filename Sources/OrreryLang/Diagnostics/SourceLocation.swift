import Synchronization

/// A position in a source file: 1-based line and column (columns count Unicode scalars),
/// plus the 0-based UTF-8 byte offset for slicing.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
}

/// A half-open range `[start, end)` in one source file.
///
/// The file is held as its index in a process-wide table of file names
/// (`SourceFileNames`), so a range holds no reference: compiled code keeps ranges for
/// its errors, and copying one costs no retain or release.
public struct SourceRange: Hashable, Sendable {
    /// The file's index in `SourceFileNames`; equal names have equal indices.
    let fileID: Int
    public var start: SourceLocation
    public var end: SourceLocation

    /// The file's name, as given when the range was made.
    public var file: String {
        get { SourceFileNames.name(of: fileID) }
        set { self = SourceRange(file: newValue, start: start, end: end) }
    }

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.init(fileID: SourceFileNames.id(of: file), start: start, end: end)
    }

    /// A range in the file of index `fileID` (from another range or `SourceFileNames.id(of:)`).
    init(fileID: Int, start: SourceLocation, end: SourceLocation) {
        self.fileID = fileID
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(fileID: fileID, start: min(start, other.start), end: max(end, other.end))
    }
}

/// The names of the source files that ranges refer to, each stored once for the life of
/// the process; a range holds its file's index here. Only grows: a name is a few bytes
/// and a process reads few distinct files.
enum SourceFileNames {
    private struct Table {
        var names: [String] = []
        var ids: [String: Int] = [:]
    }
    private static let table = Mutex(Table())

    /// The index of `name`, adding it on first use.
    static func id(of name: String) -> Int {
        table.withLock { t in
            if let i = t.ids[name] { return i }
            t.names.append(name)
            t.ids[name] = t.names.count - 1
            return t.names.count - 1
        }
    }

    /// The name at index `id`.
    static func name(of id: Int) -> String {
        table.withLock { t in id >= 0 && id < t.names.count ? t.names[id] : "" }
    }
}
