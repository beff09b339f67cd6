// The `RuntimeError` overload of the front end's formatter (api.md), kept next to the
// type it formats.

extension DiagnosticFormatter {
    /// The message with a snippet, then `  in f (file:line:col)` per script frame.
    public static func format(_ e: RuntimeError, source: String?, color: Bool) -> String {
        formatRuntimeError(message: e.message, range: e.range,
                           trace: e.trace.map { (function: $0.function, range: $0.range) },
                           source: source, color: color)
    }
}
