import Spanscope
import Synchronization
import Testing

/// Keeps every span a tracer records, for tests to inspect.
final class SpanCollector: SpanRecorder {
    private let spans = Mutex<[SpanRecord]>([])

    func record(_ span: SpanRecord) {
        spans.withLock { $0.append(span) }
    }

    var records: [SpanRecord] { spans.withLock { $0 } }

    /// The one span of this name; fails the test when there are none or several.
    func only(named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SpanRecord {
        let matching = records.filter { $0.name == name }
        try #require(matching.count == 1, "\(matching.count) spans named \(name) in \(records.map(\.name))", sourceLocation: sourceLocation)
        return matching[0]
    }

    /// A tracer that records here, sampling every root and following every parent's flag,
    /// and reads no `OTEL_*` variable.
    func tracer(serviceName: String = "test", sampler: any Sampler = ParentBasedSampler(root: AlwaysOnSampler())) -> SpanscopeTracer {
        SpanscopeTracer(serviceName: serviceName, recorder: self, sampler: sampler, environment: [:])
    }
}
