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

    public init(entryWords: Set<String> = [], namedWords: Set<String> = [], flagKeys: Set<String> = []) {
        self.entryWords = entryWords.union(namedWords)
        self.namedWords = namedWords
        self.flagKeys = flagKeys
    }

    /// Both vocabularies' words.
    public func merging(_ other: SceneVocabulary) -> SceneVocabulary {
        SceneVocabulary(entryWords: entryWords.union(other.entryWords), namedWords: namedWords.union(other.namedWords),
                        flagKeys: flagKeys.union(other.flagKeys))
    }
}
