// MARK: - Falsification search
//
// Search a family of worlds for ones where a property fails. The property gives a
// robustness value for each candidate: positive when it holds, negative (or zero)
// when violated, its size the margin (a Boolean property is ±1). Every method
// minimises robustness over the family's unit cube, so CEM and annealing follow the
// margin down towards the failure set while random sampling and Halton only count on
// luck. A candidate the family rejects (`require`) costs nothing and is redrawn:
// requirements hold in every candidate.
//
// A property that fails with an error on some candidate does not stop the search: the
// candidate is reported with its error and counted as an evaluation, and the search
// goes on (its robustness is +∞, so it steers nothing). A script sees the errors in
// the result and can stop on them itself.

public enum Falsifier {
    /// A candidate the property failed on.
    public struct Counterexample<Sample> {
        /// Its position among the evaluations, from 0.
        public var index: Int
        public var point: [Double]
        public var sample: Sample
        /// The property's robustness there (≤ 0).
        public var value: Double
    }

    /// A candidate on which the property raised an error.
    public struct Failure {
        public var index: Int
        public var message: String
    }

    public struct Result<Sample> {
        /// Counterexamples in the order found (at most `keep` of them).
        public var counterexamples: [Counterexample<Sample>]
        /// Every counterexample found, kept or not.
        public var counterexampleCount: Int
        /// Evaluations of the property made.
        public var evaluations: Int
        /// The evaluation (counting from 1) that found the first counterexample; nil when none did.
        public var firstCounterexampleAt: Int?
        /// The lowest robustness seen.
        public var lowest: Double
        public var errors: [Failure]
    }

    /// Most counterexamples a result keeps (the count goes on).
    public static let keep = 100

    /// Searches up to `budget` candidates; with `stopAtFirst`, stops at the first counterexample.
    /// `draw` makes the candidate a point stands for (nil when the family rejects it);
    /// `property` is its robustness.
    public static func run<Sample>(dimension: Int, budget: Int, method: SearchMethod, seed: UInt64,
                                   stopAtFirst: Bool = false,
                                   draw: (_ point: [Double], _ attempt: Int) throws -> Sample?,
                                   property: (Sample) throws -> Double,
                                   isFatal: (Error) -> Bool = { _ in false }) throws -> Result<Sample> {
        let search = try UnitCubeSearch(dimension: dimension, budget: budget, method: method, seed: seed)
        var found: [Counterexample<Sample>] = []
        var count = 0
        var first: Int?
        var lowest = Double.infinity
        var errors: [Failure] = []
        var attempt = 0
        var evaluation = 0
        let candidates = try search.run(evaluate: { point in
            defer { attempt += 1 }
            guard let sample = try draw(point, attempt) else { return nil }
            defer { evaluation += 1 }
            let value: Double
            do {
                value = try property(sample)
            } catch {
                if isFatal(error) { throw error }
                errors.append(Failure(index: evaluation, message: String(describing: error)))
                return .infinity
            }
            guard !value.isNaN else {
                errors.append(Failure(index: evaluation, message: "the property returned NaN"))
                return .infinity
            }
            lowest = min(lowest, value)
            if value <= 0 {
                count += 1
                if first == nil { first = evaluation + 1 }
                if found.count < keep { found.append(Counterexample(index: evaluation, point: point, sample: sample, value: value)) }
            }
            return value
        }, stop: { c in stopAtFirst && c.cost <= 0 })
        return Result(counterexamples: found, counterexampleCount: count, evaluations: candidates.count,
                      firstCounterexampleAt: first, lowest: lowest, errors: errors)
    }
}
