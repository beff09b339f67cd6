import OrreryLang
import WorldKit

/// The world as a language extension: scenes, the simulator, rollouts, models, priors,
/// plots and pictures, installed through the language's one door. The `orrery` tool, the
/// REPL, the notebook runner and the tests hand one to the engine:
///
///     let engine = Engine(options: options, output: sink, extensions: [WorldExtension()])
public final class WorldExtension: LanguageExtension {
    public init() {}

    public var sceneVocabulary: SceneVocabulary { SceneWords.vocabulary }

    public var nameArgumentFunctions: Set<String> { WorldBindings.bodyNameFunctions }

    /// The event patterns (both names) and `r.series`/`s.body` (the first); not `s.has`,
    /// which asks whether a body exists.
    public var sceneNameFunctions: [String: Int] {
        var functions = Dictionary(uniqueKeysWithValues: EventObject.kindNames.map { ($0.1, 2) })
        functions["series"] = 1
        functions["body"] = 1
        return functions
    }

    /// `std/priors`, the benchmark suite and the examples (Stdlib/, embedded).
    public var standardModules: [String: String] { WorldStdlib.files }

    public func install(into interpreter: Interpreter, options: RunOptions, output: OutputSink) {
        WorldBindings.install(into: interpreter, options: options, output: output)
        interpreter.priorFactory = { function, name, takesPrevious in
            .object(PriorObject(user: function, name: name, takesPrevious: takesPrevious))
        }
        interpreter.correction = { body, field, value in
            try PriorCollector.correct(body, field: field, to: value)
        }
    }

    public func terminalText(of value: Value, colored: Bool, columns: Int) -> String? {
        ShowRendering.render(value, colored: colored, columns: columns)
    }

    public func display(of value: Value) -> NotebookOutput? {
        NotebookRendering.output(for: value)
    }
}
