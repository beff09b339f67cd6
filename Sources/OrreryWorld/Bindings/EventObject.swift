import OrreryLang
import WorldKit

/// An event: either a pattern to look for (`contact(a, b)`) or one that happened
/// (an item of `r.events`, which also has `step`, `time`, `point` and `impulse`).
final class EventObject: HostObject {
    let pattern: EventPattern
    let occurrence: PhysicsEvent?

    init(pattern: EventPattern) {
        self.pattern = pattern
        occurrence = nil
    }

    init(occurrence: PhysicsEvent) {
        pattern = EventPattern(occurrence.kind, occurrence.body, occurrence.other)
        self.occurrence = occurrence
    }

    var typeName: String { "event" }

    /// The script-facing name of each event kind, and the constructor that makes its pattern.
    static let kindNames: [(PhysicsEvent.Kind, String)] = [
        (.contactBegin, "contact"), (.contactEnd, "separation"),
        (.occlusionBegin, "occluded"), (.occlusionEnd, "reappeared"),
        (.exitView, "left_view"), (.enterView, "entered_view"),
        (.regionEnter, "entered"), (.regionExit, "exited"), (.rest, "rests"),
    ]

    static func name(of kind: PhysicsEvent.Kind) -> String {
        kindNames.first { $0.0 == kind }?.1 ?? kind.rawValue
    }

    var description: String {
        let names = [pattern.body, pattern.other].compactMap { $0 }.joined(separator: ", ")
        var s = "\(Self.name(of: pattern.kind))(\(names))"
        if let e = occurrence { s += " at step \(e.step)" }
        return s
    }

    func isEqual(to other: any HostObject) -> Bool {
        guard let o = other as? EventObject else { return false }
        return o.pattern == pattern && o.occurrence == occurrence
    }

    var memberNames: [String] { ["kind", "body", "other", "step", "time", "point", "impulse"] }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "kind": return .string(Self.name(of: pattern.kind))
        case "body": return pattern.body.map { .string($0) } ?? .null
        case "other": return pattern.other.map { .string($0) } ?? .null
        case "step": return occurrence.map { .number(Double($0.step)) } ?? .null
        case "time": return occurrence.map { .number($0.time) } ?? .null
        case "point": return occurrence?.point.map { .vector($0) } ?? .null
        case "impulse": return occurrence.map { .number($0.impulse) } ?? .null
        default: return nil
        }
    }
}
