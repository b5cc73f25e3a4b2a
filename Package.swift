// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Fulcrum",
    products: [
        .library(name: "Fulcrum", targets: ["Fulcrum"]),
        .executable(name: "fulcrum", targets: ["fulcrum"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "Fulcrum",
            dependencies: ["COpenBLAS", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "fulcrum",
            dependencies: ["Fulcrum", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "FulcrumTests",
            dependencies: ["Fulcrum"]
        ),
    ]
)
