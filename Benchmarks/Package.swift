// swift-tools-version: 6.1
import PackageDescription

// A package of its own, so that the root package's build (and CI's) never compiles the
// benchmark harness.
let package = Package(
    name: "SpanscopeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Spanscope", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "bench-server",
            dependencies: [
                .product(name: "Spanscope", package: "Spanscope"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
