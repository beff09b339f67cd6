// The compiler: turns a parsed program into a tree of Swift closures.
//
// It walks the AST once, with the `Resolver` binding every name to a storage address,
// and emits closures specialised for the common cases (numbers in slots, comparisons
// feeding conditions) so the hot paths never look a name up or box a Bool needlessly.

/// Resolves an `import` while compiling: returns the module's exported bindings,
/// or reports a diagnostic message.
protocol ModuleResolver: AnyObject {
    func importModule(_ path: String, from file: String, at range: SourceRange) -> Result<ImportedModule, Diagnostic>
}

final class Compiler {
    unowned let interp: Interpreter
    let resolver: Resolver
    weak var modules: ModuleResolver?
    /// What the session's compilers learned so far, for the checks (Compiler+Checks.swift).
    let facts: ProgramFacts
    /// The checks' findings in this file.
    var checks: [Diagnostic] = []
    /// Literal names given to functions whose names a scene must declare, checked at the end.
    var sceneNameUses: [(name: String, range: SourceRange)] = []
    /// At the REPL, top-level expression statements echo their value.
    var echo: ((Value) -> Void)?
    private var deferred: [() -> Void] = []
    private var tests: [CompiledTest] = []
    /// Top-level functions, created before the first statement runs (hoisting).
    private var hoisted: [(Cell, FunctionDecl, FunctionProto)] = []
    /// The unretained handle of each hoisted function, by its cell (see `HoistedFunction`).
    private var hoistedHandles: [ObjectIdentifier: HoistedFunction] = [:]
    /// What the function being compiled is: scene entries are legal in a scene body,
    /// and in a trailing block assignments to names that are not variables become edits.
    enum BodyKind { case plain, scene, trailingBlock }
    var bodyKind = BodyKind.plain
    /// True while compiling a statistical test's body (and what is nested in it): where `assume` may be.
    var inStatisticalTest = false
    /// True for `check`: nothing will run, so each top-level statement's and function's
    /// code is dropped as soon as it is compiled; the diagnostics and checks remain.
    var discardsCode = false

    init(interp: Interpreter, resolver: Resolver, modules: ModuleResolver?, facts: ProgramFacts = ProgramFacts()) {
        self.interp = interp
        self.resolver = resolver
        self.modules = modules
        self.facts = facts
    }

    var diagnostics: [Diagnostic] { resolver.diagnostics }

    // MARK: - Programs

    /// Compiles a whole file (or REPL input) as the body of a top-level function.
    func compile(_ program: Program) -> CompiledUnit {
        // Hoist top-level `fn`s so code above them (and mutual recursion) sees them.
        for s in program.statements { hoist(s) }
        let execs = program.statements.compactMap { topLevel($0) }
        return finish(execs, range: programRange(program))
    }

    /// Declares a top-level `fn` before any statement is compiled (hoisting); its body is
    /// compiled by `finish`. Other statements are left for `topLevel`.
    func hoist(_ s: Stmt) {
        guard case .function(let decl) = s.kind, let name = decl.name else { return }
        guard case .global(let cell) = resolver.declare(name, mutable: false) else { return }
        let proto = FunctionProto(name: name.name, parameterNames: decl.parameters.map { $0.name.name }, range: decl.range)
        facts.functions[ObjectIdentifier(cell)] = ProgramFacts.Signature(name: proto.name, parameters: proto.parameterNames)
        hoisted.append((cell, decl, proto))
        hoistedHandles[ObjectIdentifier(cell)] = HoistedFunction()
    }

    /// Compiles one top-level statement, in order, after every `fn` is hoisted; nil for a
    /// hoisted `fn` and, when `discardsCode`, for everything.
    func topLevel(_ s: Stmt) -> ExecBox? {
        if case .function(let decl) = s.kind, decl.name != nil { return nil }
        let run = statement(s)
        if discardsCode { return nil }
        let range = s.range
        // Hosts that attribute output to source (notebooks) learn which top-level
        // statement is running; the REPL and plain runs ignore it.
        return ExecBox(run: { [unowned interp] a in
            interp.statementWillRun(range)
            return try run(a)
        })
    }

    /// Compiles the hoisted functions' bodies (they see every top-level name, so they
    /// come last) and the tests, and makes the unit whose top level runs `execs`.
    func finish(_ execs: [ExecBox], range: SourceRange) -> CompiledUnit {
        let main = FunctionProto(name: "<script>", parameterNames: [], range: range)
        for (_, decl, proto) in hoisted {
            _ = compileBody(decl, into: proto)
            if discardsCode { proto.dropCode() }
        }
        let pending = deferred
        deferred = []
        for d in pending { d() }
        checkSceneNames()
        let layout = resolver.endTopLevel()
        main.frameSize = layout.slots
        main.cellCount = layout.cells
        let functions = hoisted.map { ($0.0, $0.2, hoistedHandles[ObjectIdentifier($0.0)]) }
        let body = sequence(execs)
        let interp = self.interp
        main.body = { a in
            for (cell, proto, handle) in functions {
                let f = ScriptFunction(proto: proto, upvalues: [])
                cell.value = .function(f)
                handle?.install(f, in: interp)
            }
            return try body(a)
        }
        return CompiledUnit(main: main, tests: tests,
                            checks: checks.sorted { ($0.range.start.offset, $0.message) < ($1.range.start.offset, $1.message) })
    }

    /// The unretained handle of the top-level `fn` that `e` names, if it names one of
    /// this unit's hoisted functions.
    func hoistedFunction(_ e: Expr) -> HoistedFunction? {
        guard let cell = globalRef(e) else { return nil }
        return hoistedHandles[ObjectIdentifier(cell)]
    }

    private func programRange(_ program: Program) -> SourceRange {
        let start = SourceLocation(offset: 0, line: 1, column: 1)
        guard let first = program.statements.first, let last = program.statements.last else {
            return SourceRange(file: program.file, start: start, end: start)
        }
        return first.range.union(last.range)
    }

    // MARK: - Functions

    /// Compiles a function's parameters and body into `proto` (a nested function context).
    func compileBody(_ decl: FunctionDecl, into proto: FunctionProto, kind: BodyKind = .plain) -> [UpvalueSource] {
        // Functions defined inside a scene or trailing block are ordinary functions.
        let savedKind = bodyKind
        bodyKind = kind
        defer { bodyKind = savedKind }
        resolver.beginFunction(name: proto.name, captureCandidates: CaptureScan.namesCaptured(in: decl))
        var defaults: [Eval?] = []
        var captured: [(slot: Int, cell: Int)] = []
        var seen: Set<String> = []
        // Parameters take the first slots, in order, so calls can fill them directly.
        resolver.reserveSlots(decl.parameters.count)
        for (i, p) in decl.parameters.enumerated() {
            // A default sees the parameters before it.
            defaults.append(p.defaultValue.map { expression($0) })
            if seen.contains(p.name.name) {
                resolver.error("duplicate parameter '\(p.name.name)'", p.name.range)
                continue
            }
            seen.insert(p.name.name)
            if case .cell(let c) = resolver.declareParameter(p.name, slot: i) { captured.append((i, c)) }
        }
        proto.defaults = defaults
        proto.capturedParameters = captured
        if kind == .plain, resolver.inFunction, isValueBody(decl.body.statements) {
            let value = valueBody(decl.body.statements)
            let interp = self.interp
            proto.valueBody = value
            proto.hasValueBody = true
            // Callers that run statements (tests, the general path) still get a body.
            proto.body = { a in
                interp.returnSlot.initialize(to: try value(a))
                return .returned
            }
        } else {
            proto.body = block(decl.body, newScope: true)
        }
        let layout = resolver.endFunction()
        proto.frameSize = layout.slots
        proto.cellCount = layout.cells
        return layout.upvalues
    }

    /// A closure-creating expression for a nested function.
    func functionValue(_ decl: FunctionDecl, name: String, kind: BodyKind = .plain) -> Eval {
        let proto = FunctionProto(name: name, parameterNames: decl.parameters.map { $0.name.name }, range: decl.range)
        let sources = compileBody(decl, into: proto, kind: kind)
        if sources.isEmpty {
            return { _ in .function(ScriptFunction(proto: proto, upvalues: [])) }
        }
        if sources.count == 1 {
            // The common closure captures one variable: its list built in one step.
            let source = sources[0]
            return { a in
                let cell: Cell
                switch source {
                case .parentCell(let i): cell = a.cells[i] ?? Cell(.null)
                case .parentUpvalue(let i): cell = a.function.upvalues[i]
                }
                return .function(ScriptFunction(proto: proto, upvalues: [cell]))
            }
        }
        return { a in
            var cells: [Cell] = []
            cells.reserveCapacity(sources.count)
            for s in sources {
                switch s {
                case .parentCell(let i): cells.append(a.cells[i] ?? Cell(.null))
                case .parentUpvalue(let i): cells.append(a.function.upvalues[i])
                }
            }
            return .function(ScriptFunction(proto: proto, upvalues: cells))
        }
    }

    // MARK: - Blocks

    func block(_ b: Block, newScope: Bool = true) -> Exec {
        if newScope { resolver.beginScope() }
        let execs = b.statements.map { ExecBox(run: statement($0)) }
        if newScope { resolver.endScope() }
        return sequence(execs)
    }

    /// Runs `execs` in order until one does not finish normally. Up to four statements
    /// are held as separate captures: calling a closure read out of an array retains and
    /// releases its context on every run, a captured one costs nothing. Longer blocks
    /// become a sequence of such groups (a tree four wide).
    func sequence(_ execs: [ExecBox]) -> Exec {
        switch execs.count {
        case 0: return { _ in .normal }
        case 1: return execs[0].run
        case 2:
            let s0 = execs[0].run, s1 = execs[1].run
            return { a in
                let f = try s0(a)
                if f != .normal { return f }
                return try s1(a)
            }
        case 3:
            let s0 = execs[0].run, s1 = execs[1].run, s2 = execs[2].run
            return { a in
                var f = try s0(a)
                if f != .normal { return f }
                f = try s1(a)
                if f != .normal { return f }
                return try s2(a)
            }
        case 4:
            let s0 = execs[0].run, s1 = execs[1].run, s2 = execs[2].run, s3 = execs[3].run
            return { a in
                var f = try s0(a)
                if f != .normal { return f }
                f = try s1(a)
                if f != .normal { return f }
                f = try s2(a)
                if f != .normal { return f }
                return try s3(a)
            }
        default:
            let groups = stride(from: 0, to: execs.count, by: 4).map {
                ExecBox(run: sequence(Array(execs[$0 ..< min($0 + 4, execs.count)])))
            }
            return sequence(groups)
        }
    }

    // MARK: - Test blocks

    func addTest(name: String, body: Block, sweep: TestSweep? = nil, range: SourceRange) {
        let parameters = sweep.map { [Parameter(name: $0.variable, defaultValue: nil)] } ?? []
        let proto = FunctionProto(name: "test \"\(name)\"", parameterNames: parameters.map(\.name.name), range: range)
        deferred.append { [unowned self] in
            let decl = FunctionDecl(name: nil, parameters: parameters, body: body, range: range)
            self.inStatisticalTest = sweep != nil
            defer { self.inStatisticalTest = false }
            _ = self.compileBody(decl, into: proto)
        }
        var compiled = CompiledTest(name: name, range: range, proto: proto)
        if let sweep {
            // The header's expressions run once per test, at the top level, as functions of no arguments.
            func thunk(_ e: Expr, _ what: String) -> FunctionProto {
                let p = FunctionProto(name: "test \"\(name)\" \(what)", parameterNames: [], range: e.range)
                deferred.append { [unowned self] in
                    let ret = Stmt(.return(e), range: e.range)
                    let decl = FunctionDecl(name: nil, parameters: [], body: Block(statements: [ret], range: e.range),
                                            range: e.range)
                    _ = self.compileBody(decl, into: p)
                }
                return p
            }
            compiled.samples = thunk(sweep.samples, "samples")
            compiled.threshold = sweep.threshold.map { thunk($0, "threshold") }
            compiled.strict = sweep.strict
        }
        tests.append(compiled)
    }
}
