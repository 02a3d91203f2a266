// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Spanscope",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Spanscope", targets: ["Spanscope"]),
        .executable(name: "spanscope", targets: ["SpanscopeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Layer 1: the system library.
        .systemLibrary(
            name: "CLibevent",
            pkgConfig: "libevent_pthreads",
            providers: [.apt(["libevent-dev"])]
        ),
        // Layer 2: the HTTP layer on libevent. Knows nothing of tracing.
        .target(
            name: "SpanscopeHTTP",
            dependencies: ["CLibevent"],
            swiftSettings: strict
        ),
        // Layer 3: the tracing core. Pure Swift, knows nothing of libevent.
        .target(
            name: "SpanscopeTracing",
            dependencies: [
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Layer 4: integration, and the one module a user imports.
        .target(
            name: "Spanscope",
            dependencies: ["SpanscopeHTTP", "SpanscopeTracing"],
            swiftSettings: strict
        ),
        // Layer 5: executables.
        .executableTarget(
            name: "SpanscopeCLI",
            dependencies: [
                "Spanscope",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "SpanscopeHTTPTests", dependencies: ["SpanscopeHTTP"], swiftSettings: strict),
        .testTarget(name: "SpanscopeTracingTests", dependencies: ["SpanscopeTracing"], swiftSettings: strict),
        .testTarget(name: "SpanscopeTests", dependencies: ["Spanscope"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
