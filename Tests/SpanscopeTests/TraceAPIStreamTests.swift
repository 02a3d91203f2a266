import Foundation
import SpanscopeTestSupport
import Synchronization
import Testing

@testable import Spanscope

/// `GET /debug/traces/stream`: a live tail of completed traces as server-sent events.
@Suite struct TraceAPIStreamTests {
    @Test func liveTailSendsMatchingCompletedTraces() async throws {
        try await Self.withLiveTail(query: "?service=payments&minDuration=1ms") { head, socket, store -> [[String]] in
            guard head.status == 200, head.header("Content-Type") == "text/event-stream; charset=utf-8",
                  head.header("Cache-Control") == "no-store"
            else { throw RawConnection.Failure("head: \(head)") }
            let greeting = try socket.readEvent()
            // Subscribed: record a trace of another service, one too fast, then one that matches.
            let now = TraceUI.wallClockNanos()
            store.record(singleSpanTrace(1, service: "frontend", now: now))
            var fast = singleSpanTrace(2, service: "payments", now: now)
            fast.endNanos = fast.startNanos + 500_000
            store.record(fast)
            store.record(singleSpanTrace(3, service: "payments", name: "POST /pay", now: now))
            return [greeting, try socket.readEvent()]
        } then: { events, _, _ in
            #expect(events[0] == [": live tail of completed traces"])
            let event = events[1]
            #expect(event.count == 3, "\(event)")
            #expect(event.first == "event: trace")
            #expect(event.dropFirst().first == "id: \(SampleTraces.traceID(3))")
            let summary = try Self.summary(in: event)
            #expect(summary["traceId"] as? String == SampleTraces.traceID(3))
            #expect(summary["rootName"] as? String == "POST /pay")
            #expect((summary["keptReasons"] as? [String])?.contains("recent") == true)
        }
    }

    /// A callee's part completes first; its caller's part, arriving later, moves the root up and
    /// sends the trace again. A late span of the callee's part moves nothing and sends nothing:
    /// the trace recorded after it comes next.
    @Test func aTraceWhoseRootMovedUpIsSentAgain() async throws {
        try await Self.withLiveTail { head, socket, store -> [[String]] in
            guard head.status == 200 else { throw RawConnection.Failure("no stream") }
            _ = try socket.readEvent()
            let ms: UInt64 = 1_000_000
            let now = TraceUI.wallClockNanos()
            func span(_ id: UInt64, parent: UInt64?, _ name: String, service: String, from start: UInt64, to end: UInt64) -> SpanRecord {
                var span = singleSpanTrace(4, service: service, name: name, now: now + start * ms)
                span.spanID = SampleTraces.spanID(id)
                span.parentSpanID = parent.map(SampleTraces.spanID)
                span.endNanos = now + end * ms
                return span
            }
            var callee = span(3, parent: 2, "GET /session", service: "auth", from: 2, to: 7)
            callee.parentIsRemote = true
            // Each event is read before the next part: an event shows the store's summary as it is when sent.
            store.record(callee)
            let completed = try socket.readEvent()
            store.record(span(5, parent: 3, "audit", service: "auth", from: 6, to: 8))
            store.record(singleSpanTrace(6, service: "frontend", now: now))
            let marker = try socket.readEvent()
            store.record(span(2, parent: 1, "GET", service: "gateway", from: 1, to: 9))
            store.record(span(1, parent: nil, "POST /checkout", service: "gateway", from: 0, to: 20))
            return [completed, marker, try socket.readEvent()]
        } then: { events, _, _ in
            let summaries = try events.map(Self.summary(in:))
            #expect(summaries.map { $0["traceId"] as? String } == [4, 6, 4].map(SampleTraces.traceID))
            #expect(summaries[0]["rootName"] as? String == "GET /session")
            #expect(summaries[2]["rootName"] as? String == "POST /checkout")
            #expect(summaries[2]["spanCount"] as? Int == 4)
        }
    }

    /// The trace summary a `trace` event carries on its `data:` line.
    private static func summary(in event: [String]) throws -> [String: Any] {
        let data = try #require(event.last.flatMap { $0.hasPrefix("data: ") ? $0.dropFirst(6) : nil })
        return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
    }

    @Test func heartbeatsKeepAnIdleStreamOpenAndTheStreamEndsWhenTheClientLeaves() async throws {
        try await Self.withLiveTail(heartbeat: .milliseconds(20)) { _, socket, _ in
            [try socket.readEvent(), try socket.readEvent(), try socket.readEvent()]
        } then: { events, api, store in
            #expect(events == [[": live tail of completed traces"], [": heartbeat"], [": heartbeat"]])
            // The socket is closed: the next heartbeat fails and the stream's request ends.
            let deadline = ContinuousClock.now + .seconds(10)
            while api.server.requestsInFlight > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(api.server.requestsInFlight == 0)
            // Traces keep completing with nobody listening.
            store.record(singleSpanTrace(1, service: "after"))
            #expect(store.summary(id: SampleTraces.id(1)) != nil)
        }
    }

    /// A trace API over a fresh store with its live tail (`query` appended) open on a socket:
    /// `tail` reads the stream on a thread of its own, given the head already read, and closes
    /// it by returning; `then` checks what it returned while the server still runs.
    private static func withLiveTail<T: Sendable>(
        query: String = "",
        heartbeat: Duration = .seconds(60),
        _ tail: @escaping @Sendable (_ head: RawConnection.Response, _ socket: RawConnection, _ store: TraceStore) throws -> T,
        then: (_ result: T, _ api: TraceAPIServer, _ store: TraceStore) async throws -> Void
    ) async throws {
        let store = TraceStore()
        var ui = TraceUI(store: store)
        ui.heartbeatInterval = heartbeat
        try await withTraceAPI(ui) { api async throws in
            let (port, host) = (api.port, api.host)
            let result = try await blocking {
                let socket = try RawConnection(host: host, port: port)
                socket.send("GET", "/debug/traces/stream" + query, host: "\(host):\(port)")
                return try tail(try socket.readHead(), socket, store)
            }
            try await then(result, api, store)
        }
    }

    /// A client that does not keep up loses the oldest waiting traces, is told how many,
    /// and never holds up the thread that records.
    @Test func aSlowClientLosesTheOldestTracesAndIsToldHowMany() async throws {
        let store = TraceStore()
        let tail = LiveTail(store: store, query: TraceQuery(), capacity: 2, heartbeat: .seconds(3600))
        let written = Mutex<[String]>([])
        let gate = Gate()
        let writer = ResponseBodyWriter { bytes in
            let count = written.withLock { chunks in
                chunks.append(String(decoding: bytes, as: UTF8.self))
                return chunks.count
            }
            // The first trace's event waits until the test lets it through.
            if count == 2 { await gate.wait() }
        }
        let running = Task { try await tail.run(writer) }
        func waitForChunks(_ count: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(10)
            while written.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            try #require(written.withLock { $0.count } >= count, "\(written.withLock { $0 })")
        }
        try await waitForChunks(1)
        store.record(singleSpanTrace(1, service: "tail"))
        try await waitForChunks(2)
        // The writer is stuck on trace 1; four more complete, and recording never waits.
        for n in 2...5 { store.record(singleSpanTrace(UInt64(n), service: "tail")) }
        await gate.open()
        try await waitForChunks(5)
        running.cancel()
        _ = try? await running.value
        let chunks = written.withLock { $0 }
        #expect(chunks.count == 5, "\(chunks)")
        #expect(chunks[0] == ": live tail of completed traces\n\n")
        #expect(chunks[1].hasPrefix("event: trace\nid: \(SampleTraces.traceID(1))\n"))
        #expect(chunks[2] == "event: dropped\ndata: {\"dropped\":2}\n\n")
        #expect(chunks[3].hasPrefix("event: trace\nid: \(SampleTraces.traceID(4))\n"))
        #expect(chunks[4].hasPrefix("event: trace\nid: \(SampleTraces.traceID(5))\n"))
    }
}
