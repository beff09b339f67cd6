/// Something that happened during a step.
public struct PhysicsEvent: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Two colliders started touching (`body`, `other`; point and normal impulse).
        case contactBegin
        /// Two colliders stopped touching.
        case contactEnd
        /// `body` became fully hidden behind occluder `other`.
        case occlusionBegin
        /// `body` is no longer hidden behind occluder `other`.
        case occlusionEnd
        /// `body` left the camera's view entirely.
        case exitView
        /// `body` came (partly) back into the camera's view.
        case enterView
        /// `body`'s centre entered region `other`.
        case regionEnter
        /// `body`'s centre left region `other`.
        case regionExit
        /// `body` has been still for `PhysicsDefaults.restSteps` steps.
        case rest
    }

    public var kind: Kind
    /// The step at whose end the event was observed.
    public var step: Int
    public var time: Double
    public var body: String
    /// The other collider, occluder or region.
    public var other: String?
    /// Contact point (contacts only).
    public var point: Vec2?
    /// Normal impulse in the last substep (contact begin only).
    public var impulse: Double

    public init(kind: Kind, step: Int, time: Double, body: String, other: String? = nil,
                point: Vec2? = nil, impulse: Double = 0) {
        self.kind = kind
        self.step = step
        self.time = time
        self.body = body
        self.other = other
        self.point = point
        self.impulse = impulse
    }

    /// True when the event concerns the named body (as `body` or `other`).
    public func involves(_ name: String) -> Bool { body == name || other == name }

    public var description: String {
        "\(kind.rawValue)(\(body)\(other.map { ", " + $0 } ?? "")) at step \(step)"
    }
}

/// A pattern over events, for `Rollout.happened` and `Rollout.first`.
public struct EventPattern: Hashable, Sendable {
    public var kind: PhysicsEvent.Kind
    public var body: String?
    public var other: String?

    /// Matches events of `kind`; names, when given, must match (contacts in either order).
    public init(_ kind: PhysicsEvent.Kind, _ body: String? = nil, _ other: String? = nil) {
        self.kind = kind
        self.body = body
        self.other = other
    }

    /// A contact starting between two bodies, in either order.
    public static func contact(_ a: String, _ b: String) -> EventPattern { EventPattern(.contactBegin, a, b) }

    public func matches(_ e: PhysicsEvent) -> Bool {
        guard e.kind == kind else { return false }
        let symmetric = kind == .contactBegin || kind == .contactEnd
        func fits(_ x: String?, _ y: String?) -> Bool {
            (x == nil || x == e.body) && (y == nil || y == e.other)
        }
        return fits(body, other) || (symmetric && fits(other, body))
    }
}
