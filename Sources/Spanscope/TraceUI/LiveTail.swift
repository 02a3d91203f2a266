import Foundation
import Synchronization

/// One client's live tail: completed traces that match a query, as server-sent events.
/// A trace whose root a later part moved up (its caller's part completed after a callee's)
/// is sent again with its new root: the later event for an id supersedes the earlier.
///
/// The store's completion handler only appends to this client's bounded buffer, so a
/// slow client never delays the thread that completed a trace: beyond `capacity` the
/// oldest waiting traces are dropped and counted, and the client is told in a `dropped`
/// event. Matching and encoding happen in the stream's own task. A heartbeat comment
/// every `heartbeat` keeps idle connections open and finds out when the client has left;
/// the first failed write ends the tail and its subscription.
///
/// Events (`docs/trace-api.md`, "Live tail"):
///
/// ```text
/// : live tail of completed traces
///
/// event: trace
/// id: 4bf92f3577b34da6a3ce929d0e0e4736
/// data: {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","rootName":"GET /orders/:id",...}
///
/// event: dropped
/// data: {"dropped":12}
///
/// : heartbeat
/// ```
struct LiveTail: Sendable {
    let store: TraceStore
    let query: TraceQuery
    let capacity: Int
    let heartbeat: Duration

    func run(_ writer: ResponseBodyWriter) async throws {
        let (traces, continuation) = AsyncStream<Trace>.makeStream(bufferingPolicy: .bufferingNewest(max(1, capacity)))
        let dropped = DropCounter()
        let subscription = store.addCompletionHandler { completion in
            // A later part is news to a list of summaries only when it moved the root up: the
            // trace goes out again, under the same id, with the root and route it has now.
            guard !completion.isLatePart || completion.movedRoot else { return }
            if case .dropped = continuation.yield(completion.trace) { dropped.count.add(1, ordering: .relaxed) }
        }
        defer {
            store.removeCompletionHandler(subscription)
            continuation.finish()
        }
        // Subscribed before the first bytes go out: a client that has read them misses no trace.
        try await writer.write(": live tail of completed traces\n\n")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while true {
                    try await Task.sleep(for: heartbeat)
                    try await writer.write(": heartbeat\n\n")
                }
            }
            group.addTask {
                var reported = 0
                for await trace in traces {
                    let lost = dropped.count.load(ordering: .relaxed)
                    if lost > reported {
                        try await writer.write("event: dropped\ndata: {\"dropped\":\(lost)}\n\n")
                        reported = lost
                    }
                    guard query.matches(trace) else { continue }
                    try await writer.write(try event(for: trace))
                }
            }
            // Either task ends only by an error (the client left) or by cancellation.
            try await group.next()
            group.cancelAll()
        }
    }

    private func event(for trace: Trace) throws -> [UInt8] {
        let summary = store.keptSummary(of: trace)
        var event = Array("event: trace\nid: \(summary.traceID)\ndata: ".utf8)
        // JSON escapes every line break inside strings, so the document is one `data:` line.
        event += try TraceUI.jsonBytes(TraceSummaryJSON(summary))
        event += "\n\n".utf8
        return event
    }
}

/// Traces dropped from one client's buffer, counted on the recording threads.
private final class DropCounter: Sendable {
    let count = Atomic<Int>(0)
}
