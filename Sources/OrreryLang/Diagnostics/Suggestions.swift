// MARK: - "did you mean"
//
// One helper for every misspelt name: variables and built-ins, members, named
// arguments, and the words a domain checks (scene entries, properties, colours, body
// names). Candidates are whatever the caller knows to be valid where the name was used.

public enum Suggestions {
    /// The candidate `name` was most likely meant to be, or nil when none is close.
    ///
    /// A candidate equal to `name` but for letter case wins. Otherwise the nearest by
    /// edit distance (insertions, deletions, substitutions, and swaps of two adjacent
    /// characters, each counting 1) within `max(1, (length - 1) / 3)` of the name (one
    /// edit up to 6 characters, two up to 9, …), and less than the name's length, so a
    /// one-letter name is never "corrected" to another.
    /// Ties go to the candidate first in alphabetical order.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name)
        let limit = max(1, (target.count - 1) / 3)
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            if candidate.lowercased() == lowered { return candidate }
            let d = distance(target, Array(candidate), limit: limit)
            guard d <= limit, d < target.count else { continue }
            if let b = best, b.distance < d || (b.distance == d && b.name <= candidate) { continue }
            best = (candidate, d)
        }
        return best?.name
    }

    /// `did you mean 'x'?` for the closest candidate, or nil.
    public static func didYouMean(_ name: String, among candidates: some Sequence<String>,
                                  quote: String = "'") -> String? {
        closest(to: name, among: candidates).map { "did you mean \(quote)\($0)\(quote)?" }
    }

    /// ` (did you mean 'x'?)` to append to a message, or "" when nothing is close.
    public static func hint(_ name: String, among candidates: some Sequence<String>) -> String {
        didYouMean(name, among: candidates).map { " (\($0))" } ?? ""
    }

    /// Optimal-string-alignment distance between two names, or `limit + 1` as soon as it
    /// must exceed `limit` (names differing in length by more cannot be close).
    static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, before[j - 2] + 1)
                }
                current[j] = d
                rowMinimum = min(rowMinimum, d)
            }
            if rowMinimum > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
