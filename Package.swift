// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "digits",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "DigitsKit", targets: ["DigitsKit"]),
        .executable(name: "digits", targets: ["digits"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // HTTP server for `digits serve` (SwiftNIO underneath), chosen over FlyingFox for its
        // connection cap, bounded request heads, streamed bodies and graceful shutdown; it costs
        // about 5 CPU-minutes on a clean build (docs/serve.md). Its default traits would add
        // swift-configuration, which serve does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in Hummingbird's graph; named because DigitsServe imports them directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
    ],
    targets: [
        // zlib from the system (zlib1g-dev): inflate for .gz datasets, crc32 for model files.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Fast fp32 kernels (sgemm, fused sigmoid, thread pool); vector code is selected at run
        // time, so no special compiler flags are needed.
        .target(name: "CKernels"),
        // All logic: typed errors, never prints, never exits.
        .target(
            name: "DigitsKit",
            dependencies: [
                "CZlib",
                "CKernels",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["ModelFile/FORMAT.md"]
        ),
        // `digits serve`: the HTTP API and the drawing page (DigitsKit itself gains no dependency).
        .target(
            name: "DigitsServe",
            dependencies: [
                "DigitsKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("Resources/index.html")]
        ),
        // The `digits` command: a thin swift-argument-parser layer over DigitsKit.
        .executableTarget(
            name: "digits",
            dependencies: [
                "DigitsKit",
                "DigitsServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DigitsKitTests",
            dependencies: ["DigitsKit"],
            resources: [.copy("Fixtures")]
        ),
        // End-to-end tests that run the built `digits` binary.
        .testTarget(
            name: "DigitsCLITests",
            dependencies: ["digits", "DigitsKit"]
        ),
    ],
    swiftLanguageModes: [.v5]
)

// libFuzzer targets (FuzzTesting/), only when DIGITS_FUZZ is set: `tools/fuzz` builds them in
// its own scratch path with -sanitize=fuzzer,address. A plain `swift build`/`swift test` never
// sees them.
if Context.environment["DIGITS_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzzDriver", path: "FuzzTesting/Sources/CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["DigitsKit", "CFuzzDriver"], path: "FuzzTesting/Sources/FuzzSupport"),
    ]
    for name in ["FuzzIDX", "FuzzGzip", "FuzzPGM", "FuzzModelFile", "FuzzJSON"] {
        package.targets.append(.executableTarget(
            name: name, dependencies: ["DigitsKit", "FuzzSupport"], path: "FuzzTesting/Sources/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}

// tools/bench/serve's in-process timing of one classification (decode, preprocess, inference,
// answer), only when DIGITS_BENCH is set.
if Context.environment["DIGITS_BENCH"] != nil {
    package.targets.append(.executableTarget(name: "ServeCost", dependencies: ["DigitsKit", "DigitsServe"], path: "tools/bench/ServeCost"))
}
