import OrreryLang
import WorldKit

// MARK: - From scene blocks to scenes
//
// A scene block runs like a function body; each entry line reaches `SceneAssembler`
// already evaluated. The assembler checks kinds, properties and their types, builds
// a `Scene`, and validates it, pointing every problem at the line that caused it.

/// The scene vocabulary, written once: every entry word with what it does, the words that
/// declare a named thing, and the flag keys. The parser gets it as data
/// (`WorldExtension.sceneVocabulary`); `SceneAssembler.entry` dispatches through it.
enum SceneWords {
    struct Word {
        /// Declares a named thing (`ball a …`), which `add` may introduce in a block.
        var named = false
        /// The property keys its reader asks for, in that order (besides `allow_overlap`,
        /// which every entry takes): `orrery check` reports any other key before running.
        var properties: [String] = []
        /// Names it declares without writing one (`ground`): events may mention them.
        var implicitNames: [String] = []
        /// What the word does to the scene being assembled.
        var read: (SceneAssembler) -> (EvaluatedSceneEntry, inout EntryReader) throws -> Void
    }

    static let bodyProperties = ["angle", "velocity", "spin", "mass", "density", "restitution", "friction", "color",
                                 "static"]

    static let entries: [String: Word] = [
        "ball": Word(named: true, properties: ["at", "radius"] + bodyProperties, read: SceneAssembler.addBody),
        "box": Word(named: true, properties: ["at", "size"] + bodyProperties, read: SceneAssembler.addBody),
        "wall": Word(named: true, properties: ["from", "to", "thickness", "restitution", "friction", "color"],
                     read: SceneAssembler.addWall),
        "occluder": Word(named: true, properties: ["at", "size", "color"], read: SceneAssembler.addOccluder),
        "region": Word(named: true, properties: ["at", "size"], read: SceneAssembler.addRegion),
        "ground": Word(properties: ["at", "restitution", "friction"], implicitNames: ["ground"],
                       read: SceneAssembler.setGround),
        "bounds": Word(properties: ["from", "to", "thickness", "restitution", "friction"],
                       implicitNames: Bounds(.zero, Vec2(1, 1)).walls.map(\.name), read: SceneAssembler.setBounds),
        "gravity": Word(read: SceneAssembler.setGravity),
        "dt": Word(read: SceneAssembler.setStep),
        "substeps": Word(read: SceneAssembler.setCount),
        "iterations": Word(read: SceneAssembler.setCount),
        "camera": Word(properties: ["at", "size", "ppu", "velocity", "keyframes"], read: SceneAssembler.setCamera),
        "noise": Word(properties: ["velocity", "restitution"], read: SceneAssembler.setNoise),
        "allow_overlap": Word(read: SceneAssembler.allowOverlap),
        "sleeping": Word(read: SceneAssembler.allowSleeping),
    ]

    /// Keys that take no value: `static` on a body, `allow_overlap` on any entry.
    static let flagKeys: Set<String> = ["static", "allow_overlap"]

    static let vocabulary = SceneVocabulary(entryWords: Set(entries.keys),
                                            namedWords: Set(entries.filter(\.value.named).keys),
                                            flagKeys: flagKeys,
                                            properties: entries.mapValues(\.properties),
                                            universalKeys: ["allow_overlap"],
                                            implicitNames: entries.mapValues(\.implicitNames).filter { !$0.value.isEmpty })
}

/// Collects evaluated entries of one run of a scene block into a `Scene`.
final class SceneAssembler: SceneBuilder {
    private(set) var scene: Scene
    /// Where each named thing was declared, for locating validation problems.
    private var declared: [String: SourceRange] = [:]
    private var sceneRange: SourceRange
    private var hasCamera = false
    private var settingRanges: [String: SourceRange] = [:]
    /// The scene's sampling stream: `uniform`, `normal`, `choice`, `int_between` and soft
    /// requirements draw from it while the block runs.
    var stream: RandomStream
    /// True once the block drew a random value: the scene is then a family, not one scene.
    var random = false
    /// When a search drives the block (`falsify`), the unit numbers its draws take instead of the stream.
    var draws: UnitDraws?

    init(name: String, range: SourceRange, stream: RandomStream = RandomStream(seed: 0)) {
        scene = Scene(name: name)
        sceneRange = range
        self.stream = stream
        // Room for a small scene's names at once: growing 1, 2, 4, 8, 16 rehashed them
        // four times, most of declaring a body.
        declared.reserveCapacity(16)
    }

    // MARK: Entries

    func entry(_ e: EvaluatedSceneEntry) throws {
        guard let word = SceneWords.entries[e.kind] else {
            throw ScriptError(SceneWords.vocabulary.unknownEntry(e.kind), e.range)
        }
        var reader = EntryReader(entry: e)
        try word.read(self)(e, &reader)
        if reader.takesAllowOverlap { scene.allowOverlap = true }
        try reader.finish()
    }

    // MARK: Entry words other than bodies

    fileprivate func addWall(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        let name = try reader.requireName()
        let from = try reader.vector("from", required: true) ?? .zero
        let to = try reader.vector("to", required: true) ?? .zero
        var wall = WallSpec(name: name, from: from, to: to)
        if let t = try reader.number("thickness") { wall.thickness = try positive(t, "thickness", e) }
        if let r = try reader.number("restitution") { wall.restitution = r }
        if let f = try reader.number("friction") { wall.friction = f }
        if let c = try reader.color() { wall.color = c }
        try declare(name, e)
        scene.walls.append(wall)
    }

    fileprivate func addOccluder(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        let name = try reader.requireName()
        let at = try reader.vector("at", required: true) ?? .zero
        let size = try reader.vector("size", required: true) ?? .zero
        try positiveSize(size, e)
        var occluder = Occluder(name: name, center: at, size: size)
        if let c = try reader.color() { occluder.color = c }
        try declare(name, e)
        scene.occluders.append(occluder)
    }

    fileprivate func addRegion(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        let name = try reader.requireName()
        let at = try reader.vector("at", required: true) ?? .zero
        let size = try reader.vector("size", required: true) ?? .zero
        try positiveSize(size, e)
        try declare(name, e)
        scene.regions.append(Region(name: name, center: at, size: size))
    }

    fileprivate func setGround(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        try once("ground", e)
        let height = try reader.positionalNumber() ?? reader.number("at", required: true) ?? 0
        var ground = Ground(height: height)
        if let r = try reader.number("restitution") { ground.restitution = r }
        if let f = try reader.number("friction") { ground.friction = f }
        scene.ground = ground
    }

    fileprivate func setBounds(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        try once("bounds", e)
        guard let lower = try reader.positionalVector() ?? reader.vector("from") else {
            throw ScriptError("'bounds' needs two corners: bounds (x0, y0) to (x1, y1)", e.range)
        }
        let upper = try reader.vector("to", required: true) ?? .zero
        guard upper.x > lower.x, upper.y > lower.y else {
            throw ScriptError("'bounds' needs its second corner above and right of the first", e.range)
        }
        var bounds = Bounds(lower, upper)
        if let t = try reader.number("thickness") { bounds.thickness = try positive(t, "thickness", e) }
        if let r = try reader.number("restitution") { bounds.restitution = r }
        if let f = try reader.number("friction") { bounds.friction = f }
        scene.bounds = bounds
    }

    fileprivate func setGravity(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        try once("gravity", e)
        guard let g = try reader.positionalVector() else {
            throw ScriptError("'gravity' needs a vector, as in gravity (0, -9.8)", e.range)
        }
        scene.gravity = g
    }

    fileprivate func setStep(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        try once("dt", e)
        guard let dt = try reader.positionalNumber(), dt > 0, dt <= 1 else {
            throw ScriptError("'dt' needs a step in seconds between 0 and 1, as in dt 1/60", e.range)
        }
        scene.dt = dt
    }

    fileprivate func setCount(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        try once(e.kind, e)
        guard let n = try reader.positionalNumber(), let count = Interpreter.int(n, in: 1...1000) else {
            throw ScriptError("'\(e.kind)' needs a whole number from 1 to 1000", e.range)
        }
        if e.kind == "substeps" { scene.substeps = count } else { scene.iterations = count }
    }

    fileprivate func setCamera(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        try once("camera", e)
        try configureCamera(e, &reader)
    }

    fileprivate func setNoise(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        var noise = scene.noise ?? NoiseModel()
        if let v = try reader.number("velocity") { noise.velocitySigma = try nonNegative(v, "velocity", e) }
        if let r = try reader.number("restitution") { noise.restitutionSigma = try nonNegative(r, "restitution", e) }
        scene.noise = noise
    }

    fileprivate func allowOverlap(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        scene.allowOverlap = true
    }

    fileprivate func allowSleeping(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        scene.sleeping = true
    }

    /// `require cond` and `require[p] cond`: a failed, enforced requirement rejects this run.
    ///
    /// A soft requirement draws its coin (enforced with probability p) from the sampling
    /// stream every time it runs, so a sample depends only on its stream.
    func require(_ condition: Value, probability: Value?, range: SourceRange) throws {
        var enforced = true
        if let probability {
            guard case .number(let p) = probability, p >= 0, p <= 1 else {
                throw ScriptError("require[p] needs a probability between 0 and 1", range)
            }
            random = true
            enforced = drawUnit() < p
        }
        if enforced, !condition.isTruthy { throw SceneRejection(range: range, cause: "the requirement at line \(range.start.line)") }
    }

    /// `require b.x > 0`: a body declared earlier in the block.
    func read(_ name: String) throws -> Value? {
        scene.body(named: name).map { .object(BodySpecObject($0)) }
    }

    var readableNames: [String] { scene.bodies.map(\.name) }

    // MARK: Bodies

    fileprivate func addBody(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        let name = try reader.requireName()
        let at = try reader.vector("at", required: true) ?? .zero
        let shape: BodyShape
        if e.kind == "ball" {
            let r = try reader.number("radius") ?? BindingDefaults.ballRadius
            guard r > 0, r.isFinite else {
                throw ScriptError("ball '\(name)' has radius \(Value.format(number: r)); a radius must be positive", e.range)
            }
            shape = .ball(radius: r)
        } else {
            let size = try reader.vector("size") ?? BindingDefaults.boxSize
            guard size.x > 0, size.y > 0, size.x.isFinite, size.y.isFinite else {
                throw ScriptError("box '\(name)' has size \(Value.vector(size)); both sides must be positive", e.range)
            }
            shape = .box(size: size)
        }
        var body = BodySpec(name: name, shape: shape, position: at)
        if let a = try reader.number("angle") { body.angle = a }
        if let v = try reader.vector("velocity") { body.velocity = v }
        if let s = try reader.number("spin") { body.spin = s }
        if let m = try reader.number("mass") {
            guard m > 0, m.isFinite else {
                throw ScriptError("\(e.kind) '\(name)' has mass \(Value.format(number: m)); a mass must be positive", e.range)
            }
            body.mass = m
        }
        if let d = try reader.number("density") {
            guard d > 0, d.isFinite else {
                throw ScriptError("\(e.kind) '\(name)' has density \(Value.format(number: d)); a density must be positive", e.range)
            }
            if body.mass != nil {
                throw ScriptError("\(e.kind) '\(name)' gives both mass and density; give one", e.range)
            }
            body.density = d
        }
        if let r = try reader.number("restitution") {
            guard r >= 0, r <= 1 else { throw ScriptError("restitution must be between 0 and 1", e.range) }
            body.restitution = r
        }
        if let f = try reader.number("friction") {
            guard f >= 0, f.isFinite else { throw ScriptError("friction must not be negative", e.range) }
            body.friction = f
        }
        if let c = try reader.color() { body.color = c }
        if reader.flag("static") { body.isStatic = true }
        try declare(name, e)
        scene.bodies.append(body)
    }

    // MARK: Camera

    private func configureCamera(_ e: EvaluatedSceneEntry, _ reader: inout EntryReader) throws {
        hasCamera = true
        var camera = scene.camera
        if let at = try reader.vector("at") { camera.center = at }
        if let size = try reader.vector("size") {
            try positiveSize(size, e)
            camera.size = size
        }
        if let ppu = try reader.number("ppu") {
            guard ppu > 0, ppu <= 512 else { throw ScriptError("camera 'ppu' must be between 0 and 512", e.range) }
            camera.pixelsPerUnit = ppu
        }
        if let v = try reader.vector("velocity") { camera.motion = .velocity(v) }
        if let frames = try reader.list("keyframes") {
            var keyframes: [CameraKeyframe] = []
            for item in frames {
                guard case .list(let pair) = item, pair.count == 2,
                      case .number(let t) = pair[0], case .vector(let c) = pair[1] else {
                    throw ScriptError("camera 'keyframes' is a list of [time, (x, y)] pairs", e.range)
                }
                keyframes.append(CameraKeyframe(time: t, center: c))
            }
            camera.motion = .keyframes(keyframes)
        }
        let pixels = camera.size * camera.pixelsPerUnit
        guard pixels.x <= Double(Image.maximumSide), pixels.y <= Double(Image.maximumSide) else {
            throw ScriptError("camera 'size' × 'ppu' would make an image of \(Value.format(number: pixels.x.rounded()))×\(Value.format(number: pixels.y.rounded())) pixels; at most \(Image.maximumSide) a side", e.range)
        }
        scene.camera = camera
    }

    /// Without a `camera` entry, frame everything the scene declares, with a margin.
    private func fitCamera() {
        var lo = Vec2(Double.infinity, Double.infinity), hi = Vec2(-Double.infinity, -Double.infinity)
        func include(_ p: Vec2) {
            lo = Vec2(min(lo.x, p.x), min(lo.y, p.y))
            hi = Vec2(max(hi.x, p.x), max(hi.y, p.y))
        }
        for b in scene.bodies {
            let r = b.shape.boundingRadius
            include(b.position - Vec2(r, r)); include(b.position + Vec2(r, r))
        }
        for w in scene.walls { include(w.from); include(w.to) }
        for o in scene.occluders { include(Vec2(o.rect.minX, o.rect.minY)); include(Vec2(o.rect.maxX, o.rect.maxY)) }
        for r in scene.regions { include(Vec2(r.rect.minX, r.rect.minY)); include(Vec2(r.rect.maxX, r.rect.maxY)) }
        if let b = scene.bounds { include(b.lower); include(b.upper) }
        if let g = scene.ground { include(Vec2(lo.x.isFinite ? lo.x : 0, g.height - 0.5)) }
        guard lo.x.isFinite, hi.x.isFinite else { return }
        let margin = BindingDefaults.cameraMargin
        var size = (hi - lo) + Vec2(2 * margin, 2 * margin)
        // Room above for bodies to bounce, and a pleasant aspect ratio.
        size = Vec2(max(size.x, size.y * 4 / 3), max(size.y, size.x * 3 / 4))
        let center = Vec2((lo.x + hi.x) / 2, lo.y - margin + size.y / 2)
        let ppu = min(BindingDefaults.maxPixelsPerUnit, BindingDefaults.fittedWidth / size.x)
        scene.camera = CameraSpec(center: center, size: size, pixelsPerUnit: max(ppu, 0.5))
    }

    // MARK: Finishing

    /// The validated scene; problems point at the entry that declared their subject.
    /// The scene built; throws its first problem, or rejects the draw when the block drew
    /// random values and bodies overlap (as a failed `require` does: another draw may not).
    func finish() throws -> Scene {
        if !hasCamera { fitCamera() }
        let problems = scene.validate()
        if let first = problems.first {
            let range = first.subject.flatMap { declared[$0] } ?? sceneRange
            if random, problems.allSatisfy({ $0.kind == .overlap || $0.kind == .overlapsStatic }) {
                let what = first.other.map { "'\(first.subject ?? "?")' and '\($0)'" } ?? "'\(first.subject ?? "?")'"
                throw SceneRejection(range: range, cause: "the overlap of \(what) at line \(range.start.line)")
            }
            var message = first.message
            if first.kind == .overlap || first.kind == .overlapsStatic {
                message += " (add allow_overlap to the scene to permit it)"
            }
            var error = ScriptError(message, range)
            if problems.count > 1 {
                error.error.message += " (and \(problems.count - 1) more problem\(problems.count > 2 ? "s" : ""))"
            }
            throw error
        }
        return scene
    }

    private func declare(_ name: String, _ e: EvaluatedSceneEntry) throws {
        if let previous = declared[name] {
            throw ScriptError("'\(name)' is already declared in this scene (at line \(previous.start.line))", e.range)
        }
        declared[name] = e.range
    }

    private func once(_ kind: String, _ e: EvaluatedSceneEntry) throws {
        if let previous = settingRanges[kind] {
            throw ScriptError("'\(kind)' is already set in this scene (at line \(previous.start.line))", e.range)
        }
        settingRanges[kind] = e.range
    }

    private func positive(_ x: Double, _ what: String, _ e: EvaluatedSceneEntry) throws -> Double {
        guard x > 0, x.isFinite else { throw ScriptError("'\(what)' must be positive", e.range) }
        return x
    }

    private func nonNegative(_ x: Double, _ what: String, _ e: EvaluatedSceneEntry) throws -> Double {
        guard x >= 0, x.isFinite else { throw ScriptError("'\(what)' must not be negative", e.range) }
        return x
    }

    private func positiveSize(_ size: Vec2, _ e: EvaluatedSceneEntry) throws {
        guard size.x > 0, size.y > 0, size.x.isFinite, size.y.isFinite else {
            throw ScriptError("\(e.kind) size must be positive on both sides", e.range)
        }
    }
}

/// Numbers the bindings choose when a script leaves them out.
enum BindingDefaults {
    static let ballRadius = 0.5
    static let boxSize = Vec2(1, 1)
    static let cameraMargin = 1.0
    static let maxPixelsPerUnit = 32.0
    /// Width in pixels of an automatically fitted camera's image.
    static let fittedWidth = 480.0
    /// Steps a `rollout` runs when `steps:` is not given.
    static let rolloutSteps = 100
}
