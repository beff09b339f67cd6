/// The words of `scene` blocks, given to the parser as data by the domain that gives
/// them meaning (`LanguageExtension.sceneVocabulary`). With none, entry lines still parse
/// leniently, so the domain can report an unknown word by name.
public struct SceneVocabulary: Sendable, Equatable {
    /// Words that start an entry line (`ball`, `gravity`, …).
    public var entryWords: Set<String>
    /// Entry words followed by a name (`ball a …`); `add ball c …` adds one in a block.
    public var namedWords: Set<String>
    /// Property keys that take no value (`static`).
    public var flagKeys: Set<String>
    /// For each entry word, the property keys it takes, in the order its errors list them;
    /// `orrery check` reports any other key. A word without a list is not checked.
    public var properties: [String: [String]]
    /// Keys every entry takes besides its own (`allow_overlap`).
    public var universalKeys: Set<String>
    /// Names an entry declares without writing one (`ground` declares "ground"): with the
    /// names of named entries, what a scene's events may mention.
    public var implicitNames: [String: [String]]

    public init(entryWords: Set<String> = [], namedWords: Set<String> = [], flagKeys: Set<String> = [],
                properties: [String: [String]] = [:], universalKeys: Set<String> = [],
                implicitNames: [String: [String]] = [:]) {
        self.entryWords = entryWords.union(namedWords)
        self.namedWords = namedWords
        self.flagKeys = flagKeys
        self.properties = properties
        self.universalKeys = universalKeys
        self.implicitNames = implicitNames
    }

    /// Both vocabularies' words.
    public func merging(_ other: SceneVocabulary) -> SceneVocabulary {
        SceneVocabulary(entryWords: entryWords.union(other.entryWords), namedWords: namedWords.union(other.namedWords),
                        flagKeys: flagKeys.union(other.flagKeys),
                        properties: properties.merging(other.properties) { mine, _ in mine },
                        universalKeys: universalKeys.union(other.universalKeys),
                        implicitNames: implicitNames.merging(other.implicitNames) { mine, _ in mine })
    }

    // MARK: - The words of the errors
    //
    // The domain raises these when a scene runs; `orrery check` reports the same before.

    /// `unknown scene entry 'bal' (did you mean 'ball'?)`
    public func unknownEntry(_ word: String) -> String {
        "unknown scene entry '\(word)'" + Suggestions.hint(word, among: entryWords)
    }

    /// `unknown property 'radus' for ball (did you mean 'radius'? expected one of: at, radius, …)`,
    /// `known` being the keys the word takes.
    public static func unknownProperty(_ key: String, of word: String, known: [String]) -> String {
        let guess = Suggestions.didYouMean(key, among: known).map { $0 + " " } ?? ""
        let hint = known.isEmpty ? "it takes none" : guess + "expected one of: " + known.joined(separator: ", ")
        return "unknown property '\(key)' for \(word) (\(hint))"
    }
}
