import Benchmark
import Foundation
import Spanscope

// The OTLP receiver's throughput: requests of 512 spans (the SDKs' default batch) that
// `scripts/otlp_bodies.py` wrote with opentelemetry-proto, each decoded, filed into the
// store and answered, as `POST /v1/traces` does minus the socket. Every sample feeds all
// requests into a fresh store whose budget they overflow, so eviction is part of the cost;
// `scripts/receiver-bench.sh` turns the medians into spans per second.

/// Where `scripts/receiver-bench.sh` has the bodies written.
private let bodiesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build-bench/otlp-bodies")

private func requests(extension suffix: String, contentType: String) -> [Request] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: bodiesDirectory.path)) ?? []
    let bodies = names.filter { $0.hasSuffix("." + suffix) }.sorted().compactMap { name in
        FileManager.default.contents(atPath: bodiesDirectory.appendingPathComponent(name).path)
    }
    return bodies.map { body in
        Request(method: .post, uri: "/v1/traces", headers: ["Content-Type": contentType], body: Array(body))
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .milliseconds,
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 30
    )

    for (encoding, suffix, contentType) in [
        ("protobuf", "pb", "application/x-protobuf"), ("JSON", "json", "application/json"),
    ] {
        let batch = requests(extension: suffix, contentType: contentType)
        // Without bodies there is nothing to measure; `benchmark list` and other targets' runs go on.
        guard !batch.isEmpty else {
            FileHandle.standardError.write(Data("no *.\(suffix) in \(bodiesDirectory.path): run Benchmarks/scripts/receiver-bench.sh\n".utf8))
            continue
        }
        Benchmark("Receive \(batch.count) requests of 512 spans, \(encoding)") { benchmark in
            let store = TraceStore(configuration: TraceStore.Configuration(memoryBudgetBytes: 16 << 20))
            let receiver = OTLPReceiver(store: store)
            benchmark.startMeasurement()
            for request in batch {
                blackHole(receiver.respond(to: request))
            }
            benchmark.stopMeasurement()
            precondition(store.statistics().received.spans == 512 * batch.count, "spans were not all received")
        }
    }
}
