// MARK: - Search over the unit cube
//
// Planning and falsification search the same kind of space: a block (an actions
// block, a scene family) that draws its numbers from distributions. Every draw is a
// unit number u ∈ [0, 1) pushed through the distribution's inverse CDF, so a
// candidate is a point of the unit cube [0, 1)^d and every method searches that cube,
// whatever the block draws: random shooting samples it uniformly, Halton fills it with
// a low-discrepancy sequence, the cross-entropy method and MPPI move a Gaussian over it,
// simulated annealing walks it. The methods only see costs (lower is better); the
// caller decides what a cost is (a plan's distance to its goal, a property's robustness).
//
// Everything is drawn from `RandomStream`s derived from the seed, and candidates are
// evaluated one after the other in a fixed order, so a seed gives the same search at
// any thread count.

/// How to search the unit cube.
public enum SearchMethod: String, CaseIterable, Hashable, Sendable {
    /// Independent uniform points (random shooting; the baseline).
    case random
    /// The Halton low-discrepancy sequence, shifted by the seed (Cranley–Patterson rotation).
    case halton
    /// The cross-entropy method: a Gaussian (full covariance, so it can lie along a thin
    /// diagonal failure set) refitted to the best candidates found so far (elitist CEM).
    case cem
    /// Model-predictive path integral: a Gaussian moved to the cost-weighted (softmin) mean.
    case mppi
    /// Simulated annealing: a random walk that accepts worse points less often as it cools.
    case annealing
}

/// Why a search could not run.
public struct SearchError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One evaluated candidate.
public struct SearchCandidate: Hashable, Sendable {
    /// Its position in the search, from 0.
    public var index: Int
    /// The point of the unit cube it was made from.
    public var point: [Double]
    /// Its cost (lower is better).
    public var cost: Double
}

/// The tuning of the population methods, named once.
public enum SearchTuning {
    /// Candidates per generation of CEM and MPPI. Small generations with elites kept across
    /// them converge in few evaluations (Scripts/bench search measures it).
    public static let population = 10
    /// The fraction of a CEM generation kept as elites.
    public static let eliteFraction = 0.3
    /// The starting standard deviation of the Gaussian over the unit cube, and its floor.
    public static let initialSpread = 0.3
    public static let minimumSpread = 0.005
    /// How much of the previous mean and spread CEM keeps (smoothing against collapse).
    public static let smoothing = 0.2
    /// MPPI's temperature, as a fraction of the generation's cost spread.
    public static let temperature = 0.1
    /// Annealing: the starting step, the cooling per evaluation's share of the budget.
    public static let annealingStep = 0.25
    public static let annealingFinalStep = 0.01
    /// A rejected candidate (its block refused the draw) does not count against the budget,
    /// but a search that draws this many rejections per evaluation gives up.
    public static let rejectionsPerEvaluation = 100
}

/// Searches the unit cube `[0, 1)^dimension` for low-cost points.
public struct UnitCubeSearch {
    public let dimension: Int
    public let budget: Int
    public let method: SearchMethod
    public let seed: UInt64

    public init(dimension: Int, budget: Int, method: SearchMethod, seed: UInt64) throws {
        guard dimension >= 0 else { throw SearchError("dimension must not be negative") }
        guard budget > 0 else { throw SearchError("budget must be at least 1 evaluation, got \(budget)") }
        self.dimension = dimension
        self.budget = budget
        self.method = method
        self.seed = seed
    }

    /// Evaluates up to `budget` candidates in order and returns them all.
    ///
    /// `evaluate` gives a candidate's cost, or nil when the candidate is rejected (a block's
    /// `require` refused it): a rejected candidate costs no evaluation and another is drawn.
    /// `stop` ends the search early after a candidate (e.g. planning that reached its goal).
    public func run(evaluate: ([Double]) throws -> Double?,
                    stop: (SearchCandidate) -> Bool = { _ in false }) throws -> [SearchCandidate] {
        var state = Walker(self)
        var out: [SearchCandidate] = []
        var rejections = 0
        while out.count < budget {
            let point = state.next()
            guard let raw = try evaluate(point) else {
                rejections += 1
                state.rejected()
                if rejections > SearchTuning.rejectionsPerEvaluation * max(out.count + 1, 10) {
                    throw SearchError("gave up: \(rejections) candidates were rejected by requirements "
                                      + "after \(out.count) evaluations")
                }
                continue
            }
            let cost = raw.isNaN ? Double.infinity : raw
            let c = SearchCandidate(index: out.count, point: point, cost: cost)
            out.append(c)
            state.told(c)
            if stop(c) { break }
        }
        return out
    }
}

// MARK: - The methods' state

/// The proposal state of one search: where the next point comes from.
private struct Walker {
    let search: UnitCubeSearch
    var stream: RandomStream
    // Halton
    var haltonIndex = 0
    let shift: [Double]
    // CEM and MPPI: the Gaussian and the generation being filled.
    var mean: [Double]
    var spread: [Double]
    /// CEM's covariance and its Cholesky factor (row-major d×d); MPPI keeps `spread` only.
    var covariance: [Double]
    var factor: [Double]
    var generation: [SearchCandidate] = []
    /// CEM's elites: the best candidates of every generation so far (elitist CEM), so the
    /// Gaussian is fitted to the best points found rather than only the newest generation's.
    var elites: [SearchCandidate] = []
    let population: Int
    // Annealing: the current point and its cost.
    var current: [Double]?
    var currentCost = Double.infinity
    var proposal: [Double]?
    var evaluated = 0

    init(_ search: UnitCubeSearch) {
        self.search = search
        stream = RandomStream(seed: search.seed, stream: 0x5EA_4C4)
        var shiftStream = RandomStream(seed: search.seed, stream: 0x4A1_7012)
        shift = (0..<search.dimension).map { _ in shiftStream.nextUnit() }
        mean = Array(repeating: 0.5, count: search.dimension)
        spread = Array(repeating: SearchTuning.initialSpread, count: search.dimension)
        let d = search.dimension
        covariance = (0..<(d * d)).map { $0 % (d + 1) == 0 ? SearchTuning.initialSpread * SearchTuning.initialSpread : 0 }
        factor = (0..<(d * d)).map { $0 % (d + 1) == 0 ? SearchTuning.initialSpread : 0 }
        population = SearchTuning.population
    }

    mutating func uniformPoint() -> [Double] {
        (0..<search.dimension).map { _ in stream.nextUnit() }
    }

    mutating func next() -> [Double] {
        switch search.method {
        case .random:
            return uniformPoint()
        case .halton:
            haltonIndex += 1
            return (0..<search.dimension).map { d in
                let h = Halton.value(index: haltonIndex, base: Halton.prime(d)) + shift[d]
                return clampUnit(h - h.rounded(.down))
            }
        case .cem, .mppi:
            // Until a generation tells candidates apart, the cube is covered uniformly; then the Gaussian leads.
            if !fitted { return uniformPoint() }
            let d = search.dimension
            let z = (0..<d).map { _ in stream.normal() }
            if search.method == .cem {
                return (0..<d).map { i in
                    var x = mean[i]
                    for j in 0...i { x += factor[i * d + j] * z[j] }
                    return clampUnit(x)
                }
            }
            return (0..<d).map { i in clampUnit(mean[i] + spread[i] * z[i]) }
        case .annealing:
            guard let here = current else { return uniformPoint() }
            let progress = Double(evaluated) / Double(max(1, search.budget - 1))
            let step = SearchTuning.annealingStep
                * pow(SearchTuning.annealingFinalStep / SearchTuning.annealingStep, progress)
            let p = here.map { reflect($0 + step * stream.normal()) }
            proposal = p
            return p
        }
    }

    var evaluatedGenerations = 0
    /// True once a generation's costs differed, so the Gaussian was fitted to something.
    var fitted = false

    mutating func rejected() {}

    mutating func told(_ c: SearchCandidate) {
        evaluated += 1
        switch search.method {
        case .random, .halton: break
        case .cem, .mppi:
            generation.append(c)
            if generation.count == population {
                refit()
                generation.removeAll(keepingCapacity: true)
                evaluatedGenerations += 1
            }
        case .annealing:
            guard current != nil else {
                current = c.point
                currentCost = c.cost
                return
            }
            // Metropolis acceptance; the temperature falls with the share of the budget spent,
            // measured in units of the current cost's size so any cost scale anneals alike.
            let progress = Double(evaluated) / Double(max(1, search.budget))
            let temperature = max(1e-12, 0.1 * (1 - progress) * max(abs(currentCost), 1e-3))
            let accept: Bool
            if c.cost <= currentCost {
                accept = true
            } else if c.cost.isFinite, currentCost.isFinite {
                accept = stream.nextUnit() < exp(-(c.cost - currentCost) / temperature)
            } else {
                accept = false
            }
            if accept {
                current = c.point
                currentCost = c.cost
            }
        }
    }

    /// Moves the Gaussian: to the elites' mean and spread (CEM) or the softmin-weighted mean (MPPI).
    mutating func refit() {
        let d = search.dimension
        guard d > 0 else { return }
        var newMean = Array(repeating: 0.0, count: d)
        var newSpread = Array(repeating: 0.0, count: d)
        // Ties broken by index, so the order is total and deterministic.
        let sorted = generation.sorted { ($0.cost, $0.index) < ($1.cost, $1.index) }
        // A generation whose candidates all cost the same (a pass/fail property that has not
        // failed yet) says nothing about where to look: keep the cube uniform until one differs.
        if !fitted, sorted.first?.cost == sorted.last?.cost { return }
        fitted = true
        switch search.method {
        case .mppi:
            let best = sorted[0].cost
            let finite = sorted.filter { $0.cost.isFinite }
            let worst = finite.last?.cost ?? best
            let lambda = max(1e-12, SearchTuning.temperature * (worst - best))
            let weights = sorted.map { $0.cost.isFinite && best.isFinite ? exp(-($0.cost - best) / lambda) : 0 }
            let total = weights.reduce(0, +)
            guard total > 0 else { return }
            for (c, w) in zip(sorted, weights) {
                for k in 0..<d { newMean[k] += w / total * c.point[k] }
            }
            for (c, w) in zip(sorted, weights) {
                for k in 0..<d { newSpread[k] += w / total * (c.point[k] - newMean[k]) * (c.point[k] - newMean[k]) }
            }
        default:
            let k = max(2, Int((Double(population) * SearchTuning.eliteFraction).rounded()))
            elites = Array((elites + sorted.prefix(k)).sorted { ($0.cost, $0.index) < ($1.cost, $1.index) }.prefix(k))
            let n = Double(elites.count)
            for c in elites { for k in 0..<d { newMean[k] += c.point[k] / n } }
            var cov = Array(repeating: 0.0, count: d * d)
            for c in elites {
                for i in 0..<d { for j in 0...i { cov[i * d + j] += (c.point[i] - newMean[i]) * (c.point[j] - newMean[j]) / n } }
            }
            let a = SearchTuning.smoothing, floor = SearchTuning.minimumSpread * SearchTuning.minimumSpread
            for i in 0..<d {
                for j in 0...i {
                    let v = (1 - a) * cov[i * d + j] + a * covariance[i * d + j] + (i == j ? floor : 0)
                    covariance[i * d + j] = v
                    covariance[j * d + i] = v
                }
                mean[i] = (1 - a) * newMean[i] + a * mean[i]
            }
            factor = Self.cholesky(covariance, d) ?? factor
            return
        }
        let a = SearchTuning.smoothing
        for k in 0..<d {
            mean[k] = (1 - a) * newMean[k] + a * mean[k]
            spread[k] = max(SearchTuning.minimumSpread, (1 - a) * newSpread[k].squareRoot() + a * spread[k])
        }
    }
}

extension Walker {
    /// The lower Cholesky factor of a symmetric positive-definite d×d matrix; nil if it is not.
    static func cholesky(_ m: [Double], _ d: Int) -> [Double]? {
        var l = Array(repeating: 0.0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = m[i * d + j]
                for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * d + i] = sum.squareRoot()
                } else {
                    l[i * d + j] = sum / l[j * d + j]
                }
            }
        }
        return l
    }
}

/// Keeps a unit coordinate inside [0, 1).
@inline(__always) func clampUnit(_ x: Double) -> Double {
    if !(x > 0) { return 0 }
    return min(x, 1 - 0x1.0p-53)
}

/// Folds a coordinate back into [0, 1) by reflection at the faces (a walk that leaves the cube bounces).
@inline(__always) func reflect(_ x: Double) -> Double {
    guard x.isFinite else { return 0.5 }
    var y = x.truncatingRemainder(dividingBy: 2)
    if y < 0 { y += 2 }
    if y > 1 { y = 2 - y }
    return clampUnit(y)
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Halton

/// The Halton sequence: the radical inverse of the index in the d-th prime base.
public enum Halton {
    static let primes: [Int] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
                                73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
                                157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229]

    /// The base of dimension `d` (dimensions past the table reuse it cyclically; the seed's
    /// per-dimension shift keeps them from coinciding).
    public static func prime(_ d: Int) -> Int { primes[d % primes.count] }

    /// The radical inverse of `index` in `base`: its digits mirrored after the point.
    public static func value(index: Int, base: Int) -> Double {
        var f = 1.0, r = 0.0, i = index
        while i > 0 {
            f /= Double(base)
            r += f * Double(i % base)
            i /= base
        }
        return r
    }
}
