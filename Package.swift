// swift-tools-version:6.0
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
        // HTTP client for downloads (URLSession on Linux traps on a mirror that closes mid-headers).
        // It brings SwiftNIO, NIOSSL (a second BoringSSL) and their packages: about 7 more CPU
        // minutes in a clean build, debug or release (measured on 2 loaded cores).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
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
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["ModelFile/FORMAT.md"]
        ),
        // The `digits` command: a thin swift-argument-parser layer over DigitsKit.
        .executableTarget(
            name: "digits",
            dependencies: [
                "DigitsKit",
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
