// MARK: - Which feedback each model gets by default
//
// Project mode feeds a corrected state back into the model (`FeedbackPolicy`). What
// helps depends on the model, measured by `Scripts/bench priors --quick` (docs/priors.md,
// "Feedback"): with multi-step training, window and objectnet models do best taking the
// full correction; the hybrid does best keeping its own velocities (positions), since
// its learned contact response is better than a prior's velocity repair after a push.

extension FeedbackPolicy {
    /// The language's names: "full", "positions", "output".
    public var languageName: String {
        switch self {
        case .full: return "full"
        case .positions: return "positions"
        case .outputOnly: return "output"
        }
    }

    /// The policy with this language name, or nil.
    public init?(languageName: String) {
        guard let p = FeedbackPolicy.allCases.first(where: { $0.languageName == languageName }) else { return nil }
        self = p
    }

    /// The feedback project mode uses for `model` when none is asked for.
    public static func defaultPolicy(for model: any WorldModel) -> FeedbackPolicy {
        if let own = model as? FeedbackChoosing { return own.defaultFeedback }
        return defaultPolicy(forKind: model.kind)
    }

    /// The default feedback for a model family by its kind (see the type's comment).
    public static func defaultPolicy(forKind kind: String) -> FeedbackPolicy {
        switch kind {
        case "hybrid": return .positions
        default: return .full
        }
    }
}

/// A model that says which feedback project mode should give it by default (a combinator
/// passes on its inner model's).
public protocol FeedbackChoosing: WorldModel {
    var defaultFeedback: FeedbackPolicy { get }
}
