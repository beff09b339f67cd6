// MARK: - The run's configuration, written into the notebook

extension NotebookRun {
    /// The notebook with a first cell holding the configuration line for `options` when the
    /// script has none of its own and the run's seed is not the default: a kernel that
    /// re-executes the notebook (or `orrery run` of the script `--to script` gives back)
    /// then draws the same numbers. A script with a configuration line already carries it
    /// in its first cell.
    public func configured(by options: RunOptions, scriptHeader: ScriptHeader?) -> NotebookRun {
        guard scriptHeader == nil, options.seed != RunOptions().seed else { return self }
        var notebook = self
        let line = ScriptHeader(seed: options.seed).line
        let cell = NotebookCell(kind: .code, text: line, firstLine: 0, lastLine: 0, title: nil)
        notebook.cells.insert(NotebookCellResult(cell: cell, executionCount: nil, outputs: []), at: 0)
        return notebook
    }
}
