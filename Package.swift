// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The engine's loops are written to vectorise; built for x86-64's baseline they get
/// two doubles per instruction, with AVX2 four. When the building machine has AVX2 (and
/// FULCRUM_PORTABLE is unset) the library is compiled for it: rank runs about 20% faster
/// with bit-identical numbers, since Swift never fuses a multiply and an add on its own.
/// The binary then needs AVX2 wherever it runs.
let hostVectorFlags: [SwiftSetting] = {
    guard ProcessInfo.processInfo.environment["FULCRUM_PORTABLE"] == nil,
          let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          cpu.contains(" avx2"), cpu.contains(" fma") else { return [] }
    return [.unsafeFlags(["-target-cpu", "haswell"])]
}()

let package = Package(
    name: "Fulcrum",
    products: [
        .library(name: "Fulcrum", targets: ["Fulcrum"]),
        .executable(name: "fulcrum", targets: ["fulcrum"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "Fulcrum",
            dependencies: ["COpenBLAS", .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: hostVectorFlags
        ),
        .executableTarget(
            name: "fulcrum",
            dependencies: ["Fulcrum", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "FulcrumTests",
            dependencies: ["Fulcrum", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams")]
        ),
    ]
)
