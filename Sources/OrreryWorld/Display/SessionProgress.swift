import OrreryLang

// MARK: - Progress in a session

/// Training loops report progress to an output that is a `ProgressSink`; in a session
/// (`orrery session`, the Jupyter kernel) it becomes `progress` events, which a kernel
/// shows as a bar that updates while the cell runs.
extension SessionOutput: ProgressSink {}
