// MARK: - Outputs

/// How a shown value displays in a notebook: one output of a code cell, in the order the
/// script produced it. A domain makes its own (`LanguageExtension.display(of:)`).
public enum NotebookOutput: Sendable, Equatable {
    /// Printed lines and textual `show`s, one string per line.
    case text(String)
    /// A PNG image (a frame, or an animated PNG of a rollout) and a text alternative.
    case png([UInt8], alt: String, animated: Bool)
    /// An inline SVG document (a plot), a text alternative, and the same picture as PNG
    /// (JupyterLab draws no SVG from an untrusted notebook); empty when there is none.
    case svg(String, alt: String, png: [UInt8] = [])
    /// A list of records shown as a table: column names (sorted keys) and cell texts.
    case table(columns: [String], rows: [[String]])
    /// A runtime error or an expectation failure, already formatted.
    case error(String)

    /// The bytes the reproducibility manifest hashes for this output.
    public var manifestBytes: [UInt8] {
        switch self {
        case .text(let s): return Array(("text:" + s).utf8)
        case .png(let bytes, _, _): return Array("png:".utf8) + bytes
        case .svg(let s, _, _): return Array(("svg:" + s).utf8)
        case .error(let s): return Array(("error:" + s).utf8)
        case .table: return Array(("table:" + plainText).utf8)
        }
    }

    /// A short name of the kind of output, for manifests and messages.
    public var kindName: String {
        switch self {
        case .text: return "text"
        case .png(_, _, let animated): return animated ? "apng" : "png"
        case .svg: return "svg"
        case .error: return "error"
        case .table: return "table"
        }
    }

    /// The output as plain text: tables as aligned columns, pictures by their description.
    public var plainText: String {
        switch self {
        case .text(let s), .error(let s): return s
        case .png(_, let alt, _), .svg(_, let alt, _): return alt
        case .table(let columns, let rows):
            let all = [columns] + rows
            let widths = columns.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                columns.indices.map { c in
                    let cell = cells.indices.contains(c) ? cells[c] : ""
                    return cell + String(repeating: " ", count: max(0, widths[c] - cell.count))
                }.joined(separator: "  ").trimmingTrailingSpaces
            }
            let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
            return ([line(columns), rule] + rows.map(line)).joined(separator: "\n")
        }
    }
}
