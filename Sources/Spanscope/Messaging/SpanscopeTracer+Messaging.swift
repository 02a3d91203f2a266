public import Tracing

/// PRODUCER and CONSUMER spans by OpenTelemetry's messaging conventions: named
/// `{operation} {destination}`, with `messaging.system`, `messaging.destination.name`,
/// `messaging.operation.name`, `messaging.operation.type` and, when known,
/// `messaging.message.id`. The trace crosses the queue in the message's headers.
///
/// ```swift
/// // Producer side: the body sends the message with the headers that carry the trace.
/// try await tracer.withProducerSpan(system: "memory", destination: "notifications") { span, headers in
///     try await queue.send(Message(body: body, headers: headers))
/// }
/// // Consumer side: the span is a child of the producer span.
/// for await message in queue.messages {
///     try await tracer.withConsumerSpan(system: "memory", destination: "notifications", headers: message.headers) { span in
///         try await notify(message.body)
///     }
/// }
/// ```
extension SpanscopeTracer {
    /// Runs `body` in a PRODUCER span (`messaging.operation.type` `send`), bound as the
    /// current context, and hands it `headers` with the span's trace added.
    ///
    /// - Parameters:
    ///   - system: `messaging.system`: `kafka`, `rabbitmq`, `aws_sqs`, ... or your own name.
    ///   - destination: the queue or topic; part of the span name.
    ///   - operationName: the system's name for the operation, `send` or `publish`.
    ///   - messageID: `messaging.message.id`, when known before sending.
    ///   - headers: the message's own headers, passed on to `body` with the trace added.
    ///   - context: the parent; the current context by default.
    /// - Returns: what `body` returns. An error it throws is recorded, sets Error and
    ///   `error.type`, and is rethrown.
    ///
    /// ```swift
    /// try await tracer.withProducerSpan(system: "kafka", destination: "orders", messageID: order.id) { span, headers in
    ///     try await producer.send(topic: "orders", value: payload, headers: headers)
    /// }
    /// ```
    public func withProducerSpan<Result>(
        system: String,
        destination: String,
        operationName: String = "send",
        messageID: String? = nil,
        headers: [String: String] = [:],
        context: @autoclosure () -> ServiceContext = .current ?? .topLevel,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (_ span: SpanscopeSpan, _ headers: [String: String]) async throws -> Result
    ) async rethrows -> Result {
        let operation = MessagingOperation(name: operationName, type: "send", kind: .producer, system: system, destination: destination)
        return try await withMessagingSpan(operation, context: context(), isolation: isolation) { span in
            span.setMessageID(messageID)
            var headers = headers
            inject(span.context, into: &headers)
            return try await body(span, headers)
        }
    }

    /// Runs `body` in a CONSUMER span (`messaging.operation.type` `process`) for one
    /// message, a child of the span that sent it, bound as the current context.
    ///
    /// Headers without a trace leave the current context as the parent; an invalid
    /// `traceparent` starts a new trace.
    ///
    /// - Parameters:
    ///   - system: `messaging.system`, as the producer gave it.
    ///   - destination: the queue or topic the message came from.
    ///   - operationName: the system's name for the operation, `process` by default.
    ///   - messageID: `messaging.message.id`, when the message has one.
    ///   - headers: the message's headers, as the producer sent them.
    ///
    /// ```swift
    /// for try await record in consumer.records {
    ///     try await tracer.withConsumerSpan(system: "kafka", destination: "orders", headers: record.headers) { span in
    ///         try await fulfil(record.value)
    ///     }
    /// }
    /// ```
    public func withConsumerSpan<Result>(
        system: String,
        destination: String,
        operationName: String = "process",
        messageID: String? = nil,
        headers: [String: String],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (_ span: SpanscopeSpan) async throws -> Result
    ) async rethrows -> Result {
        let operation = MessagingOperation(name: operationName, type: "process", kind: .consumer, system: system, destination: destination)
        let parent = extract(headers, into: .current ?? .topLevel)
        return try await withMessagingSpan(operation, context: parent, isolation: isolation) { span in
            span.setMessageID(messageID)
            return try await body(span)
        }
    }

    /// Runs `body` in one CONSUMER span for a batch of messages, with a link to the span
    /// that sent each message (messages without a valid trace get none) and
    /// `messaging.batch.message_count`. The messages may come from many traces, so the
    /// span belongs to none of them: it continues `context`, or starts a trace of its own.
    ///
    /// ```swift
    /// let batch = await queue.take(upTo: 50)
    /// try await tracer.withBatchConsumerSpan(system: "memory", destination: "emails", messages: batch.map(\.headers)) { span in
    ///     try await mailer.send(batch.map(\.body))
    /// }
    /// ```
    public func withBatchConsumerSpan<Result>(
        system: String,
        destination: String,
        operationName: String = "process",
        messages: [[String: String]],
        context: @autoclosure () -> ServiceContext = .current ?? .topLevel,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (_ span: SpanscopeSpan) async throws -> Result
    ) async rethrows -> Result {
        let operation = MessagingOperation(name: operationName, type: "process", kind: .consumer, system: system, destination: destination)
        return try await withMessagingSpan(operation, context: context(), isolation: isolation) { span in
            span.setAttribute("messaging.batch.message_count", .int(Int64(messages.count)))
            for headers in messages {
                let producer = extract(headers)
                if producer.spanContext != nil {
                    span.addLink(SpanLink(context: producer, attributes: [:]))
                }
            }
            return try await body(span)
        }
    }

    private func withMessagingSpan<Result>(
        _ operation: MessagingOperation,
        context: ServiceContext,
        isolation: isolated (any Actor)?,
        _ body: (SpanscopeSpan) async throws -> Result
    ) async rethrows -> Result {
        try await withSpan(operation.spanName, context: context, ofKind: operation.kind, isolation: isolation) { span in
            operation.record(on: span)
            do {
                return try await body(span)
            } catch {
                span.setAttribute("error.type", .string(String(reflecting: type(of: error))))
                throw error
            }
        }
    }
}

extension SpanscopeSpan {
    fileprivate func setMessageID(_ messageID: String?) {
        if let messageID {
            setAttribute("messaging.message.id", .string(messageID))
        }
    }
}
