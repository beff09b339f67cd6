// MARK: - The built-in priors by name

/// The built-in priors, as the language names them.
public enum BuiltinPriors {
    /// Every built-in prior's name, in a fixed order.
    public static let names = ["no_overlap", "above_ground", "inside_bounds", "permanence", "momentum", "energy", "gravity", "rigid"]

    /// The built-in prior with this name and default tolerances, or nil.
    public static func named(_ name: String) -> (any Prior)? {
        switch name {
        case "no_overlap": return NoOverlapPrior()
        case "above_ground": return AboveGroundPrior()
        case "inside_bounds": return InsideBoundsPrior()
        case "permanence": return PermanencePrior()
        case "momentum": return MomentumPrior()
        case "energy": return EnergyPrior()
        case "gravity": return GravityPrior()
        case "rigid": return RigidPrior()
        default: return nil
        }
    }

    /// All built-in priors, with default tolerances.
    public static var all: [any Prior] { names.compactMap(named) }
}
