// swift-tools-version:6.0
import PackageDescription

/// The fuzz target is its own package, as the benchmarks are, so that `swift build` and
/// `swift test` of Fulcrum never build it: it links only with libFuzzer's `main`
/// (`-sanitize=fuzzer`), which `make fuzz` passes.
let package = Package(
    name: "FulcrumFuzz",
    dependencies: [.package(name: "Fulcrum", path: "..")],
    targets: [
        .executableTarget(name: "FulcrumFuzz", dependencies: [.product(name: "Fulcrum", package: "Fulcrum")]),
    ]
)
