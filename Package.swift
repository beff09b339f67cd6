// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Orrery",
    products: [
        .executable(name: "orrery", targets: ["orrery"]),
        .library(name: "WorldKit", targets: ["WorldKit"]),
        .library(name: "OrreryLang", targets: ["OrreryLang"]),
        .library(name: "OrreryWorld", targets: ["OrreryWorld"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // GNU readline, for the REPL's line editing and history (Debian: libreadline-dev).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // zlib, for PNG compression (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // OpenBLAS, for the learned models' linear algebra (Debian: libopenblas-serial-dev).
        // Linked by name only, so other packages can depend on WorldKit: which build a
        // process loads is Debian's libopenblas.so.0 alternative, and Scripts/bootstrap
        // selects the single-threaded one (a BLAS thread pool halves the simulator's speed).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),

        // What the world and the language both build on: vectors, seeded random streams,
        // the Wilson interval, JSON and markup text. Depends on nothing.
        .target(name: "OrreryBase"),
        // The world: scenes, the simulator, rendering. Knows nothing of the language.
        .target(name: "WorldKit", dependencies: ["OrreryBase", "CZlib", "CBLAS"]),
        // The scenario language alone: syntax, semantics, runtime, engine, REPL, reports, and
        // the one door (Host/) through which a domain installs itself. Knows nothing of the world.
        .target(name: "OrreryLang", dependencies: ["OrreryBase"]),
        // The world's language surface: scenes, rollouts, models, priors, plots, pictures,
        // installed into the language through its door.
        .target(name: "OrreryWorld", dependencies: ["OrreryLang", "WorldKit"]),
        // The thin command-line front end.
        .executableTarget(
            name: "orrery",
            dependencies: [
                "OrreryLang", "OrreryWorld", "WorldKit", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Benchmarks driven by Scripts/bench.
        .executableTarget(name: "OrreryBench", dependencies: ["OrreryLang", "OrreryWorld", "WorldKit"]),
        // Fuzz targets and a mutation driver, run by Scripts/fuzz (libFuzzer when built with
        // -sanitize=fuzzer -DFUZZING; see Tests/README.md, "Fuzzing").
        .executableTarget(name: "orrery-fuzz", dependencies: ["OrreryLang", "OrreryWorld", "WorldKit", "CZlib"], path: "Sources/OrreryFuzz"),

        .testTarget(name: "WorldKitTests", dependencies: ["WorldKit"]),
        // The golden-script runner, shared by the two test targets that run golden scripts.
        .target(name: "GoldenSupport", dependencies: ["OrreryLang"], path: "Tests/GoldenSupport"),
        // The language core's tests link no world: the language's golden scripts.
        .testTarget(name: "LanguageTests", dependencies: ["OrreryLang", "GoldenSupport"]),
        .testTarget(name: "OrreryLangTests", dependencies: ["OrreryLang", "OrreryWorld", "WorldKit", "GoldenSupport"]),
        .testTarget(name: "OrreryCLITests", dependencies: ["OrreryLang", "OrreryWorld", "WorldKit"]),
    ],
    swiftLanguageModes: [.v5]
)
