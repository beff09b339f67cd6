// Benchmarks driven by Scripts/bench. Each subject lives in its own file and
// prints machine-readable lines `name<TAB>value<TAB>unit` that the script tabulates.

let arguments = Array(CommandLine.arguments.dropFirst())
let subject = arguments.first ?? "help"
let rest = Array(arguments.dropFirst())

switch subject {
case "physics": PhysicsBench.run(rest)
case "render": RenderBench.run(rest)
case "causal": CausalBench.run(rest)
case "training": TrainingBench.run(rest)
case "search": SearchBench.run(rest)
case "bridge": BridgeBench.run(rest)
case "video": VideoBench.run(rest)
case "models": ModelsBench.run(rest)
case "priors": PriorsBench.run(rest)
default:
    print("usage: OrreryBench SUBJECT [options]   (subjects: physics, render, causal, training, search, bridge, video, models, priors)")
}
