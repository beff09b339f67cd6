// The resolver: lexical scopes, slot assignment and resolve-time errors.
//
// The compiler drives it while it walks the AST, so every name is bound to a storage
// address before anything runs and the interpreter never looks names up by string:
// a frame slot, a cell (a local some closure captures), an upvalue of the running
// closure, or a global cell.

final class Resolver {
    /// One function being compiled (the script's top level is one too).
    final class FunctionContext {
        let parent: FunctionContext?
        let name: String
        var scopes: [[String: Binding]] = [[:]]
        var slotCount = 0
        var cellCount = 0
        var upvalues: [UpvalueSource] = []
        var upvalueBindings: [String: Binding] = [:]
        /// Names used inside nested functions: locals with these names live in cells.
        let captureCandidates: Set<String>
        var loopDepth = 0
        let isTopLevel: Bool

        init(parent: FunctionContext?, name: String, captureCandidates: Set<String>, isTopLevel: Bool) {
            self.parent = parent
            self.name = name
            self.captureCandidates = captureCandidates
            self.isTopLevel = isTopLevel
        }
    }

    private(set) var diagnostics: [Diagnostic] = []
    /// Every global cell this resolver created, so the interpreter can clear them at
    /// teardown (functions stored in them refer back to them: a reference cycle).
    private(set) var createdCells: [Cell] = []
    /// The script's top-level bindings (shared across REPL inputs).
    var globals: [String: Binding]
    /// Natives, prelude and other names visible to every script, shadowable.
    let builtins: [String: Binding]
    /// At the REPL, redefining a top-level name replaces it instead of failing.
    let allowsRedefinition: Bool
    /// Names the standard modules define, with the module that defines each
    /// (`no_overlap` → `std/priors`), for the hint of an undefined name; asked only then.
    let standardDefinitions: () -> [String: String]
    private(set) var current: FunctionContext

    init(globals: [String: Binding], builtins: [String: Binding], allowsRedefinition: Bool,
         topLevelCandidates: Set<String>, standardDefinitions: @escaping () -> [String: String] = { [:] }) {
        self.globals = globals
        self.builtins = builtins
        self.allowsRedefinition = allowsRedefinition
        self.standardDefinitions = standardDefinitions
        current = FunctionContext(parent: nil, name: "<script>", captureCandidates: topLevelCandidates, isTopLevel: true)
    }

    func error(_ message: String, _ range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(.error, message, at: range, notes: notes))
    }

    /// True while declarations go to the script's global scope.
    var atTopLevelScope: Bool { current.isTopLevel && current.scopes.count == 1 }
    var inFunction: Bool { !current.isTopLevel }
    var inLoop: Bool { current.loopDepth > 0 }
    /// How many `prior` bodies enclose the code being compiled (`correct` needs one).
    var priorDepth = 0

    // MARK: - Scopes

    func beginScope() { current.scopes.append([:]) }
    func endScope() { current.scopes.removeLast() }
    func beginLoop() { current.loopDepth += 1 }
    func endLoop() { current.loopDepth -= 1 }

    func beginFunction(name: String, captureCandidates: Set<String>) {
        current = FunctionContext(parent: current, name: name, captureCandidates: captureCandidates, isTopLevel: false)
    }

    /// Closes the innermost function; returns its frame layout and where its upvalues come from.
    func endFunction() -> (slots: Int, cells: Int, upvalues: [UpvalueSource]) {
        let done = current
        if let parent = done.parent { current = parent }
        return (done.slotCount, done.cellCount, done.upvalues)
    }

    // MARK: - Declarations

    /// Declares a name in the innermost scope and returns its storage.
    @discardableResult
    func declare(_ name: Identifier, mutable: Bool) -> Address {
        if atTopLevelScope {
            if let existing = globals[name.name], !allowsRedefinition {
                error("'\(name.name)' is already defined in this scope", name.range,
                      notes: existing.range.map { [Diagnostic.Note(message: "previous definition is here", range: $0)] } ?? [])
                return existing.address
            }
            let cell = Cell(.null)
            createdCells.append(cell)
            let binding = Binding(address: .global(cell), mutable: mutable, range: name.range)
            globals[name.name] = binding
            return binding.address
        }
        let depth = current.scopes.count - 1
        if let existing = current.scopes[depth][name.name] {
            error("'\(name.name)' is already defined in this scope", name.range,
                  notes: existing.range.map { [Diagnostic.Note(message: "previous definition is here", range: $0)] } ?? [])
            return existing.address
        }
        let address: Address
        if current.captureCandidates.contains(name.name) {
            address = .cell(current.cellCount)
            current.cellCount += 1
        } else {
            address = .slot(current.slotCount)
            current.slotCount += 1
        }
        current.scopes[depth][name.name] = Binding(address: address, mutable: mutable, range: name.range)
        return address
    }

    /// Parameter `slot` of the function being compiled; captured ones also get a cell.
    func declareParameter(_ name: Identifier, slot: Int) -> Address {
        let depth = current.scopes.count - 1
        var address = Address.slot(slot)
        if current.captureCandidates.contains(name.name) {
            address = .cell(current.cellCount)
            current.cellCount += 1
        }
        current.scopes[depth][name.name] = Binding(address: address, mutable: true, range: name.range)
        return address
    }

    /// Reserves the first `n` slots of the current function (its parameters).
    func reserveSlots(_ n: Int) { current.slotCount += n }

    /// The frame layout of the top level once it is compiled.
    func endTopLevel() -> (slots: Int, cells: Int) {
        var top = current
        while let p = top.parent { top = p }
        return (top.slotCount, top.cellCount)
    }

    /// Binds a top-level name to an existing global (an import).
    func bindGlobal(_ name: String, _ binding: Binding) {
        globals[name] = binding
    }

    // MARK: - Lookup

    /// The binding of a name used at `range`, or nil (after reporting it) when undefined.
    func lookup(_ name: String, at range: SourceRange) -> Binding? {
        if let b = resolve(name, in: current) { return b }
        error(undefinedMessage(name), range)
        return nil
    }

    /// `undefined variable 'x'`, with the visible name it most likely misspells, or the
    /// standard module to import when one defines it (or a name close to it).
    func undefinedMessage(_ name: String) -> String {
        let message = "undefined variable '\(name)'"
        let modules = standardDefinitions()
        if let module = modules[name] { return message + " (add import \"\(module)\" to use it)" }
        let visible = visibleNames()
        guard let guess = Suggestions.closest(to: name, among: visible.union(modules.keys)) else { return message }
        if !visible.contains(guess), let module = modules[guess] {
            return message + " (did you mean '\(guess)'? add import \"\(module)\" to use it)"
        }
        return message + " (did you mean '\(guess)'?)"
    }

    /// Every name visible where the compiler is now: locals of the enclosing functions,
    /// the script's globals and the built-ins.
    func visibleNames() -> Set<String> { scriptNames().union(builtins.keys) }

    /// The names the script itself declares that are visible now (locals of the
    /// enclosing functions and the script's globals), without the built-ins.
    func scriptNames() -> Set<String> {
        var names = Set(globals.keys)
        var context: FunctionContext? = current
        while let c = context {
            for scope in c.scopes { names.formUnion(scope.keys) }
            names.formUnion(c.upvalueBindings.keys)
            context = c.parent
        }
        return names
    }

    /// The binding of a name, without reporting anything when it is undefined.
    func peek(_ name: String) -> Binding? { resolve(name, in: current) }

    /// Adds a diagnostic found elsewhere (e.g. while loading an imported module).
    func report(_ d: Diagnostic) { diagnostics.append(d) }

    /// Whether a name is visible, without reporting anything.
    func isDefined(_ name: String) -> Bool { resolve(name, in: current) != nil }

    private func resolve(_ name: String, in context: FunctionContext) -> Binding? {
        // The top level's first scope is `globals` itself.
        let lowest = context.isTopLevel ? 1 : 0
        var i = context.scopes.count - 1
        while i >= lowest {
            if let b = context.scopes[i][name] { return b }
            i -= 1
        }
        if context.isTopLevel {
            return globals[name] ?? builtins[name]
        }
        if let known = context.upvalueBindings[name] { return known }
        guard let parent = context.parent, let outer = resolve(name, in: parent) else { return nil }
        let source: UpvalueSource
        switch outer.address {
        case .global: return outer
        case .cell(let i): source = .parentCell(i)
        case .upvalue(let i): source = .parentUpvalue(i)
        case .slot:
            // The capture scan makes every captured local a cell; a plain slot here would
            // mean the scan missed a use, so fail loudly at resolve time instead of running wrong code.
            error("internal error: captured variable '\(name)' has no cell", outer.range ?? SourceRange(file: "", start: .init(offset: 0, line: 1, column: 1), end: .init(offset: 0, line: 1, column: 1)))
            return nil
        }
        context.upvalues.append(source)
        let binding = Binding(address: .upvalue(context.upvalues.count - 1), mutable: outer.mutable, range: outer.range)
        context.upvalueBindings[name] = binding
        return binding
    }
}
