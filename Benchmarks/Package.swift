// swift-tools-version:6.1
// Benchmarks live in their own package so that `swift test` at the top level never
// builds the benchmark tooling. Run with `swift package benchmark` from this folder.
import Foundation
import PackageDescription

/// A path dependency is named after its folder, which differs from clone to clone.
let fulcrumPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "FulcrumBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FulcrumBenchmarks",
            dependencies: [
                .product(name: "Fulcrum", package: fulcrumPackage),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/FulcrumBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
