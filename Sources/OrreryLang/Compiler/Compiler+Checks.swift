// MARK: - What `check` reports beyond resolve errors
//
// Mistakes certain to fail when their line runs, found from what is known before
// running: the parameter names of built-ins and of top-level functions, the scene
// words a domain gives as data (`SceneVocabulary`), and the names a program's scenes
// declare. `orrery check` reports them (`CompiledUnit.checks`); a run reports each only
// when its line runs, in the same words, so a mistake on a line never reached does not
// stop a script.

/// What the compiler learns across the files of one session (the prelude, the script,
/// its imports), for the checks of each.
final class ProgramFacts {
    /// A function's name and parameters, for checking calls of it by name.
    struct Signature {
        var name: String
        var parameters: [String]
        var isVariadic = false
    }

    /// The top-level functions compiled so far, by the global cell that holds each.
    var functions: [ObjectIdentifier: Signature] = [:]
    /// Whether any compiled code has a `scene` block.
    var declaresScenes = false
    /// The names scene entries declare (`ball a`, `region goal`, the implicit `ground`).
    var sceneNames: Set<String> = []
    /// True once an entry's name is computed (`ball "b\(i)"`): the names are then not
    /// known before running, and names in patterns are not checked.
    var sceneNamesComputed = false
}

extension Compiler {
    func check(_ message: String, _ range: SourceRange) {
        checks.append(Diagnostic(.error, message, at: range))
    }

    // MARK: Calls by name

    /// The parameters of the built-in or top-level function `callee` names, if it names one
    /// (not a variable that shadows it).
    func signature(of callee: Expr) -> ProgramFacts.Signature? {
        guard case .name(let name) = callee.kind, case .global(let cell)? = resolver.peek(name)?.address else {
            return nil
        }
        if let known = facts.functions[ObjectIdentifier(cell)] { return known }
        guard case .global(let builtin)? = resolver.builtins[name]?.address, builtin === cell,
              case .native(let native) = cell.value else { return nil }
        return ProgramFacts.Signature(name: native.name, parameters: native.parameters, isVariadic: native.isVariadic)
    }

    /// Too many positional arguments, unknown named ones, and a named one that a
    /// positional one already gave, in a call of a function known by name.
    func checkArguments(_ callee: Expr, _ args: [Argument], _ range: SourceRange) {
        guard let signature = signature(of: callee) else { return }
        let positional = args.filter { $0.label == nil }.count
        if !signature.isVariadic, positional > signature.parameters.count {
            check(Interpreter.tooManyArguments(to: signature.name, expected: signature.parameters.count, got: positional),
                  range)
        }
        for label in args.compactMap(\.label) {
            guard let i = signature.parameters.firstIndex(of: label.name) else {
                check(Interpreter.unknownArgument(label.name, to: signature.name, parameters: signature.parameters),
                      label.range)
                continue
            }
            if i < positional { check(Interpreter.givenTwice(label.name, to: signature.name), label.range) }
        }
    }

    // MARK: Scene entries

    /// An entry word the domain does not have (in a scene block) and keys its word does not take.
    /// Also notes the names the entry declares.
    func checkEntry(_ entry: SceneEntry) {
        let vocabulary = interp.sceneVocabulary
        let word = entry.kind.name
        var declares = vocabulary.namedWords.contains(word)
        if bodyKind == .scene, !vocabulary.entryWords.isEmpty, !vocabulary.entryWords.contains(word) {
            check(vocabulary.unknownEntry(word), entry.kind.range)
            // `bal a …` is most likely a misspelt declaration: its name is no second mistake.
            declares = entry.name != nil
        }
        if let keys = vocabulary.properties[word] {
            for property in entry.properties
            where !keys.contains(property.key.name) && !vocabulary.universalKeys.contains(property.key.name) {
                check(SceneVocabulary.unknownProperty(property.key.name, of: word, known: keys), property.key.range)
            }
        }
        if declares {
            if case .string(let name)? = entry.name?.kind {
                facts.sceneNames.insert(name)
            } else {
                facts.sceneNamesComputed = true
            }
        }
        facts.sceneNames.formUnion(vocabulary.implicitNames[word] ?? [])
    }

    // MARK: Names in patterns

    /// Notes the literal names given to a function whose names a scene must declare
    /// (`contact(red, rigth)`), to check once every scene of the program is compiled.
    func noteSceneNames(_ callee: Expr, _ args: [Argument]) {
        let name: String
        switch callee.kind {
        case .name(let n): name = n
        case .member(_, let id): name = id.name
        default: return
        }
        guard let count = interp.sceneNameFunctions[name] else { return }
        for arg in args.filter({ $0.label == nil }).prefix(count) {
            if case .string(let s) = arg.value.kind { sceneNameUses.append((s, arg.value.range)) }
        }
    }

    /// A noted name no scene declares, when the program declares its scenes' names literally.
    func checkSceneNames() {
        guard facts.declaresScenes, !facts.sceneNamesComputed else { return }
        for (name, range) in sceneNameUses where !facts.sceneNames.contains(name) {
            check("no scene declares '\(name)'" + Suggestions.hint(name, among: facts.sceneNames), range)
        }
    }
}
