#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif
import Foundation

// MARK: - The output folder

/// The one place through which a run writes files on a script's behalf. Scripts are
/// untrusted, so the folder the user named (`--out`) is opened once and every file is
/// then reached from that descriptor: each folder on the way with
/// `openat(…, O_NOFOLLOW | O_DIRECTORY)` (`mkdirat` when missing), the file itself written
/// to a fresh temporary name (`O_CREAT | O_EXCL | O_NOFOLLOW`) and renamed into place with
/// `renameat`, which replaces a name and never follows it. A symbolic link anywhere
/// below the folder is refused, and a link swapped in while a file is being written
/// cannot redirect it: nothing is ever written outside the folder.
///
/// The folder itself is created on the first write when it is missing, but not its
/// parents: `--out results` creates `results`, `--out a/b` needs `a` to exist. The folder
/// the user named may itself be a symbolic link; only what lies below it is checked.
///
/// It also counts the bytes written (`--max-output`): a file that would take the run past
/// the limit is refused before anything of it stays on disk.
public final class OutputFolder: @unchecked Sendable {
    /// `--max-output`'s default: 1 GiB across all files of a run.
    public static let defaultMaxBytes = 1 << 30

    /// The folder as the user named it.
    public let path: String
    /// Bytes the run may write in all; `Int.max` for no limit.
    public let maxBytes: Int
    /// Bytes written so far by files that were kept.
    public var bytesWritten: Int { lock.withLock { written } }

    private var written = 0
    private var descriptor: Int32 = -1
    private let lock = NSLock()

    public init(path: String, maxBytes: Int = OutputFolder.defaultMaxBytes) {
        self.path = path.isEmpty ? "." : path
        self.maxBytes = maxBytes
    }

    deinit { if descriptor >= 0 { _ = close(descriptor) } }

    // MARK: - Names

    /// A script-given file name checked and normalised: relative, inside the folder.
    public struct FileName: Sendable, Equatable {
        /// The folders on the way, then the file's own name.
        public var components: [String]
        /// The path relative to the output folder, as reported to the script.
        public var relative: String { components.joined(separator: "/") }
        /// The lower-cased extension without the dot ("" when there is none).
        public var `extension`: String {
            guard let name = components.last, let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
            return name[name.index(after: dot)...].lowercased()
        }
    }

    /// Checks a script-given path: not empty, not absolute, no `..` that leaves the
    /// folder, no NUL. Symbolic links are checked when the file is written.
    public func name(_ path: String) throws -> FileName {
        guard !path.isEmpty else { throw NativeError("empty file name") }
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else {
            throw NativeError("'\(path)' is an absolute path; scripts write only inside the output folder '\(self.path)'")
        }
        guard !path.contains("\0") else { throw NativeError("bad file name") }
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { throw NativeError("'\(path)' leaves the output folder '\(self.path)'") }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        guard !parts.isEmpty else { throw NativeError("'\(path)' names no file") }
        return FileName(components: parts)
    }

    // MARK: - Writing

    /// Writes `bytes` to `name` below the folder, replacing a file already there.
    public func write(_ bytes: [UInt8], to name: FileName) throws {
        let file = try create(name)
        do {
            try file.append(bytes)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Starts a file below the folder, for writers that produce their bytes in pieces:
    /// `append` them, then `commit()` (or `discard()`); until then the bytes are under
    /// a temporary name, and a file neither committed nor discarded is removed when it
    /// goes away.
    public func create(_ name: FileName) throws -> PendingFile {
        let parent = try openParent(of: name)
        let final = name.components[name.components.count - 1]
        do {
            try refuseLinkOrFolder(final, in: parent, name: name)
            // A fresh name each time, created exclusively: nothing there is followed or reused.
            for _ in 0..<16 {
                let temporary = ".orrery-save.\(UInt64.random(in: 0...UInt64.max)).orrery-tmp"
                let fd = openat(parent, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                if fd >= 0 {
                    return PendingFile(folder: self, parent: parent, descriptor: fd, temporary: temporary, name: name)
                }
                if errno != EEXIST { throw failure("cannot create '\(name.relative)'") }
            }
            throw NativeError("cannot create a temporary file for '\(name.relative)'")
        } catch {
            _ = close(parent)
            throw error
        }
    }

    /// A file being written: its bytes count against the run's limit as they arrive.
    public final class PendingFile {
        private let folder: OutputFolder
        private let parent: Int32
        private var descriptor: Int32
        private let temporary: String
        public let name: FileName
        private var size = 0
        private var finished = false

        fileprivate init(folder: OutputFolder, parent: Int32, descriptor: Int32, temporary: String, name: FileName) {
            self.folder = folder
            self.parent = parent
            self.descriptor = descriptor
            self.temporary = temporary
            self.name = name
        }

        deinit { discard() }

        /// Appends bytes; refuses (writing none of them) when the run would exceed its limit.
        public func append(_ bytes: [UInt8]) throws {
            precondition(!finished, "append after commit or discard")
            try folder.reserve(bytes.count, before: size, for: name)
            var offset = 0
            try bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                while offset < raw.count {
                    let n = systemWrite(descriptor, base + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw folder.failure("cannot write '\(name.relative)'")
                    }
                    offset += n
                }
            }
            size += bytes.count
        }

        /// Puts the file in place under its name (replacing what was there) and counts it.
        public func commit() throws {
            precondition(!finished, "commit after commit or discard")
            let closed = close(descriptor)
            descriptor = -1
            guard closed == 0 else { throw folder.failure("cannot write '\(name.relative)'") }
            let last = name.components[name.components.count - 1]
            // Checked again just before the rename; the rename itself replaces a link, never follows it.
            try folder.refuseLinkOrFolder(last, in: parent, name: name)
            guard renameat(parent, temporary, parent, last) == 0 else {
                throw folder.failure("cannot write '\(name.relative)'")
            }
            finished = true
            _ = close(parent)
            folder.lock.withLock { folder.written += size }
        }

        /// Removes the temporary file: nothing of it is left behind.
        public func discard() {
            guard !finished else { return }
            finished = true
            if descriptor >= 0 { _ = close(descriptor) }
            _ = unlinkat(parent, temporary, 0)
            _ = close(parent)
        }
    }

    // MARK: - The limit

    /// Refuses `count` more bytes of a file that has `before` already when the kept files
    /// plus this one would pass the limit.
    fileprivate func reserve(_ count: Int, before: Int, for name: FileName) throws {
        let total = lock.withLock { written }
        let (sum, overflow) = total.addingReportingOverflow(before + count)
        if overflow || sum > maxBytes {
            throw NativeError("writing '\(name.relative)' would take the run's output past --max-output (\(maxBytes) bytes; \(total) written so far)")
        }
    }

    // MARK: - Descriptors

    /// The descriptor of the folder the user named, opened (and created) on first use.
    private func root() throws -> Int32 {
        try lock.withLock {
            if descriptor >= 0 { return descriptor }
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                if errno == ENOENT {
                    throw NativeError("cannot create the output folder '\(path)': its parent folder does not exist")
                }
                throw failure("cannot create the output folder '\(path)'")
            }
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw failure("cannot open the output folder '\(path)'") }
            descriptor = fd
            return fd
        }
    }

    /// Opens (creating when missing) each folder on the way to `name`, never following a
    /// link; returns the descriptor of the last one, which the caller closes.
    private func openParent(of name: FileName) throws -> Int32 {
        var current = dup(try root())
        guard current >= 0 else { throw failure("cannot open the output folder '\(path)'") }
        for (index, part) in name.components.dropLast().enumerated() {
            var next = openat(current, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT {
                if mkdirat(current, part, 0o755) != 0, errno != EEXIST {
                    let error = failure("cannot create the folder '\(prefix(name, index))'")
                    _ = close(current)
                    throw error
                }
                next = openat(current, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 {
                let code = errno
                let error = isLink(part, in: current)
                    ? NativeError("'\(prefix(name, index))' inside the output folder is a symbolic link; not following it")
                    : code == ENOTDIR
                        ? NativeError("'\(prefix(name, index))' inside the output folder is not a folder")
                        : failure("cannot open the folder '\(prefix(name, index))'", code: code)
                _ = close(current)
                throw error
            }
            _ = close(current)
            current = next
        }
        return current
    }

    /// Throws when the file's own name is a link or a folder.
    fileprivate func refuseLinkOrFolder(_ last: String, in parent: Int32, name: FileName) throws {
        var info = stat()
        guard fstatat(parent, last, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: throw NativeError("'\(name.relative)' inside the output folder is a symbolic link; not following it")
        case S_IFDIR: throw NativeError("'\(name.relative)' inside the output folder is a folder")
        default: return
        }
    }

    private func isLink(_ part: String, in folder: Int32) -> Bool {
        var info = stat()
        return fstatat(folder, part, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    private func prefix(_ name: FileName, _ index: Int) -> String {
        name.components[...index].joined(separator: "/")
    }

    fileprivate func failure(_ what: String, code: Int32 = errno) -> NativeError {
        NativeError("\(what): \(String(cString: strerror(code)))")
    }
}
