import Synchronization

/// Runs compiled scripts: owns the value stack, the global environment of natives and
/// prelude definitions, and the limits (recursion depth, steps).
///
/// Hosts (a `LanguageExtension` such as the world) register natives and constants with `define`.
public final class Interpreter {
    /// Script frames deeper than this raise "stack overflow". The interpreter runs on a
    /// thread with a large native stack (`Interpreter.onLargeStack`) so this limit is
    /// always reached before the native stack ends.
    public static let maxCallDepth = 10_000
    /// Value slots for all live frames together; exceeding them is a stack overflow too.
    static let stackCapacity = 1 << 20

    /// The root of the script's randomness (`--seed`).
    public let seed: UInt64
    /// Where `print` lines, `show`n values and the start of each top-level statement go.
    /// The engine connects them to its host's output sink.
    public var printLine: (String) -> Void = { _ in }
    public var showValue: (Value) -> Void = { _ in }
    public var statementWillRun: (SourceRange) -> Void = { _ in }

    // MARK: Value stack

    let stackBase: UnsafeMutablePointer<Value>
    let cellBase: UnsafeMutablePointer<Cell?>

    /// The counters touched on every call and loop iteration. They live behind a pointer
    /// because stored class properties pay a dynamic exclusivity check on each access.
    struct HotState {
        var stackTop = 0
        var cellTop = 0
        var depth = 0
        var steps = 0
        var stepLimit = Int.max
    }
    let hot: UnsafeMutablePointer<HotState>

    /// Raised from outside (Ctrl-C) to stop the evaluation running now; polled with
    /// the step count (see `raisedInterrupts`).
    let interrupt: InterruptFlag?

    var stackTop: Int { get { hot.pointee.stackTop } set { hot.pointee.stackTop = newValue } }
    var cellTop: Int { get { hot.pointee.cellTop } set { hot.pointee.cellTop = newValue } }
    var depth: Int { get { hot.pointee.depth } set { hot.pointee.depth = newValue } }

    // MARK: Limits and per-run state

    var steps: Int { get { hot.pointee.steps } set { hot.pointee.steps = newValue } }
    var stepLimit: Int { get { hot.pointee.stepLimit } set { hot.pointee.stepLimit = newValue } }
    /// Where `return` leaves its value for the call that is unwinding.
    var returnValue: Value { get { returnSlot.pointee } set { returnSlot.pointee = newValue } }
    /// Where `return` stores its value (always initialized; nil when nothing is returning).
    let returnSlot: UnsafeMutablePointer<Value>
    /// Failed `expect`s of the code running now (top level or one test).
    var expectFailures: [ExpectFailure] = []

    /// Builders of the scene blocks running now (innermost last).
    var sceneBuilders: [SceneBuilder] = []
    /// The builder of the innermost scene block running now, if any.
    public var currentSceneBuilder: SceneBuilder? { sceneBuilders.last }
    /// Turns a `scene` block into a scene value; installed by a domain (the world).
    public var sceneFactory: ((String, SceneBody, SourceRange) throws -> Value)?
    /// Turns `prior NAME(s[, prev]) { … }` into a prior value: the compiled function, the
    /// name, and whether it takes the previous state. Installed by a domain (the world).
    public var priorFactory: ((ScriptFunction, String, Bool) throws -> Value)?
    /// Runs `correct BODY.FIELD = value` inside a running prior. Installed with `priorFactory`.
    public var correction: ((Value, String, Value) throws -> Void)?
    /// Searches for failing samples of a statistical test (`orrery test --falsify N`): given
    /// the test's sample list, a budget, a seed and a function that runs the test body on one
    /// candidate, it returns the candidates it ran in order, or nil when the list is not
    /// something it can search (the test then runs its list). Installed by a domain (the world).
    public var sampleSearch: ((_ samples: [Value], _ budget: Int, _ seed: UInt64,
                               _ run: (Value) -> SampleOutcome) throws -> [SearchedSample]?)?
    /// Functions whose bare-name arguments name the domain's things (`contact(a, b)`).
    public var nameArgumentFunctions: Set<String> = []
    /// Those whose names a scene must declare (`LanguageExtension.sceneNameFunctions`).
    public var sceneNameFunctions: [String: Int] = [:]
    /// The words of scene blocks, for parsing what this interpreter runs.
    public var sceneVocabulary = SceneVocabulary()

    /// Global cells of every compiled file, cleared when the interpreter goes away.
    var ownedCells: [Cell] = []

    /// Every top-level function installed for unretained calls (`HoistedFunction`),
    /// and the references to those functions, both dropped by `tearDown`.
    var hoistedFunctions: [HoistedFunction] = []
    var keepAlive: [ScriptFunction] = []

    /// Natives and prelude bindings, visible to every script (and shadowable by it).
    var builtins: [String: Binding] = [:]

    /// The run's memory budget (`--max-memory`): what grows lists, strings, records and
    /// a domain's values reserves through it first.
    public let memory: MemoryBudget

    /// An interpreter with the language's own natives; `stepLimit` counts loop iterations
    /// plus calls before "step limit exceeded" (none when nil). Raising `interrupt` stops
    /// what runs with the runtime error "interrupted" (nil: nobody can). `memoryLimit`
    /// is the budget in bytes (`MemoryBudget`).
    public init(seed: UInt64, stepLimit: Int?, interrupt: InterruptFlag? = nil,
                memoryLimit: Int = MemoryBudget.defaultLimit) {
        self.seed = seed
        memory = MemoryBudget(limit: memoryLimit)
        self.interrupt = interrupt
        hot = .allocate(capacity: 1)
        hot.initialize(to: HotState(stepLimit: stepLimit ?? Int.max))
        returnSlot = .allocate(capacity: 1)
        returnSlot.initialize(to: .null)
        stackBase = .allocate(capacity: Interpreter.stackCapacity)
        cellBase = .allocate(capacity: Interpreter.stackCapacity)
        Builtins.install(in: self)
    }

    /// Breaks the reference cycles a run leaves behind: compiled code holds the
    /// interpreter, and functions stored in global cells hold their cells. Called when
    /// the session that owns this interpreter ends.
    func tearDown() {
        for cell in ownedCells { cell.value = .null }
        ownedCells = []
        for h in hoistedFunctions { h.clear() }
        hoistedFunctions = []
        keepAlive = []
        for binding in builtins.values {
            if case .global(let cell) = binding.address { cell.value = .null }
        }
        builtins = [:]
        sceneFactory = nil
        priorFactory = nil
        correction = nil
        sampleSearch = nil
        sceneBuilders = []
        printLine = { _ in }
        showValue = { _ in }
        statementWillRun = { _ in }
    }

    deinit {
        stackBase.deinitialize(count: stackTop)
        cellBase.deinitialize(count: cellTop)
        stackBase.deallocate()
        hot.deinitialize(count: 1)
        hot.deallocate()
        returnSlot.deinitialize(count: 1)
        returnSlot.deallocate()
        cellBase.deallocate()
    }

    /// Makes a name visible to every script run by this interpreter (natives, constants).
    public func define(_ name: String, _ value: Value) {
        builtins[name] = Binding(address: .global(Cell(value)), mutable: false, range: nil)
    }

    /// Defines a native function under its own name.
    public func define(_ native: NativeFunction) {
        define(native.name, .native(native))
    }

    /// The value of a global visible to every script, if any.
    public func builtin(_ name: String) -> Value? {
        if case .global(let cell)? = builtins[name]?.address { return cell.value }
        return nil
    }

    // MARK: - Frames

    /// Pushes a frame for `proto`, counting a step and checking the depth limit.
    @inline(__always)
    func pushFrame(_ function: ScriptFunction, at range: SourceRange) throws -> Activation {
        try pushFrame(function, filled: 0) { range }
    }

    /// Pushes a frame whose first `filled` slots the caller initializes right away
    /// (arguments already evaluated), so they are not set to nil first.
    @inline(__always)
    func pushFrame(_ function: ScriptFunction, at range: SourceRange, filled: Int) throws -> Activation {
        try pushFrame(function, filled: filled) { range }
    }

    /// `pushFrame(_:at:)` for a compiled call, whose range is read only on an error.
    @inline(__always)
    func pushFrame(_ function: ScriptFunction, at site: CallSite) throws -> Activation {
        try pushFrame(function, filled: 0) { site.range }
    }

    /// `pushFrame(_:at:filled:)` for a compiled call, whose range is read only on an error.
    @inline(__always)
    func pushFrame(_ function: ScriptFunction, at site: CallSite, filled: Int) throws -> Activation {
        try pushFrame(function, filled: filled) { site.range }
    }

    @inline(__always)
    private func pushFrame(_ function: ScriptFunction, filled: Int, range: () -> SourceRange) throws -> Activation {
        let n = function.frameSize, c = function.cellCount
        let h = hot
        // Read the counters once into locals and write them back once: the slot
        // initialisation below could alias `hot` as far as the optimiser knows, so
        // every `h.pointee` access would otherwise be a fresh load.
        var state = h.pointee
        state.steps &+= 1
        h.pointee.steps = state.steps
        if state.steps > state.stepLimit { throw ScriptError("step limit exceeded", range()) }
        if state.depth >= Interpreter.maxCallDepth || state.stackTop &+ n > Interpreter.stackCapacity
            || state.cellTop &+ c > Interpreter.stackCapacity {
            throw ScriptError("stack overflow", range())
        }
        let slots = stackBase + state.stackTop
        let cells = cellBase + state.cellTop
        state.stackTop &+= n
        state.cellTop &+= c
        state.depth &+= 1
        h.pointee = state
        var i = filled
        while i < n {
            (slots + i).initialize(to: .null)
            i &+= 1
        }
        if c > 0 { cells.initialize(repeating: nil, count: c) }
        return Activation(slots: slots, cells: cells, function: function)
    }

    /// Counts one loop iteration against the step limit and polls the interrupt flag.
    @inline(__always)
    func countLoopStep(at range: SourceRange) throws {
        steps &+= 1
        if steps > stepLimit { throw ScriptError("step limit exceeded", range) }
        if raisedInterrupts.load(ordering: .relaxed) != 0 { try pollInterrupt(at: range) }
    }

    /// Some interrupt flag is raised: fails with "interrupted" if it is this
    /// interpreter's, lowering it so the next evaluation runs.
    @inline(never)
    func pollInterrupt(at range: SourceRange) throws {
        if interrupt?.take() == true { throw ScriptError(InterruptFlag.message, range) }
    }

    /// For natives that loop for long (training): fails with "interrupted" when the
    /// host raised this interpreter's interrupt flag, as script calls and loops do.
    public func checkInterrupt() throws {
        if interrupt?.take() == true { throw NativeError(InterruptFlag.message) }
    }

    @inline(__always)
    func popFrame(_ f: ScriptFunction, _ a: Activation) {
        // One element at a time: `deinitialize(count: n)` goes through the generic
        // swift_arrayDestroy, which costs more than the whole loop for small frames.
        let n = f.frameSize
        var i = 0
        while i < n {
            // Numbers, bools, nil and vectors hold no references: nothing to release.
            switch (a.slots + i).pointee {
            case .number, .bool, .null, .vector: break
            default: (a.slots + i).deinitialize(count: 1)
            }
            i &+= 1
        }
        if f.cellCount > 0 { a.cells.deinitialize(count: f.cellCount) }
        let h = hot
        h.pointee.stackTop &-= n
        h.pointee.cellTop &-= f.cellCount
        h.pointee.depth &-= 1
    }

    /// Runs a function whose arguments are already in the frame's parameter slots.
    @inline(__always)
    func runBody(_ f: ScriptFunction, _ a: Activation, callRange: SourceRange) throws -> Value {
        try runBody(f, a) { callRange }
    }

    /// `runBody(_:_:callRange:)` for a compiled call, whose range is read only on an error.
    @inline(__always)
    func runBody(_ f: ScriptFunction, _ a: Activation, callSite: CallSite) throws -> Value {
        try runBody(f, a) { callSite.range }
    }

    @inline(__always)
    private func runBody(_ f: ScriptFunction, _ a: Activation, callRange: () -> SourceRange) throws -> Value {
        // Polled here rather than in `pushFrame`: the body call below keeps the same
        // values live, so the slow path's call adds no register spills to every call.
        if raisedInterrupts.load(ordering: .relaxed) != 0 { try pollInterrupt(at: callRange()) }
        if f.hasCapturedParameters {
            for (slot, cell) in f.proto.capturedParameters where a.cells[cell] == nil {
                a.cells[cell] = Cell(a.slots[slot])
            }
        }
        do {
            if f.hasValueBody { return try f.valueBody(a) }
            if try f.body(a) == .returned {
                // Move the value out (no copy, no refcount traffic) and leave nil behind.
                let slot = returnSlot
                let v = slot.move()
                slot.initialize(to: .null)
                return v
            }
            return .null
        } catch var e as ScriptError {
            e.unwind(through: f.name, calledAt: callRange())
            throw e
        }
    }

    // MARK: - Calls from natives and the host

    /// Calls a function value with positional arguments (used by natives such as `map`).
    public func call(_ callee: Value, _ arguments: [Value]) throws -> Value {
        try call(callee, positional: arguments, named: [], at: currentRange)
    }

    /// The range of the call being executed, for errors raised by host calls.
    public internal(set) var currentRange = SourceRange(file: "", start: SourceLocation(offset: 0, line: 1, column: 1),
                                   end: SourceLocation(offset: 0, line: 1, column: 1))

    /// The general call path: any callee, positional and named arguments.
    func call(_ callee: Value, positional: [Value], named: [(Identifier, Value)], at range: SourceRange) throws -> Value {
        switch callee {
        case .function(let f):
            let proto = f.proto
            let params = proto.parameterNames
            if positional.count > params.count {
                throw ScriptError(Interpreter.tooManyArguments(to: proto.name, expected: params.count, got: positional.count),
                                  range)
            }
            let a = try pushFrame(f, at: range)
            defer { popFrame(f, a) }
            if named.isEmpty && positional.count == params.count {
                // The common case (natives calling back, e.g. `map`): no bookkeeping.
                for (i, v) in positional.enumerated() { a.slots[i] = v }
                return try runBody(f, a, callRange: range)
            }
            var given = [Bool](repeating: false, count: params.count)
            for (i, v) in positional.enumerated() {
                a.slots[i] = v
                given[i] = true
            }
            for (label, v) in named {
                guard let i = params.firstIndex(of: label.name) else {
                    throw ScriptError(Interpreter.unknownArgument(label.name, to: proto.name, parameters: params),
                                      label.range)
                }
                if given[i] { throw ScriptError(Interpreter.givenTwice(label.name, to: proto.name), label.range) }
                a.slots[i] = v
                given[i] = true
            }
            try fillDefaults(proto, a, given: given)
            return try runBody(f, a, callRange: range)
        case .native(let n):
            return try callNative(n, positional: positional, named: named, at: range)
        default:
            throw ScriptError("attempt to call a \(callee.typeName) value", range)
        }
    }

    /// Evaluates default values for parameters no argument was given for.
    func fillDefaults(_ proto: FunctionProto, _ a: Activation, given: [Bool]) throws {
        for i in given.indices where !given[i] {
            // Earlier captured parameters must be in their cells before a default reads them.
            for (slot, cell) in proto.capturedParameters where slot < i && a.cells[cell] == nil {
                a.cells[cell] = Cell(a.slots[slot])
            }
            // A parameter with no argument and no default is nil, as in Lua.
            guard i < proto.defaults.count, let d = proto.defaults[i] else { continue }
            a.slots[i] = try d(a)
        }
    }

    func callNative(_ n: NativeFunction, positional: [Value], named: [(Identifier, Value)], at range: SourceRange) throws -> Value {
        var values = positional
        if !n.isVariadic && positional.count > n.parameters.count {
            throw ScriptError(Interpreter.tooManyArguments(to: n.name, expected: n.parameters.count, got: positional.count),
                              range)
        }
        // `present` is only needed once a named argument can leave a gap.
        var present: [Bool] = []
        if !named.isEmpty { present = [Bool](repeating: true, count: positional.count) }
        for (label, v) in named {
            guard let i = n.parameters.firstIndex(of: label.name) else {
                throw ScriptError(Interpreter.unknownArgument(label.name, to: n.name, parameters: n.parameters),
                                  label.range)
            }
            while values.count <= i {
                values.append(.null)
                present.append(false)
            }
            if present[i] { throw ScriptError(Interpreter.givenTwice(label.name, to: n.name), label.range) }
            values[i] = v
            present[i] = true
        }
        var args = Arguments(values: values, present: present, function: n.name, interpreter: self)
        let saved = currentRange
        currentRange = range
        defer { currentRange = saved }
        do {
            return try n.body(&args)
        } catch let e as NativeError {
            throw ScriptError(e.message, range)
        }
    }

    // The words of call errors, the same at run time and in `check`.

    /// `unknown argument 'step' to 'rollout' (did you mean 'steps'?)`
    static func unknownArgument(_ label: String, to function: String, parameters: [String]) -> String {
        "unknown argument '\(label)' to '\(function)'" + Suggestions.hint(label, among: parameters)
    }

    /// `too many arguments to 'f' (expected 2, got 3)`
    static func tooManyArguments(to function: String, expected: Int, got: Int) -> String {
        "too many arguments to '\(function)' (expected \(expected), got \(got))"
    }

    /// `argument 'steps' to 'rollout' given twice`
    static func givenTwice(_ label: String, to function: String) -> String {
        "argument '\(label)' to '\(function)' given twice"
    }

    // MARK: - Numbers

    /// The Int a double represents exactly, or nil (fractions, infinities, NaN, huge values).
    public static func exactInt(_ d: Double) -> Int? {
        // NaN fails the comparison; below 9e15 the conversion cannot trap, and converting
        // back tests for a fraction without a call of libm's `round`.
        guard abs(d) < 9.0e15 else { return nil }
        let i = Int(d)
        return Double(i) == d ? i : nil
    }

    /// A Double that must become an Int in `bounds`: the Int, or nil for fractions, NaN,
    /// infinities and anything outside `bounds`. Never traps, whatever the double.
    public static func int(_ d: Double, in bounds: ClosedRange<Int>) -> Int? {
        guard let i = exactInt(d), bounds.contains(i) else { return nil }
        return i
    }

    /// The wording for a number that `int(_:in:)` refused: "NAME must be a whole number
    /// from LO to HI, got X".
    public static func intRangeMessage(_ name: String, _ bounds: ClosedRange<Int>, got d: Double) -> String {
        "\(name) must be a whole number from \(bounds.lowerBound) to \(bounds.upperBound), got \(Value.format(number: d))"
    }
}
