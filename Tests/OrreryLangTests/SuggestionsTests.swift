import Testing
@testable import OrreryLang

/// The one "did you mean" helper every error uses (Diagnostics/Suggestions.swift).
@Suite struct SuggestionsTests {
    @Test(arguments: [
        ("rolout", ["rollout", "rng", "round"], "rollout"),   // a missing letter
        ("rigth", ["right", "red", "left"], "right"),         // two letters swapped
        ("finall", ["final", "initial", "length"], "final"),
        ("bal", ["ball", "box", "wall"], "ball"),
        ("step", ["model", "scene", "steps", "seed"], "steps"),
        ("no_overlp", ["no_overlap", "above_ground"], "no_overlap"),
        ("Right", ["right", "rigid"], "right"),              // letter case alone
    ])
    func suggestsTheClosestName(name: String, candidates: [String], expected: String) {
        #expect(Suggestions.closest(to: name, among: candidates) == expected)
    }

    @Test(arguments: [
        ("height", ["right", "left"]),        // two edits in six letters is too far
        ("x", ["y", "z"]),                    // a one-letter name is never corrected
        ("zebra_count", ["print", "total"]),
        ("a", ["a"]),                         // the name itself is no suggestion
    ])
    func suggestsNothingFar(name: String, candidates: [String]) {
        #expect(Suggestions.closest(to: name, among: candidates) == nil)
    }

    @Test func tiesGoToTheFirstInAlphabeticalOrder() {
        #expect(Suggestions.closest(to: "bax", among: ["box", "bag", "bat"]) == "bag")
    }

    @Test func distanceCountsASwapOnce() {
        #expect(Suggestions.distance(Array("rigth"), Array("right"), limit: 3) == 1)
        #expect(Suggestions.distance(Array("kitten"), Array("sitting"), limit: 5) == 3)
        #expect(Suggestions.distance(Array("abc"), Array("abcdefgh"), limit: 2) == 3)
    }

    @Test func phrasesTheSuggestion() {
        #expect(Suggestions.hint("rolout", among: ["rollout"]) == " (did you mean 'rollout'?)")
        #expect(Suggestions.hint("zzz", among: ["rollout"]) == "")
        #expect(Suggestions.didYouMean("rde", among: ["red"], quote: "\"") == "did you mean \"red\"?")
    }
}
