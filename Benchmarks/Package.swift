// swift-tools-version: 6.1
import PackageDescription

/// A package-benchmark executable in `Benchmarks/<name>/` over Spanscope, run by the
/// benchmark plugin (`swift package benchmark --target <name>`).
func benchmarkTarget(_ name: String, dependencies: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "Benchmark", package: "benchmark"),
            .product(name: "Spanscope", package: "Spanscope"),
        ] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

// A package of its own, so that the root package's build (and CI's) never compiles the
// benchmark harness.
let package = Package(
    name: "SpanscopeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Spanscope", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // The malloc counters (mallocCountTotal) need the interposer trait.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context.git", from: "1.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "bench-server",
            dependencies: [
                .product(name: "Spanscope", package: "Spanscope"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "TraceFixtures",
            ]
        ),
        // The measuring settings the micro-benchmarks share.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Benchmark", package: "benchmark")]
        ),
        // Stores filled with synthetic traces, for the query benchmarks and bench-server's
        // trace UI. Apart from BenchmarkSupport: Benchmark's malloc interposer must not be
        // linked into bench-server, whose throughput it would slow.
        .target(
            name: "TraceFixtures",
            dependencies: [
                .product(name: "Spanscope", package: "Spanscope"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ]
        ),
        // Micro-benchmarks of the tracing hot paths: `scripts/tracing-bench.sh`.
        benchmarkTarget("TracingBenchmarks", dependencies: [
            "BenchmarkSupport",
            "TraceFixtures",
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
        ]),
        // OTLP export throughput, protobuf and JSON: `scripts/export-bench.sh`.
        benchmarkTarget("ExportBenchmarks", dependencies: [
            .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
        ]),
        // The OTLP receiver's throughput in spans per second: `scripts/receiver-bench.sh`.
        benchmarkTarget("ReceiverBenchmarks"),
        // What the tracing middleware costs a request, apart from the network.
        benchmarkTarget("MiddlewareBenchmarks", dependencies: ["BenchmarkSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
