/// Encodes a trace as jaeger-query's `GET /api/traces/{id}` answers it, so the
/// file loads in Jaeger UI ("JSON File" upload) and in tools that read that API.
///
/// Follows Jaeger's own OTLP translation: times and durations in microseconds
/// (truncated), the parent as a `CHILD_OF` reference and links as
/// `FOLLOWS_FROM`, typed tags (`string`, `bool`, `int64`, `float64`; arrays as
/// JSON text), events as logs with an `event` field, the kind as `span.kind`,
/// the status as `otel.status_code`/`otel.status_description` plus `error=true`,
/// and one process per distinct resource (`p1`, `p2`, ...).
///
/// ```swift
/// let file = JaegerJSONEncoder().encode(trace)
/// // {"data":[{"traceID":"4bf9...","spans":[...],"processes":{"p1":{"serviceName":"orders","tags":[]}}}],...}
/// ```
public struct JaegerJSONEncoder: TraceEncoder {
    public init() {}

    public var contentType: String { "application/json" }

    public func encode(_ trace: Trace) -> [UInt8] {
        var processes: [Resource] = []
        var processIndex: [Resource: Int] = [:]
        for span in trace.spans where processIndex[span.resource] == nil {
            processIndex[span.resource] = processes.count
            processes.append(span.resource)
        }
        func processID(_ index: Int) -> String { "p\(index + 1)" }

        var writer = JSONWriter()
        writer.object { w in
            w.field("data", array: { w in
                w.object { w in
                    w.field("traceID", hex: trace.traceID.hexBytes)
                    w.field("spans", array: { w in
                        for span in trace.spans {
                            w.jaegerSpan(span, processID: processID(processIndex[span.resource] ?? 0))
                        }
                    })
                    w.field("processes", object: { w in
                        for (index, resource) in processes.enumerated() {
                            w.field(processID(index), object: { w in
                                w.field("serviceName", resource.serviceName)
                                w.field("tags", array: { w in
                                    for attribute in resource.attributes where attribute.key != "service.name" {
                                        w.jaegerTag(attribute.key, attribute.value)
                                    }
                                })
                            })
                        }
                    })
                    w.key("warnings")
                    w.null()
                }
            })
            w.field("total", 0)
            w.field("limit", 0)
            w.field("offset", 0)
            w.key("errors")
            w.null()
        }
        return writer.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func jaegerSpan(_ span: SpanRecord, processID: String) {
        object { w in
            w.field("traceID", hex: span.traceID.hexBytes)
            w.field("spanID", hex: span.spanID.hexBytes)
            w.field("operationName", span.name)
            w.field("references", array: { w in
                if let parent = span.parentSpanID {
                    w.jaegerReference("CHILD_OF", traceID: span.traceID.hexBytes, spanID: parent.hexBytes)
                }
                for link in span.links {
                    w.jaegerReference("FOLLOWS_FROM", traceID: link.traceID.hexBytes, spanID: link.spanID.hexBytes)
                }
            })
            w.field("flags", span.flags.rawValue)
            w.field("startTime", span.startNanos / 1_000)
            w.field("duration", span.clampedDurationNanos / 1_000)
            w.field("tags", array: { w in
                for attribute in span.attributes { w.jaegerTag(attribute.key, attribute.value) }
                w.jaegerTag("span.kind", .string(span.kind.lowercaseName))
                if let status = span.status {
                    w.jaegerTag("otel.status_code", .string(status.code.tagValue))
                    if status.code == .error { w.jaegerTag("error", .bool(true)) }
                    if let message = status.message, !message.isEmpty {
                        w.jaegerTag("otel.status_description", .string(message))
                    }
                }
                if !span.traceState.isEmpty { w.jaegerTag("w3c.tracestate", .string(span.traceState.headerValue)) }
                for (key, count) in span.droppedCounts where count > 0 { w.jaegerTag(key, .int(Int64(count))) }
            })
            w.field("logs", array: { w in
                for event in span.events {
                    w.object { w in
                        w.field("timestamp", event.timeNanos / 1_000)
                        w.field("fields", array: { w in
                            w.jaegerTag("event", .string(event.name))
                            for attribute in event.attributes { w.jaegerTag(attribute.key, attribute.value) }
                        })
                    }
                }
            })
            w.field("processID", processID)
            w.key("warnings")
            w.null()
        }
    }

    private mutating func jaegerReference(_ type: String, traceID: [UInt8], spanID: [UInt8]) {
        object { w in
            w.field("refType", type)
            w.field("traceID", hex: traceID)
            w.field("spanID", hex: spanID)
        }
    }

    /// A `{key, type, value}` key-value, as tags, process tags and log fields are.
    fileprivate mutating func jaegerTag(_ key: String, _ value: AttributeValue) {
        object { w in
            w.field("key", key)
            switch value {
            case .string(let v):
                w.field("type", "string")
                w.field("value", v)
            case .bool(let v):
                w.field("type", "bool")
                w.field("value", v)
            case .int(let v):
                w.field("type", "int64")
                w.field("value", v)
            case .double(let v):
                w.field("type", "float64")
                w.key("value")
                w.double(v)
            case .stringArray, .intArray, .doubleArray, .boolArray:
                w.field("type", "string")
                w.field("value", value.tagString)
            }
        }
    }
}

extension SpanRecord {
    /// The dropped counts under the tag names the OpenTelemetry spec gives
    /// formats without such fields (Jaeger, Zipkin).
    var droppedCounts: KeyValuePairs<String, Int> {
        [
            "otel.dropped_attributes_count": droppedAttributeCount,
            "otel.dropped_events_count": droppedEventCount,
            "otel.dropped_links_count": droppedLinkCount,
        ]
    }
}
