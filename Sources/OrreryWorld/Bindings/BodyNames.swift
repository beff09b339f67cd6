import OrreryLang
import WorldKit

// MARK: - Names in events and queries
//
// `r.happened(contact(red, rigth))` must not answer false because of a typo. Every
// query that takes an event pattern (`happened`, `first`, `count`, `occurrences`,
// `would`, `causes`, `when:`) checks the names in it against the world it asks about:
// the scene's bodies, walls, ground, occluders and regions, the bodies added while the
// rollout ran, and the names of the scenes it came from (a body removed by a static
// intervention, another sample of the same family). A name in none of them is an
// error with the closest name as a suggestion.

extension Scene {
    /// Every name an event of this scene may mention.
    var eventNames: [String] {
        bodies.map(\.name) + allWalls.map(\.name) + (ground == nil ? [] : ["ground"])
            + occluders.map(\.name) + regions.map(\.name)
    }
}

extension Intervention {
    /// The name of the body this intervention adds, if it adds one.
    var addedName: String? {
        if case .add(let spec) = self { return spec.name }
        return nil
    }
}

enum BodyNames {
    /// Fails with `bad argument #position to 'function' (no body named 'rigth' in scene "w";
    /// did you mean 'right'?)` when a name in `pattern` is not in `known`.
    static func check(_ pattern: EventPattern, known: Set<String>, scene: String, _ args: Arguments,
                      at position: Int) throws {
        for (name, isOther) in [(pattern.body, false), (pattern.other, true)] {
            guard let name, !known.contains(name) else { continue }
            let what: String
            switch (pattern.kind, isOther) {
            case (.occlusionBegin, true), (.occlusionEnd, true): what = "occluder"
            case (.regionEnter, true), (.regionExit, true): what = "region"
            default: what = "body"
            }
            throw args.bad(position, unknown(name, what: what, scene: scene, known: known))
        }
    }

    /// Fails like `check` for each name of a list (`causes(…, bodies: [...])`).
    static func check(_ names: [String], known: Set<String>, scene: String, _ args: Arguments,
                      at position: Int) throws {
        if let name = names.first(where: { !known.contains($0) }) {
            throw args.bad(position, unknown(name, what: "body", scene: scene, known: known))
        }
    }

    /// `no body named 'rigth' in scene "w"; did you mean 'right'?`
    static func unknown(_ name: String, what: String = "body", scene: String, known: some Sequence<String>) -> String {
        "no \(what) named '\(name)' in scene \"\(scene)\"" + (Suggestions.didYouMean(name, among: known).map { "; " + $0 } ?? "")
    }
}

extension RolloutObject {
    /// The names the rollout's events may mention: its scene's, the bodies that appear
    /// in its states (added by interventions), and those of the scenes it came from.
    func collectKnownNames() -> Set<String> {
        var names = Set(rollout.scene.eventNames).union(earlierNames)
        for state in rollout.states { names.formUnion(state.bodies.map(\.name)) }
        return names
    }

    /// Checks a pattern given to one of this rollout's queries.
    func checkNames(_ pattern: EventPattern, _ args: Arguments, at position: Int, adding: [String] = []) throws {
        try BodyNames.check(pattern, known: knownNames.union(adding), scene: rollout.scene.name, args, at: position)
    }
}

extension SceneObject {
    /// Names beyond this scene's own that its rollouts' events may mention: those of the
    /// scenes it was derived from and of the other samples drawn from its family.
    var namesBeyondScene: Set<String> {
        earlierNames.union(family?.declaredNames ?? [])
    }
}

// MARK: - In the causal operations

extension BodyNames {
    /// Checks the event of `intervene(w, when: EVENT)` against the scene and the bodies its
    /// schedule adds. A block in the schedule runs only when its step comes, so what it adds
    /// is unknown here: then the rollout checks the names (`checkTriggers`).
    static func check(_ trigger: ScheduledIntervention.Trigger, of scene: SceneObject,
                      _ args: Arguments, at position: Int) throws {
        guard case .event(let pattern) = trigger else { return }
        var known = Set(scene.scene.eventNames).union(scene.namesBeyondScene)
        for entry in scene.schedule {
            guard case .fixed(let interventions) = entry.plan else { return }
            known.formUnion(interventions.compactMap(\.addedName))
        }
        try check(pattern, known: known, scene: scene.scene.name, args, at: position)
    }

    /// Checks the `when:` events of a rollout's schedule against the bodies that took part in it.
    static func checkTriggers(of rollout: RolloutObject, _ args: Arguments, at position: Int) throws {
        for entry in rollout.schedule {
            if case .event(let pattern) = entry.trigger { try rollout.checkNames(pattern, args, at: position) }
        }
    }

    /// Checks the event of a counterfactual's `when:` against the factual rollout.
    static func check(_ split: Counterfactual.Split, of factual: RolloutObject, _ args: Arguments, at position: Int) throws {
        guard case .event(let pattern) = split else { return }
        try factual.checkNames(pattern, args, at: position)
    }

    /// A failed static intervention in the language's words; an unknown body gets a suggestion.
    static func describe(_ error: Error, in scene: Scene) -> String {
        guard case InterventionError.unknownBody(let name) = error else { return "\(error)" }
        return "\(error)" + (Suggestions.didYouMean(name, among: scene.bodies.map(\.name)).map { " (\($0))" } ?? "")
    }
}
