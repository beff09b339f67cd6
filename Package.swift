// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Orrery",
    products: [
        .executable(name: "orrery", targets: ["orrery"]),
        .library(name: "WorldKit", targets: ["WorldKit"]),
        .library(name: "OrreryLang", targets: ["OrreryLang"]),
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

        // The world: scenes, the simulator, rendering. Knows nothing of the language.
        .target(name: "WorldKit", dependencies: ["CZlib", "CBLAS"]),
        // The scenario language: syntax, semantics, runtime, bindings to WorldKit, REPL logic.
        .target(name: "OrreryLang", dependencies: ["WorldKit"]),
        // The thin command-line front end.
        .executableTarget(
            name: "orrery",
            dependencies: [
                "OrreryLang", "WorldKit", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Benchmarks driven by Scripts/bench.
        .executableTarget(name: "OrreryBench", dependencies: ["OrreryLang", "WorldKit"]),

        .testTarget(name: "WorldKitTests", dependencies: ["WorldKit"]),
        .testTarget(name: "OrreryLangTests", dependencies: ["OrreryLang", "WorldKit"]),
        .testTarget(name: "OrreryCLITests", dependencies: ["OrreryLang", "WorldKit"]),
    ],
    swiftLanguageModes: [.v5]
)
