// MARK: - Rejection sampling with named requirements
//
// Scenic's model of a probabilistic scene: draw every random value, then keep
// the sample only if every requirement holds; otherwise draw again. Hard
// requirements must always hold; a soft requirement `require[p]` is enforced on
// a try with probability p (Scenic's semantics), so about a fraction 1 − p of
// accepted samples may violate it.
//
// When no sample is accepted within the iteration limit, the error names the
// requirement that rejected most tries, which is nearly always the one to relax.
// Requirements are checked in order and the first failing one takes the blame
// for the try (later ones are not evaluated: they may be costly).

/// A named condition a sampled value must meet: hard (probability 1) or soft.
public struct Requirement<Sample> {
    /// How the requirement reads in the source, for error messages (e.g. `distance(a, c) > 2`).
    public var name: String
    /// 1 for a hard requirement; p in [0, 1) for `require[p]`.
    public var probability: Double
    public var test: (Sample) throws -> Bool

    public init(_ name: String, probability: Double = 1, _ test: @escaping (Sample) throws -> Bool) {
        self.name = name
        self.probability = probability
        self.test = test
    }
}

/// Rejection sampling gave up: no try met every requirement.
public struct RejectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Tries made.
    public var iterations: Int
    /// For each requirement (in declaration order): its name and the tries it rejected.
    public var rejections: [RequirementCount]

    public struct RequirementCount: Hashable, Sendable {
        public var name: String
        public var count: Int
    }

    /// The requirement that rejected most tries (the first one on a tie).
    public var mostRejecting: RequirementCount? {
        rejections.reduce(nil) { best, next in
            guard let best else { return next }
            return next.count > best.count ? next : best
        }
    }

    public var description: String {
        guard let worst = mostRejecting else { return "no sample accepted in \(iterations) tries" }
        return "no sample accepted in \(iterations) tries; requirement '\(worst.name)' rejected \(worst.count) of them"
    }
}

/// Draws values until one meets every requirement.
public enum RejectionSampler {
    /// Tries before giving up, unless a caller says otherwise.
    public static let defaultMaxIterations = 10_000

    /// The stream for sample `index` of a sweep with `seed`: each sample can be reproduced alone,
    /// from the seed and its index, whatever was sampled before it.
    public static func stream(seed: UInt64, index: Int) -> RandomStream {
        RandomStream(seed: seed, stream: UInt64(truncatingIfNeeded: index))
    }

    /// The first drawn value that meets every requirement, with the number of tries it took.
    ///
    /// Soft requirements draw their coin from `stream` after the value is drawn, one coin per soft
    /// requirement per try, so results depend only on the stream. Throws `RejectionError` after
    /// `maxIterations` rejected tries (at least one try is always made), and rethrows errors from
    /// `draw` and the tests.
    public static func sample<Sample>(
        _ stream: inout RandomStream, requirements: [Requirement<Sample>],
        maxIterations: Int = defaultMaxIterations, draw: (inout RandomStream) throws -> Sample
    ) throws -> (value: Sample, iterations: Int) {
        var counts = Array(repeating: 0, count: requirements.count)
        let limit = max(1, maxIterations)
        for iteration in 1...limit {
            let value = try draw(&stream)
            var coins: [Bool] = []
            for requirement in requirements where requirement.probability < 1 {
                coins.append(stream.nextUnit() < requirement.probability)
            }
            var rejectedBy: Int? = nil
            var coin = 0
            for (i, requirement) in requirements.enumerated() {
                var enforced = true
                if requirement.probability < 1 {
                    enforced = coins[coin]
                    coin += 1
                }
                if enforced, try !requirement.test(value) {
                    rejectedBy = i
                    break
                }
            }
            guard let k = rejectedBy else { return (value, iteration) }
            counts[k] += 1
        }
        let rejections = zip(requirements, counts).map { RejectionError.RequirementCount(name: $0.name, count: $1) }
        throw RejectionError(iterations: limit, rejections: rejections)
    }
}
