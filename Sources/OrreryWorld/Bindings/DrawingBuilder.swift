import OrreryLang
import WorldKit

// MARK: - Blocks that draw
//
// `uniform`, `normal`, `choice` and `int_between` draw from the block running now: a
// scene block (its sampling stream) or a plan's actions block. When a search drives the
// block, each draw takes the next coordinate of the candidate's unit-cube point through
// the distribution's inverse CDF (`UnitDraws`); otherwise the stream draws as always,
// so sampling is unchanged.

/// A trailing or scene block whose distributions draw from it.
protocol DrawingBuilder: AnyObject {
    /// Set once the block drew anything (a scene block is then a family).
    var random: Bool { get set }
    func drawUnit() -> Double
    func drawUniform(_ lo: Double, _ hi: Double) -> Double
    func drawNormal(_ m: Double, _ s: Double) -> Double
    func drawIndex(below n: Int) -> Int
}

extension SceneAssembler: DrawingBuilder {
    func drawUnit() -> Double { draws?.unit() ?? stream.nextUnit() }
    func drawUniform(_ lo: Double, _ hi: Double) -> Double { draws?.uniform(lo, hi) ?? stream.uniform(lo, hi) }
    func drawNormal(_ m: Double, _ s: Double) -> Double { draws?.normal(m, s) ?? stream.normal(m, s) }
    func drawIndex(below n: Int) -> Int { draws?.index(below: n) ?? stream.index(below: n) }
}

extension SceneFamily {
    /// One run of the block with its draws taken from `draws`; nil when a requirement (or an
    /// overlap) rejects it: a search draws another candidate instead of retrying this one.
    func sample(draws: UnitDraws) throws -> Scene? {
        let assembler = SceneAssembler(name: name, range: range)
        assembler.draws = draws
        do {
            try body.run(into: assembler)
            return try assembler.finish()
        } catch is SceneRejection {
            return nil
        }
    }

    /// How many numbers the block draws: the most over a few plain samples, so a block whose
    /// number of draws varies is searched over the draws it usually makes.
    func drawCount(seed: UInt64) throws -> Int {
        var most = 0
        for k in 0..<8 {
            let draws = UnitDraws(point: [], seed: seed, candidate: -1 - k)
            let assembler = SceneAssembler(name: name, range: range)
            assembler.draws = draws
            do {
                try body.run(into: assembler)
                _ = try assembler.finish()
            } catch is SceneRejection {}
            most = max(most, draws.count)
        }
        return most
    }
}
