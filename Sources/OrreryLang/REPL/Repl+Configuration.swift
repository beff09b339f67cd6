// MARK: - A configuration line in a session

extension Repl {
    /// Applies `text`'s configuration line (`# orrery: --seed 7`) when it is the first input
    /// the session runs: the session starts afresh with those settings (the options it was
    /// started with, a kernelspec's say, are the defaults it overrides; limits only tighten).
    /// Later, the line may only repeat the configuration in force: changing it needs a
    /// restart (or `.reset`), since the bindings were made under the old one. False, with
    /// the error reported, when the line is malformed or comes too late.
    func configure(by text: String, file: String) -> Bool {
        do {
            guard let found = try ScriptHeader.parse(text, file: file) else { return true }
            if let header {
                if header == found { return true }
                throw Diagnostic(.error, "this session already runs with '\(header.line)'; restart the kernel"
                                 + " (or `.reset` in the REPL) to change its configuration", at: found.range ?? Repl.start(file))
            }
            guard !hasEvaluated else {
                throw Diagnostic(.error, "a configuration line must be in the first cell that runs; restart the kernel"
                                 + " (or `.reset` in the REPL) and run this cell first", at: found.range ?? Repl.start(file))
            }
            options = try found.applied(to: startOptions, commandLineSeed: nil)
            header = found
            // A session made before (completion asks one for scene words) had the old options.
            session = nil
            return true
        } catch let diagnostic as Diagnostic {
            output.error(DiagnosticFormatter.format(diagnostic, source: text, color: false))
        } catch {
            output.error("error: \(error)")
        }
        return false
    }

    static func start(_ file: String) -> SourceRange {
        SourceRange(file: file, start: SourceLocation(offset: 0, line: 1, column: 1), end: SourceLocation(offset: 0, line: 1, column: 1))
    }
}
