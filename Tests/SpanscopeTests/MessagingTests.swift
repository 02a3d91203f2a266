import Spanscope
import Testing
import Tracing

/// PRODUCER and CONSUMER spans across an in-process queue: the trace travels in the
/// message's `[String: String]` headers only.
@Suite struct MessagingTests {
    struct Message: Sendable {
        var body: String
        var headers: [String: String]
    }

    /// A queue whose consumer runs in a task of its own, with no context of the producer's.
    func consume(
        _ messages: [Message],
        _ handle: @escaping @Sendable (Message) async throws -> Void
    ) async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Message.self)
        for message in messages { continuation.yield(message) }
        continuation.finish()
        try await Task.detached {
            for await message in stream { try await handle(message) }
        }.value
    }

    @Test func producerAndConsumerJoinOneTrace() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer(serviceName: "shop")

        var sent: [Message] = []
        await tracer.withSpan("POST /orders", ofKind: .server) { _ in
            sent.append(
                await tracer.withProducerSpan(system: "memory", destination: "notifications", messageID: "m-1", headers: ["kind": "email"]) { span, headers in
                    #expect(ServiceContext.current?.spanContext == span.spanContext)
                    return Message(body: "order 7 placed", headers: headers)
                }
            )
        }
        try await consume(sent) { message in
            #expect(ServiceContext.current == nil)
            await tracer.withConsumerSpan(system: "memory", destination: "notifications", messageID: "m-1", headers: message.headers) { span in
                #expect(ServiceContext.current?.spanContext == span.spanContext)
            }
        }

        let request = try collector.only(named: "POST /orders")
        let producer = try collector.only(named: "send notifications")
        let consumer = try collector.only(named: "process notifications")
        #expect(Set([request.traceID, producer.traceID, consumer.traceID]).count == 1)
        #expect(producer.parentSpanID == request.spanID)
        #expect(consumer.parentSpanID == producer.spanID)
        #expect(consumer.parentIsRemote)
        #expect(producer.kind == .producer)
        #expect(consumer.kind == .consumer)
        #expect(sent[0].headers["kind"] == "email")
        #expect(sent[0].headers["traceparent"] == "00-\(producer.traceID)-\(producer.spanID)-03")
        for (span, operation) in [(producer, "send"), (consumer, "process")] {
            #expect(span.attributes[key: "messaging.system"] == .string("memory"))
            #expect(span.attributes[key: "messaging.destination.name"] == .string("notifications"))
            #expect(span.attributes[key: "messaging.operation.name"] == .string(operation))
            #expect(span.attributes[key: "messaging.operation.type"] == .string(operation))
            #expect(span.attributes[key: "messaging.message.id"] == .string("m-1"))
            #expect(span.status == nil)
        }
    }

    /// `publish` is a system's own name for the operation; its type stays `send`.
    @Test func publishIsASendOperation() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()

        let headers = await tracer.withProducerSpan(system: "mqtt", destination: "sensors/7", operationName: "publish") { $1 }

        let producer = try collector.only(named: "publish sensors/7")
        #expect(producer.attributes[key: "messaging.operation.name"] == .string("publish"))
        #expect(producer.attributes[key: "messaging.operation.type"] == .string("send"))
        #expect(producer.attributes[key: "messaging.message.id"] == nil)
        #expect(headers["traceparent"] == "00-\(producer.traceID)-\(producer.spanID)-03")
    }

    @Test func batchConsumerLinksEveryProducer() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()

        var batch: [[String: String]] = []
        for order in 1...3 {
            batch.append(await tracer.withProducerSpan(system: "memory", destination: "emails", messageID: "m-\(order)") { $1 })
        }
        // A message from a sender that does not trace gets no link.
        batch.append(["subject": "hello"])
        let messages = batch
        try await consume([Message(body: "", headers: [:])]) { _ in
            await tracer.withBatchConsumerSpan(system: "memory", destination: "emails", messages: messages) { _ in }
        }

        let producers = collector.records.filter { $0.name == "send emails" }
        let consumer = try collector.only(named: "process emails")
        #expect(producers.count == 3)
        #expect(consumer.kind == .consumer)
        #expect(consumer.parentSpanID == nil)
        #expect(!producers.contains { $0.traceID == consumer.traceID })
        #expect(consumer.links.map(\.traceID) == producers.map(\.traceID))
        #expect(consumer.links.map(\.spanID) == producers.map(\.spanID))
        #expect(consumer.attributes[key: "messaging.batch.message_count"] == .int(4))
        #expect(consumer.attributes[key: "messaging.operation.type"] == .string("process"))
        #expect(consumer.attributes[key: "messaging.message.id"] == nil)
    }

    @Test func batchConsumerContinuesTheCurrentTrace() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()
        let message = await tracer.withProducerSpan(system: "memory", destination: "emails") { $1 }

        await tracer.withSpan("poll emails") { _ in
            await tracer.withBatchConsumerSpan(system: "memory", destination: "emails", messages: [message]) { _ in }
        }

        let poll = try collector.only(named: "poll emails")
        let producer = try collector.only(named: "send emails")
        let consumer = try collector.only(named: "process emails")
        #expect(consumer.traceID == poll.traceID)
        #expect(consumer.parentSpanID == poll.spanID)
        #expect(consumer.links.map(\.spanID) == [producer.spanID])
    }

    struct Declined: Error {}

    @Test func consumerErrorIsRecordedAndRethrown() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()
        let message = await tracer.withProducerSpan(system: "memory", destination: "payments") { $1 }

        await #expect(throws: Declined.self) {
            try await tracer.withConsumerSpan(system: "memory", destination: "payments", headers: message) { _ in throw Declined() }
        }

        let consumer = try collector.only(named: "process payments")
        #expect(consumer.status?.code == .error)
        #expect(consumer.attributes[key: "error.type"] == .string(String(reflecting: Declined.self)))
        #expect(consumer.events.map(\.name) == ["exception"])
    }

    /// Brokers spell header keys their own way: extraction ignores case, injection leaves
    /// one key per field.
    @Test func headerKeysMatchInAnyCase() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()
        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

        await tracer.withConsumerSpan(system: "kafka", destination: "orders", headers: ["TraceParent": parent, "TRACESTATE": "rojo=1"]) { span in
            var headers = ["Traceparent": "stale", "TraceState": "stale=1", "key": "7"]
            tracer.inject(span.context, into: &headers)
            #expect(headers.keys.sorted() == ["key", "traceparent", "tracestate"])
            #expect(headers["tracestate"] == "rojo=1")
        }

        let consumer = try collector.only(named: "process orders")
        #expect(consumer.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(consumer.parentSpanID?.description == "00f067aa0ba902b7")
        #expect(consumer.traceState == TraceStateHeader.parse("rojo=1"))
    }

    /// An invalid `traceparent` restarts the trace, as for HTTP.
    @Test func invalidTraceparentStartsANewTrace() async throws {
        let collector = SpanCollector()
        let tracer = collector.tracer()

        await tracer.withSpan("consumer loop") { _ in
            await tracer.withConsumerSpan(
                system: "kafka", destination: "orders",
                headers: ["traceparent": "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"]
            ) { _ in }
        }

        let loop = try collector.only(named: "consumer loop")
        let consumer = try collector.only(named: "process orders")
        #expect(consumer.parentSpanID == nil)
        #expect(consumer.traceID != loop.traceID)
        #expect(consumer.traceID.description != "4bf92f3577b34da6a3ce929d0e0e4736")
    }
}
