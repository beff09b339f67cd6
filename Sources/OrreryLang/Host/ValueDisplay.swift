// MARK: - Showing values
//
// `show x` hands the value to the host; this is how it is drawn. Each installed domain
// is asked first (the world draws scenes, states and rollouts); what no domain claims is
// drawn by the language: a list of records as a table, anything else as its description.

public enum ValueDisplay {
    /// Longer lists of records show as text.
    public static let maximumTableRows = 500

    /// A shown value as a notebook output.
    public static func notebookOutput(of value: Value, extensions: [any LanguageExtension]) -> NotebookOutput {
        for domain in extensions {
            if let output = domain.display(of: value) { return output }
        }
        if let rows = tableRows(value) { return table(rows) }
        return .text(value.description)
    }

    /// A shown value as terminal text: a picture when `colored` (where a domain draws
    /// one), the same table a notebook shows as aligned columns, else its description.
    public static func terminalText(of value: Value, extensions: [any LanguageExtension], colored: Bool,
                                    columns: Int) -> String {
        for domain in extensions {
            if let text = domain.terminalText(of: value, colored: colored, columns: columns) { return text }
        }
        if let rows = tableRows(value) { return table(rows).plainText }
        return value.description
    }

    /// The items of a non-empty list of at most `maximumTableRows` records.
    static func tableRows(_ value: Value) -> [Value]? {
        guard case .list(let items) = value, !items.isEmpty, items.count <= maximumTableRows,
              items.allSatisfy(\.isRecord) else { return nil }
        return items
    }

    /// Records as rows; columns are the union of their keys in the order the script
    /// gave them: the first record's fields, then each field a later record adds, in
    /// the order it first appears.
    public static func table(_ items: [Value]) -> NotebookOutput {
        var seen = Set<String>()
        var columns: [String] = []
        for case .record(let fields) in items {
            for key in fields.keys where seen.insert(key).inserted { columns.append(key) }
        }
        let rows = items.map { item -> [String] in
            guard case .record(let fields) = item else { return [] }
            return columns.map { key in
                switch fields[key] {
                case .string(let s)?: return s
                case let v?: return v.description
                case nil: return ""
                }
            }
        }
        return .table(columns: columns, rows: rows)
    }
}

extension Value {
    var isRecord: Bool {
        if case .record = self { return true }
        return false
    }
}
