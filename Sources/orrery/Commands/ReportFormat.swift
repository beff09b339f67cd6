import Foundation
import OrreryLang

// MARK: - Notebook report formats

/// The formats of a notebook report (`notebook -o`, `run --report`), chosen by the
/// file's extension.
enum ReportFormat {
    /// `.html` or `.htm`: one self-contained page.
    case html
    /// `.ipynb`: a Jupyter notebook.
    case jupyter

    /// nil when the extension is neither `.html`/`.htm` nor `.ipynb`.
    init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": self = .html
        case "ipynb": self = .jupyter
        default: return nil
        }
    }

    func render(_ run: NotebookRun) -> String {
        switch self {
        case .html: HTMLReport.render(run)
        case .jupyter: JupyterNotebook.render(run)
        }
    }
}
