// Where names live at run time. The resolver (Semantics/) decides an address for every
// name before anything runs; the compiled code and the interpreter only read them.

/// Where a variable lives at run time.
enum Address {
    /// A plain local in the frame's slots.
    case slot(Int)
    /// A local captured by a closure, kept in the frame's cells.
    case cell(Int)
    /// A captured variable of an enclosing function, by index in the closure's upvalues.
    case upvalue(Int)
    /// A top-level binding (of this script, an imported module, the prelude or a native).
    case global(Cell)
}

/// A name bound in a scope.
struct Binding {
    var address: Address
    var mutable: Bool
    var range: SourceRange?
    /// Bound by an `import` (so not re-exported by the importing module).
    var imported = false
}

/// Where a closure's upvalue comes from when the closure is created.
enum UpvalueSource {
    case parentCell(Int)
    case parentUpvalue(Int)
}
