// MARK: - The door
//
// The language core knows no domain. A domain (the world: scenes, rollouts, models)
// reaches scripts only through a `LanguageExtension` handed to the `Engine`, the `Repl`
// or the `NotebookRunner`: its scene vocabulary for the parser, the functions whose
// bare-name arguments name its things, its `std/` modules, the natives and hooks it
// installs on each new interpreter, and how its values look in a terminal and a notebook.
// With no extension the language runs on its own (its own tests do exactly that).

/// A domain that extends the language.
public protocol LanguageExtension {
    /// The words of `scene` blocks, for the parser.
    var sceneVocabulary: SceneVocabulary { get }
    /// Functions whose bare-name arguments name things of the domain: in `contact(a, b)`
    /// a name that is no variable in scope compiles to the string "a".
    var nameArgumentFunctions: Set<String> { get }
    /// Those of `nameArgumentFunctions` whose names a scene must declare, with how many of
    /// their leading arguments are such names (`contact(a, b)`: 2; `r.series(a, "x")`: 1):
    /// `orrery check` reports a literal name that no scene entry of the program declares,
    /// when every entry's name is literal.
    var sceneNameFunctions: [String: Int] { get }
    /// Modules `import "std/NAME"` finds, by file name (`"priors.orr"`), as source text.
    var standardModules: [String: String] { get }
    /// Registers natives, constants and hooks (`sceneFactory`, `priorFactory`,
    /// `correction`) on a new interpreter that runs with `options` and writes to `output`.
    func install(into interpreter: Interpreter, options: RunOptions, output: OutputSink)
    /// A shown value as terminal text (a picture when `colored`), or nil to leave it to
    /// the language (its description, or a table for a list of records).
    func terminalText(of value: Value, colored: Bool, columns: Int) -> String?
    /// A shown value as a notebook output (PNG, SVG, …), or nil to leave it to the language.
    func display(of value: Value) -> NotebookOutput?
}

extension LanguageExtension {
    public var sceneVocabulary: SceneVocabulary { SceneVocabulary() }
    public var nameArgumentFunctions: Set<String> { [] }
    public var sceneNameFunctions: [String: Int] { [:] }
    public var standardModules: [String: String] { [:] }
    public func terminalText(of value: Value, colored: Bool, columns: Int) -> String? { nil }
    public func display(of value: Value) -> NotebookOutput? { nil }
}

extension Array where Element == any LanguageExtension {
    /// Every extension's scene words together.
    var sceneVocabulary: SceneVocabulary {
        reduce(SceneVocabulary()) { $0.merging($1.sceneVocabulary) }
    }
}
