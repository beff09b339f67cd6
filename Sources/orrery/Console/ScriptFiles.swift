import Foundation

// MARK: - Reading scripts

/// File access for the commands: reading one script, expanding folders into the
/// sorted list of `*.orr` files below them, and writing reports.
enum ScriptFiles {
    /// Reads a script as UTF-8, or reports why not on stderr and returns nil
    /// (the caller exits 74).
    static func read(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            Terminal.err("orrery: cannot read '\(path)': no such file")
            return nil
        }
        if isDirectory.boolValue {
            Terminal.err("orrery: cannot read '\(path)': is a directory")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.err("orrery: cannot read '\(path)': permission denied or unreadable")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            Terminal.err("orrery: cannot read '\(path)': not valid UTF-8")
            return nil
        }
        return text
    }

    /// Expands each path: a file stays as given, a folder becomes every `*.orr`
    /// below it (recursively), sorted so runs are reproducible. Paths that do not
    /// exist are returned in `missing`.
    static func expand(_ paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(path)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            var found: [String] = []
            if let walker = FileManager.default.enumerator(atPath: path) {
                for case let relative as String in walker where relative.hasSuffix(".orr") {
                    found.append(base + "/" + relative)
                }
            }
            // Byte order, like `LC_ALL=C sort`, so the order is the same everywhere.
            found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            files.append(contentsOf: found)
        }
        return (files, missing)
    }
}

// MARK: - Writing reports

extension ScriptFiles {
    /// Checks, before anything runs, that each file the user named for a report can be
    /// created: its folder must exist, since the program creates no folder the user did
    /// not name; the one exception is the output folder (`--out out --report out/r.html`),
    /// which is created here as a script's first `save` would (its parent must exist).
    /// Says why on stderr and exits 74 otherwise.
    static func requireFolders(of paths: String?..., outputFolder: String? = nil) throws {
        for case let path? in paths {
            let folder = (path as NSString).deletingLastPathComponent
            if let outputFolder, !folder.isEmpty,
               URL(fileURLWithPath: folder).standardizedFileURL == URL(fileURLWithPath: outputFolder).standardizedFileURL {
                _ = mkdir(folder, 0o755)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory) else {
                Terminal.err("orrery: cannot write '\(path)': the folder '\(folder)' does not exist")
                throw ExitStatus.ioError
            }
            guard isDirectory.boolValue else {
                Terminal.err("orrery: cannot write '\(path)': '\(folder)' is not a folder")
                throw ExitStatus.ioError
            }
        }
    }

    /// Writes a report file as UTF-8 into a folder that exists (see `requireFolders`);
    /// on failure says why on stderr and exits 74.
    static func write(_ text: String, to path: String) throws {
        try requireFolders(of: path)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            Terminal.err("orrery: cannot write '\(path)': \(error.localizedDescription)")
            throw ExitStatus.ioError
        }
    }
}
