/// What the analysis reads from OpenTelemetry semantic-convention attributes.
extension SpanRecord {
    /// The query text of a database span: `db.query.text` (current conventions) or
    /// `db.statement` (before 1.25).
    var databaseStatement: String? {
        for key in ["db.query.text", "db.statement"] {
            if case .string(let text)? = attributes[key: key], !text.isEmpty { return text }
        }
        return nil
    }

    var isDatabaseCall: Bool {
        attributes[key: "db.system.name"] != nil || attributes[key: "db.system"] != nil || databaseStatement != nil
    }

    /// A call that leaves the process and waits for the answer.
    var isOutgoingCall: Bool { kind == .client || isDatabaseCall }

    /// Whom an outgoing call talks to, for telling "the same call again" from
    /// "calls to different services". Falls back to the span name.
    var callTarget: String {
        func string(_ key: String) -> String? {
            switch attributes[key: key] {
            case .string(let value)? where !value.isEmpty: value
            case .int(let value)?: String(value)
            default: nil
            }
        }
        if let service = string("peer.service") { return service }
        if let host = string("server.address") ?? string("network.peer.address") {
            let port = string("server.port") ?? string("network.peer.port")
            return port.map { "\(host):\($0)" } ?? host
        }
        if let system = string("db.system.name") ?? string("db.system") {
            let namespace = string("db.namespace") ?? string("db.name")
            return namespace.map { "\(system)/\($0)" } ?? system
        }
        return name
    }

    /// Failed in a way a caller might retry: an error status or an `error.type`
    /// (which instrumentations set on timeouts without always setting the status).
    var hasFailed: Bool { isError || attributes[key: "error.type"] != nil }

    /// The most specific explanation of a failure: the recorded exception's message,
    /// then the status message, then `error.type`.
    var failureMessage: String? {
        for event in events.reversed() where event.name == "exception" {
            if case .string(let message)? = event.attributes[key: "exception.message"], !message.isEmpty {
                return message
            }
        }
        if let message = status?.message, !message.isEmpty { return message }
        for event in events.reversed() where event.name == "exception" {
            if case .string(let type)? = event.attributes[key: "exception.type"], !type.isEmpty { return type }
        }
        if case .string(let type)? = attributes[key: "error.type"], !type.isEmpty { return type }
        return nil
    }

    /// `name (service)`, how findings refer to a span.
    var label: String { "\(name) (\(serviceName))" }
}
