#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif
import Foundation

// MARK: - Where a script may read

/// The folders a script may read files from (Deno's model): the ones a run grants
/// without asking (the script's own folder for imports; also the output folder for
/// model files) and every `--allow-read DIR`. A path is checked after resolving every
/// symbolic link in it, so neither `..` nor an absolute path nor a link leaves them;
/// a path outside them is refused without saying whether anything is there.
public struct ReadAccess: Sendable {
    /// Folders readable without asking.
    public var folders: [String]
    /// `--allow-read` folders.
    public var allowed: [String]

    public init(folders: [String], allowed: [String]) {
        self.folders = folders
        self.allowed = allowed
    }

    /// Where `path` (relative to `base` unless absolute) really is: nil when nothing is
    /// there; throws `NativeError` ("… needs --allow-read") when it lies outside every folder.
    /// `place` names the folders granted without asking, for the message.
    public func resolve(_ path: String, relativeTo base: String, place: String) throws -> String? {
        guard !path.contains("\0") else { throw NativeError("bad file name") }
        let candidate = path.hasPrefix("/") ? path : (base.isEmpty ? "." : base) + "/" + path
        let roots = folders + allowed
        if let real = Self.realPath(candidate) {
            guard roots.contains(where: { root in Self.realPath(root).map { Self.contains($0, real) } ?? false }) else {
                throw refusal(path, place: place)
            }
            return real
        }
        // Nothing there: still refuse a path outside, so a script cannot probe what exists.
        let lexical = Self.absolute(URL(fileURLWithPath: candidate).standardizedFileURL.path)
        guard roots.contains(where: { root in
            Self.contains(Self.absolute(URL(fileURLWithPath: root).standardizedFileURL.path), lexical)
                || (Self.realPath(root).map { Self.contains($0, lexical) } ?? false)
        }) else { throw refusal(path, place: place) }
        return nil
    }

    /// The bytes of a regular file at a path `resolve` returned, at most `limit` of them.
    /// That path has no symbolic link in it, so it is opened one component at a time with
    /// `O_NOFOLLOW`: a link swapped in after the check makes the read fail, never leave.
    public static func read(_ real: String, limit: Int) throws -> [UInt8] {
        let fd = try openWithoutLinks(real)
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw NativeError("'\(real)' is not a regular file")
        }
        guard Int(info.st_size) <= limit else { throw NativeError("'\(real)' is larger than \(limit) bytes") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw NativeError("cannot read '\(real)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            guard bytes.count + n <= limit else { throw NativeError("'\(real)' is larger than \(limit) bytes") }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    private static func openWithoutLinks(_ real: String) throws -> Int32 {
        func failure() -> NativeError { NativeError("cannot read '\(real)': \(String(cString: strerror(errno)))") }
        let parts = real.split(separator: "/").map(String.init)
        guard real.hasPrefix("/"), let last = parts.last else { throw NativeError("cannot read '\(real)'") }
        var folder = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw failure() }
        for part in parts.dropLast() {
            let next = openat(folder, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let error = failure()
            _ = close(folder)
            guard next >= 0 else { throw error }
            folder = next
        }
        // O_NONBLOCK: opening a FIFO must not hang; only a regular file is read (checked next).
        let fd = openat(folder, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        let error = failure()
        _ = close(folder)
        guard fd >= 0 else { throw error }
        return fd
    }

    private func refusal(_ path: String, place: String) -> NativeError {
        NativeError("'\(path)' is outside \(place); reading it needs --allow-read with a folder that contains it")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Whether `path` is `folder` or lies below it (both absolute, without `..`).
    static func contains(_ folder: String, _ path: String) -> Bool {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return path == base || path.hasPrefix(base + "/") || base.isEmpty
    }
}
