import Foundation
import WorldKit

// MARK: - Prior study
//
// `OrreryBench priors [--quick] [--seeds N] [--no-sweep] [--weight W] [--warmup E] [--unlabelled N] …` (see usage): trains the learned models under several seeds
// and prints the study's tables (WorldKit's `PriorStudy`): which priors, which feedback,
// training with priors and guided rollouts help in distribution, out of it and after a push.

enum PriorsBench {
    static func run(_ arguments: [String]) {
        var options = PriorStudyOptions.standard
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--quick":
                options.trainingScenes = 24
                options.epochs = 8
                options.scenes = 6
                options.unlabelledScenes = 24
                options.priorWarmup = 4
            case "--seeds" where i + 1 < arguments.count:
                guard let n = Int(arguments[i + 1]), n >= 1, n <= 20 else { return usage() }
                options.seeds = (1...n).map(UInt64.init)
                i += 1
            case "--no-sweep":
                options.sweep = false
            case "--weight" where i + 1 < arguments.count:
                guard let w = Double(arguments[i + 1]), w >= 0, w.isFinite else { return usage() }
                options.priorWeight = w
                i += 1
            case "--warmup" where i + 1 < arguments.count:
                guard let n = Int(arguments[i + 1]), n >= 0 else { return usage() }
                options.priorWarmup = n
                i += 1
            case "--unlabelled" where i + 1 < arguments.count:
                guard let n = Int(arguments[i + 1]), n >= 0, n <= 10_000 else { return usage() }
                options.unlabelledScenes = n
                i += 1
            case "--unlabelled-horizon" where i + 1 < arguments.count:
                guard let n = Int(arguments[i + 1]), n >= 1, n <= UnlabelledScenes.maximumHorizon else { return usage() }
                options.unlabelledHorizon = n
                i += 1
            case "--training-priors" where i + 1 < arguments.count:
                let names = arguments[i + 1].split(separator: ",").map(String.init)
                guard !names.isEmpty, names.allSatisfy({ BuiltinPriors.named($0) != nil }) else { return usage() }
                options.trainingPriors = names
                i += 1
            case "--scale" where i + 1 < arguments.count:
                // NAME=FACTOR: the weight of prior NAME is multiplied by FACTOR.
                let parts = arguments[i + 1].split(separator: "=").map(String.init)
                guard parts.count == 2, let f = Double(parts[1]), f >= 0, f.isFinite else { return usage() }
                options.priorScales = (options.priorScales ?? [:]).merging([parts[0]: f]) { $1 }
                i += 1
            case "--uniform":
                // One weight for every prior and family (no default factors).
                options.priorScales = [:]
            case "--per-example" where i + 1 < arguments.count:
                guard let f = Double(arguments[i + 1]), f > 0, f <= 4 else { return usage() }
                options.unlabelledPerExample = f
                i += 1
            case "--scenes-seed" where i + 1 < arguments.count:
                // Fresh held-out scenes: confirms settings chosen on the standard ones.
                guard let n = UInt64(arguments[i + 1]) else { return usage() }
                options.heldOutSeed = n
                i += 1
            case "--only-trained":
                options.onlyTrained = true
                options.sweep = false
            case "--models" where i + 1 < arguments.count:
                options.models = arguments[i + 1].split(separator: ",").map(String.init)
                i += 1
            default:
                return usage()
            }
            i += 1
        }
        do {
            let report = try PriorStudy.run(options) { line in
                FileHandle.standardError.write(Data("bench priors: \(line)\n".utf8))
            }
            print(report.markdown)
        } catch {
            print("priors bench failed: \(error)")
        }
    }

    static func usage() {
        print("usage: OrreryBench priors [--quick] [--seeds N] [--models window,hybrid,objectnet] [--no-sweep] "
              + "[--weight W] [--warmup EPOCHS] [--unlabelled SCENES] [--unlabelled-horizon STEPS] [--per-example F] "
              + "[--training-priors a,b] [--scale PRIOR=FACTOR | --uniform] [--scenes-seed N] [--only-trained]")
    }
}
