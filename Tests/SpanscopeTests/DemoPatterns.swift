import Spanscope
import Testing
@testable import SpanscopeDemo

/// The patterns the demo shop is there to show, each found (or not) in a set of traces
/// by the rules that define it, not by span names the shop happens to use.
struct DemoPatterns {
    let traces: [Trace]

    /// Every trace the store holds, late spans included.
    init(store: TraceStore) {
        let digest = TraceDigest(store: store)
        traces = store.query(TraceQuery(limit: TraceQuery.maxLimit)).compactMap(digest.trace(of:))
    }

    /// A trace of one tree (a single root) across at least `count` services, in which each
    /// server span of a callee is the child of a client span of its caller.
    func crossServiceTrace(services count: Int) -> Trace? {
        traces.first { trace in
            guard Set(trace.spans.map(\.serviceName)).count >= count else { return false }
            let byID = Dictionary(trace.spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
            let roots = trace.spans.filter { span in span.parentSpanID.map { byID[$0] == nil } ?? true }
            guard roots.count == 1, roots[0].kind == .server else { return false }
            return trace.spans.allSatisfy { span in
                guard span.kind == .server, let parentID = span.parentSpanID, let parent = byID[parentID] else { return true }
                return parent.kind == .client && parent.serviceName != span.serviceName
            }
        }
    }

    /// The analysis' N+1 finding over database CLIENT spans carrying the database conventions.
    var nPlusOneOverDatabaseSpans: TraceFinding? {
        findings(.nPlusOne).first { trace, finding in
            let spans = finding.spanIDs.compactMap { id in trace.spans.first { $0.spanID == id } }
            return spans.count == finding.spanIDs.count && spans.allSatisfy { span in
                span.kind == .client
                    && span.attributes[key: "db.system"] == .string("postgresql")
                    && span.attributes[key: "db.query.text"] != nil
                    && span.attributes[key: "db.statement"] == span.attributes[key: "db.query.text"]
                    && span.attributes[key: "db.operation.name"] != nil
                    && span.attributes[key: "db.collection.name"] != nil
                    && span.attributes[key: "server.address"] != nil
            }
        }?.finding
    }

    /// The analysis' retries finding over CLIENT spans: a failed attempt, then one that succeeded.
    var retryAfterFailure: (trace: Trace, finding: TraceFinding)? {
        findings(.retries).first { trace, finding in
            let spans = finding.spanIDs.compactMap { id in trace.spans.first { $0.spanID == id } }
            guard spans.count >= 2, let first = spans.first, let last = spans.last else { return false }
            return spans.allSatisfy { $0.kind == .client } && first.isError && !last.isError
        }
    }

    /// A span with at least three CLIENT children under way at one instant.
    var parallelCalls: [SpanRecord]? {
        for trace in traces {
            let clientChildren = Dictionary(grouping: trace.spans.filter { $0.kind == .client && $0.parentSpanID != nil }) {
                $0.parentSpanID!
            }
            for children in clientChildren.values where children.count >= 3 {
                for instant in children.map(\.startNanos) {
                    let underWay = children.filter { $0.startNanos <= instant && instant < $0.endNanos }
                    if underWay.count >= 3 { return underWay }
                }
            }
        }
        return nil
    }

    /// A SERVER span that answered `status`, marked Error.
    func failedServerSpan(status: Int) -> SpanRecord? {
        failedSpan(status: status) { $0.kind == .server }
    }

    /// A CLIENT span that received `status`, marked Error.
    func failedClientSpan(status: Int) -> SpanRecord? {
        failedSpan(status: status) { $0.kind == .client }
    }

    private func failedSpan(status: Int, where isOfKind: (SpanRecord) -> Bool) -> SpanRecord? {
        traces.lazy.flatMap(\.spans).first { span in
            isOfKind(span) && span.isError && span.attributes[key: "http.response.status_code"] == .int(Int64(status))
        }
    }

    /// A CONSUMER span whose parent is a PRODUCER span of another service, in one trace.
    var producerAndConsumer: (producer: SpanRecord, consumer: SpanRecord)? {
        for trace in traces {
            for consumer in trace.spans where consumer.kind == .consumer {
                if let producer = trace.spans.first(where: { $0.kind == .producer && $0.spanID == consumer.parentSpanID }),
                    producer.serviceName != consumer.serviceName
                {
                    return (producer, consumer)
                }
            }
        }
        return nil
    }

    /// The cache lookups, by whether they hit.
    var cacheLookups: (hits: Int, misses: Int) {
        let lookups = traces.flatMap(\.spans).compactMap { span -> Bool? in
            guard case .bool(let hit)? = span.attributes[key: "cache.hit"] else { return nil }
            return hit
        }
        return (lookups.count { $0 }, lookups.count { !$0 })
    }

    private func findings(_ kind: TraceFinding.Kind) -> [(trace: Trace, finding: TraceFinding)] {
        traces.flatMap { trace in
            TraceAnalysis(trace).findings.filter { $0.kind == kind }.map { (trace, $0) }
        }
    }
}

extension DemoPatterns: CustomTestStringConvertible {
    /// Failed expectations name the count, not every span.
    var testDescription: String { "\(traces.count) traces" }
}
