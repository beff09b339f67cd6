import WorldKit
import OrreryLang
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Scripts are untrusted: they write files only below the output folder.
enum OutputFiles {
    struct Target {
        /// The path as the script gave it, normalised, relative to the output folder.
        var relative: String
        /// The full path to write.
        var absolute: String
        /// Lower-cased extension without the dot.
        var `extension`: String
    }

    /// Checks a script-given path: relative, no `..` that leaves the folder, no
    /// empty name. The output folder itself is created when the first file is written.
    static func resolve(_ path: String, in folder: String) throws -> Target {
        guard !path.isEmpty else { throw NativeError("save: empty file name") }
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else {
            throw NativeError("save: '\(path)' is an absolute path; scripts write only inside the output folder '\(folder)'")
        }
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if parts.isEmpty {
                    throw NativeError("save: '\(path)' leaves the output folder '\(folder)'")
                }
                parts.removeLast()
            default:
                guard !part.contains("\0") else { throw NativeError("save: bad file name") }
                parts.append(String(part))
            }
        }
        guard let name = parts.last else { throw NativeError("save: '\(path)' names no file") }
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        let relative = parts.joined(separator: "/")
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return Target(relative: relative, absolute: (base.isEmpty ? "." : base) + "/" + relative, extension: ext)
    }

    static func write(_ bytes: [UInt8], to target: Target) throws {
        let url = URL(fileURLWithPath: target.absolute)
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // A symbolic link inside the folder could point outside it: refuse to follow one.
            if let attributes = try? manager.attributesOfItem(atPath: target.absolute),
               attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                throw NativeError("save: '\(target.relative)' is a symbolic link; not following it")
            }
            try Data(bytes).write(to: url)
        } catch let e as NativeError {
            throw e
        } catch {
            throw NativeError("save: cannot write '\(target.absolute)': \(error.localizedDescription)")
        }
    }
}
