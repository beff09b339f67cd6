import Foundation

// MARK: - Notebook back to script

/// A Jupyter notebook (one `orrery notebook` wrote, perhaps edited and re-run in
/// JupyterLab) as a percent-format script: `# %%` before each code cell (with its
/// `title` metadata), `# %% [markdown]` before each markdown cell with its lines as
/// `# ` comments. Outputs are dropped: the script is the source.
///
/// A markdown cell holds the sanitised HTML of its markdown (see `JupyterNotebook`); when
/// that HTML is still what the markdown in `metadata.orrery.markdown` gives, the markdown
/// comes back; a cell edited in Jupyter keeps the text it was edited to.
public enum NotebookScript {
    /// A notebook that cannot be read as one.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public static func script(fromNotebook text: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Problem(description: "not a JSON object")
        }
        guard let cells = object["cells"] as? [[String: Any]] else {
            throw Problem(description: "no 'cells' list (nbformat 4 expected)")
        }
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let source = try sourceText(cell["source"], cell: index + 1)
            let metadata = cell["metadata"] as? [String: Any] ?? [:]
            switch cell["cell_type"] as? String {
            case "code":
                let title = (metadata["title"] as? String).map { " " + $0 } ?? ""
                var code = source
                // The first cell's configuration line (`# orrery: --seed 7`) stays the
                // script's first line, where it configures `orrery run` as it did the kernel.
                if parts.isEmpty, let first = code.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
                   ScriptHeader.markerEnd(in: first) != nil {
                    parts.append(String(first))
                    code = String(code.dropFirst(first.count).drop { $0 == "\n" })
                    if code.isEmpty && title.isEmpty { continue }
                }
                parts.append("# %%\(title)" + (code.isEmpty ? "" : "\n" + code))
            case "markdown", "raw":
                var markdown = source
                if let original = (metadata["orrery"] as? [String: Any])?["markdown"] as? String,
                   JupyterNotebook.markdownSource(original) == source {
                    markdown = original
                }
                let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# " + $0 }
                parts.append("# %% [markdown]" + (markdown.isEmpty ? "" : "\n" + lines.joined(separator: "\n")))
            case let other:
                throw Problem(description: "cell \(index + 1) has cell_type \(other.map { "'\($0)'" } ?? "missing")")
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// nbformat's multiline string: a string, or a list of strings to join.
    static func sourceText(_ value: Any?, cell: Int) throws -> String {
        if let s = value as? String { return s }
        if let lines = value as? [String] { return lines.joined() }
        if value == nil { return "" }
        throw Problem(description: "cell \(cell) has a 'source' that is not text")
    }
}
