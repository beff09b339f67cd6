import OrreryLang
import WorldKit

// MARK: - Datasets out of the language
//
// `export(data, "name", size:)` writes a dataset inside the output folder as numpy
// files and JSON (WorldKit's DatasetExport; the format is in docs/external-protocol.md)
// and returns the folder's path as the current directory sees it, so a script can hand
// it to an external program. `exec_allowed()` says whether this run may start programs
// (`--allow-exec`), so one notebook can show an external model's column when allowed.

enum ExportBindings {
    static func install(into interp: Interpreter, options: RunOptions, folder: OutputFolder, output: OutputSink) {
        let allowExec = options.allowExec
        interp.define(NativeFunction("exec_allowed", parameters: []) { _ in .bool(allowExec) })
        interp.define(NativeFunction("export", parameters: ["data", "name", "size"]) { args in
            let data = try args.object(at: 1, as: DatasetObject.self, expected: "dataset").dataset
            let name = try args.string(at: 2)
            let size = args.has(3) ? try frameSize(&args, at: 3) : FrameSize.standard
            let base = try exporting { try folder.name(name) }
            let bytes = DatasetExport.frameBytes(data, size: size)
            // One rollout's frames are in memory at a time.
            let largest = data.rollouts.map { $0.states.count &* size.byteCount }.max() ?? 0
            try args.reserve(largest < 0 ? Int.max : largest &* 2, for: "export")
            guard bytes >= 0, bytes <= folder.maxBytes - folder.bytesWritten else {
                throw NativeError("export: the frames take \(bytes < 0 ? "more than Int.max" : String(bytes)) bytes, more than the \(max(0, folder.maxBytes - folder.bytesWritten)) --max-output leaves")
            }
            let interpreter = args.interpreter
            try ModelBindings.library("export") {
                try DatasetExport.write(data, size: size, checkpoint: { try interpreter.checkInterrupt() }) { file, content in
                    let target = try exporting { try folder.name(base.relative + "/" + file) }
                    try exporting { try folder.write(content, to: target) }
                    output.outputFileWritten(path: target.relative, bytes: content)
                }
            }
            return .string(folder.path.hasSuffix("/") ? folder.path + base.relative : folder.path + "/" + base.relative)
        })
    }

    /// A frame size argument: a whole number (square) or a vector (width, height).
    static func frameSize(_ args: inout Arguments, at position: Int) throws -> FrameSize {
        let range = FrameSize.sides
        let size: FrameSize
        if case .number = args.value(at: position) {
            let side = try args.integer(at: position)
            size = FrameSize(width: side, height: side)
        } else {
            let v = try args.vector(at: position)
            guard let w = Interpreter.exactInt(v.x), let h = Interpreter.exactInt(v.y) else {
                throw args.bad(position, "size must be whole pixels, got (\(v.x), \(v.y))")
            }
            size = FrameSize(width: w, height: h)
        }
        guard range.contains(size.width), range.contains(size.height) else {
            throw args.bad(position, "size must be \(range.lowerBound)…\(range.upperBound) pixels a side, got \(size)")
        }
        return size
    }

    /// Runs a file-system step of `export`, naming `export` in its error.
    static func exporting<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as NativeError { throw NativeError("export: \(e.message)") }
    }
}
