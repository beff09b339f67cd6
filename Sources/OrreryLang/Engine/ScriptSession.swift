import Foundation

/// One interpreter plus the modules it has loaded: the state behind one `Engine` call
/// (or one REPL), so runs never share globals.
final class ScriptSession: ModuleResolver {
    let interpreter: Interpreter
    /// Source text of every file seen, for formatting diagnostics.
    private(set) var sources: [String: String] = [:]
    private var modules: [String: ImportedModule] = [:]
    /// Files being compiled, outermost first, for cycle errors.
    private var loading: [String] = []
    /// The prelude's compiled code, run before the first script.
    private var prelude: CompiledUnit?
    private(set) var preludeDiagnostics: [Diagnostic] = []
    /// What the compilers of this session learned (functions, scene names), for `check`.
    private let facts = ProgramFacts()

    deinit {
        modules = [:]
        prelude = nil
        interpreter.tearDown()
    }

    /// The domains installed on this session's interpreter.
    let extensions: [any LanguageExtension]

    /// `--allow-read` folders, for imports outside the script's folder.
    private let allowRead: [String]

    init(options: RunOptions, output: OutputSink, extensions: [any LanguageExtension]) {
        allowRead = options.allowRead
        interpreter = Interpreter(seed: options.seed, stepLimit: options.maxSteps, interrupt: options.interrupt,
                                  memoryLimit: options.maxMemory)
        self.extensions = extensions
        interpreter.printLine = { output.print($0) }
        interpreter.showValue = { output.show($0) }
        interpreter.statementWillRun = { output.topLevelStatementWillRun($0) }
        interpreter.sceneVocabulary = extensions.sceneVocabulary
        for domain in extensions {
            interpreter.nameArgumentFunctions.formUnion(domain.nameArgumentFunctions)
            interpreter.sceneNameFunctions.merge(domain.sceneNameFunctions) { max($0, $1) }
            domain.install(into: interpreter, options: options, output: output)
        }
        loadPrelude()
    }

    // MARK: - Prelude

    static let preludeFile = "std/prelude.orr"

    private func loadPrelude() {
        guard let text = EmbeddedStdlib.files["prelude.orr"] else { return }
        sources[ScriptSession.preludeFile] = text
        let (unit, exports, diagnostics) = compile(source: text, file: ScriptSession.preludeFile, globals: [:])
        preludeDiagnostics = diagnostics
        guard diagnostics.isEmpty else { return }
        prelude = unit
        for (name, binding) in exports where !binding.imported {
            interpreter.builtins[name] = Binding(address: binding.address, mutable: false, range: nil)
        }
    }

    /// Runs the prelude's top level once (its `fn`s are hoisted, its `let`s computed).
    func runPrelude() throws {
        guard let unit = prelude else { return }
        prelude = nil
        try interpreter.runTopLevel(unit)
    }

    // MARK: - Compiling

    /// Parses and compiles one file; returns its unit, its top-level bindings and all diagnostics.
    func compile(source: String, file: String, globals: [String: Binding], allowsRedefinition: Bool = false,
                 echo: ((Value) -> Void)? = nil) -> (CompiledUnit, [String: Binding], [Diagnostic]) {
        sources[file] = source
        let parsed = Parser.parse(source: source, file: file, vocabulary: interpreter.sceneVocabulary)
        return compile(parsed.program, parseDiagnostics: parsed.diagnostics, globals: globals,
                       allowsRedefinition: allowsRedefinition, echo: echo)
    }

    func compile(_ program: Program, parseDiagnostics: [Diagnostic], globals: [String: Binding],
                 allowsRedefinition: Bool = false, echo: ((Value) -> Void)? = nil)
        -> (CompiledUnit, [String: Binding], [Diagnostic]) {
        let resolver = Resolver(globals: globals, builtins: interpreter.builtins, allowsRedefinition: allowsRedefinition,
                                topLevelCandidates: CaptureScan.namesCaptured(in: program.statements),
                                standardDefinitions: { [unowned self] in standardDefinitions })
        let compiler = Compiler(interp: interpreter, resolver: resolver, modules: self, facts: facts)
        compiler.echo = echo
        // Syntax errors first: resolving a broken tree would only add noise.
        if !parseDiagnostics.isEmpty {
            return (CompiledUnit(main: FunctionProto(name: "<script>", parameterNames: [], range: programRange(program)), tests: []),
                    globals, parseDiagnostics)
        }
        loading.append(canonical(program.file))
        defer { loading.removeLast() }
        let unit = compiler.compile(program)
        interpreter.ownedCells += resolver.createdCells
        return (unit, resolver.globals, compiler.diagnostics)
    }

    /// What `check` reports for one file (diagnostics, then the unit's checks), in two
    /// streaming passes so the file's syntax tree and compiled code are never held whole:
    /// the first keeps only the top-level `fn`s (to hoist) and the names closures capture,
    /// the second compiles each statement and drops it.
    func check(source: String, file: String) -> [Diagnostic] {
        sources[file] = source
        let vocabulary = interpreter.sceneVocabulary
        var functions: [Stmt] = []
        var captured: Set<String> = []
        let (parseDiagnostics, _) = Parser.parse(source: source, file: file, vocabulary: vocabulary) { s in
            captured.formUnion(CaptureScan.namesCaptured(in: [s]))
            if case .function(let decl) = s.kind, decl.name != nil { functions.append(s) }
        }
        if !parseDiagnostics.isEmpty { return parseDiagnostics }
        let resolver = Resolver(globals: [:], builtins: interpreter.builtins, allowsRedefinition: false,
                                topLevelCandidates: captured, standardDefinitions: { [unowned self] in standardDefinitions })
        let compiler = Compiler(interp: interpreter, resolver: resolver, modules: self, facts: facts)
        compiler.discardsCode = true
        loading.append(canonical(file))
        defer { loading.removeLast() }
        for s in functions { compiler.hoist(s) }
        functions = []
        var range = programRange(Program(file: file, statements: []))
        var first = true
        _ = Parser.parse(source: source, file: file, vocabulary: vocabulary) { s in
            range = first ? s.range : range.union(s.range)
            first = false
            _ = compiler.topLevel(s)
        }
        let unit = compiler.finish([], range: range)
        interpreter.ownedCells += resolver.createdCells
        return compiler.diagnostics + unit.checks
    }

    private func programRange(_ program: Program) -> SourceRange {
        let start = SourceLocation(offset: 0, line: 1, column: 1)
        return SourceRange(file: program.file, start: start, end: start)
    }

    // MARK: - Imports

    /// The names the standard modules (`std/NAME`, not the prelude, which every script
    /// sees) declare at top level, with the import that brings each: the hint of an
    /// undefined `no_overlap` is `import "std/priors"`. Parsed on first use.
    private(set) lazy var standardDefinitions: [String: String] = {
        var modules = EmbeddedStdlib.files.filter { $0.key != "prelude.orr" }
        for domain in extensions { modules.merge(domain.standardModules) { first, _ in first } }
        var found: [String: String] = [:]
        // Modules in folders (the examples, the benchmark suite) are programs, not libraries.
        for (file, text) in modules.sorted(by: { $0.key < $1.key }) where !file.contains("/") {
            let path = "std/" + (file.hasSuffix(".orr") ? String(file.dropLast(4)) : file)
            let parsed = Parser.parse(source: text, file: path, vocabulary: interpreter.sceneVocabulary)
            for statement in parsed.program.statements {
                switch statement.kind {
                case .binding(let name, _, _): found[name.name] = found[name.name] ?? path
                case .function(let decl), .prior(let decl):
                    if let name = decl.name { found[name.name] = found[name.name] ?? path }
                default: break
                }
            }
        }
        return found
    }()

    func importModule(_ path: String, from file: String, at range: SourceRange) -> Result<ImportedModule, Diagnostic> {
        let key: String
        let text: String
        if path.hasPrefix("std/") {
            var name = String(path.dropFirst(4))
            if !name.hasSuffix(".orr") { name += ".orr" }
            // The language's own (the prelude), then each domain's (`std/priors` of the world).
            guard let embedded = EmbeddedStdlib.files[name]
                    ?? extensions.lazy.compactMap({ $0.standardModules[name] }).first else {
                return .failure(Diagnostic(.error, "no standard library module '\(path)'", at: range))
            }
            key = "std/" + name
            text = embedded
        } else {
            return importFile(path, from: file, at: range)
        }
        if let cached = modules[key] { return .success(cached) }
        if loading.contains(key) { return .failure(cycle(to: key, at: range)) }
        return load(key: key, displayName: key, text: text)
    }

    /// `import "FILE"`: relative to the importing file, and inside the folder of the script
    /// that was run (or the current folder, in the REPL) unless an `--allow-read` folder
    /// holds it. Only scripts are imported: a file that is not `.orr` UTF-8 text is refused
    /// without a word of its content, so an import cannot be used to print a file.
    private func importFile(_ path: String, from file: String, at range: SourceRange) -> Result<ImportedModule, Diagnostic> {
        let entry = loading.first ?? file
        let interactive = entry.hasPrefix("<") || entry.hasPrefix("std/")
        let scriptFolder = interactive ? "." : (entry as NSString).deletingLastPathComponent
        let access = ReadAccess(folders: [scriptFolder], allowed: allowRead)
        let importer = file.hasPrefix("<") || file.hasPrefix("std/") ? "" : (file as NSString).deletingLastPathComponent
        let place = interactive ? "the current folder" : "the script's folder"
        var named = path
        var resolved: String { named.hasPrefix("/") || importer.isEmpty ? named : importer + "/" + named }
        func fail(_ message: String, notes: [Diagnostic.Note] = []) -> Result<ImportedModule, Diagnostic> {
            .failure(Diagnostic(.error, message, at: range, notes: notes))
        }
        do {
            if !named.hasSuffix(".orr") {
                if try access.resolve(named, relativeTo: importer, place: place) != nil {
                    return fail("module '\(path)' is not a script: only .orr files are imported")
                }
                named += ".orr"
            }
            guard let real = try access.resolve(named, relativeTo: importer, place: place) else {
                return fail("cannot find module '\(path)'", notes: [Diagnostic.Note(message: "looked for \(resolved)", range: nil)])
            }
            let key = canonical(resolved)
            if let cached = modules[key] { return .success(cached) }
            if loading.contains(key) { return .failure(cycle(to: key, at: range)) }
            let bytes = try ReadAccess.read(real, limit: Self.maximumModuleBytes)
            guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
                return fail("module '\(path)' is not a script: it is not UTF-8 text")
            }
            return load(key: key, displayName: resolved, text: text)
        } catch let error as NativeError {
            return fail("cannot import '\(path)': \(error.message)")
        } catch {
            return fail("cannot import '\(path)'")
        }
    }

    /// The largest file `import` reads.
    static let maximumModuleBytes = 64 << 20

    private func load(key: String, displayName: String, text: String) -> Result<ImportedModule, Diagnostic> {
        let (unit, globals, diagnostics) = compile(source: text, file: displayName, globals: [:])
        if let first = diagnostics.first {
            // Report the module's own first error; the rest are in the module's file too.
            return .failure(first)
        }
        let exports = globals.filter { !$0.value.imported }
        let module = ImportedModule(file: displayName, exports: exports, unit: unit)
        modules[key] = module
        return .success(module)
    }

    private func cycle(to key: String, at range: SourceRange) -> Diagnostic {
        let start = loading.firstIndex(of: key) ?? 0
        let chain = (loading[start...] + [key]).map { ($0 as NSString).lastPathComponent }
        return Diagnostic(.error, "import cycle: " + chain.joined(separator: " -> "), at: range)
    }

    private func canonical(_ path: String) -> String {
        if path.hasPrefix("std/") || path.hasPrefix("<") { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
