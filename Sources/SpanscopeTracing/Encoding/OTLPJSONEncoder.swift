/// Encodes spans as OTLP/JSON: the body of an OTLP/HTTP `POST /v1/traces`
/// (`ExportTraceServiceRequest`), which collectors and most backends accept.
///
/// OTLP/JSON differs from protobuf's standard JSON mapping, and this follows
/// OTLP: IDs are lowercase hex (32 and 16 characters), enums are integers,
/// 64-bit integers (times, `intValue`) are decimal strings, and keys are
/// lowerCamelCase. Spans are grouped by resource, then by instrumentation scope,
/// each in order of first appearance: this process's spans under the empty
/// scope, received ones under their sender's. Roots have no `parentSpanId`.
///
/// ```swift
/// let body = OTLPJSONEncoder().encode(trace)
/// // {"resourceSpans":[{"resource":{"attributes":[...]},"scopeSpans":[{"scope":{"name":"",...},"spans":[...]}]}]}
/// ```
public struct OTLPJSONEncoder: TraceEncoder {
    public init() {}

    public var contentType: String { "application/json" }

    public func encode(_ trace: Trace) -> [UInt8] {
        encode(spans: trace.spans)
    }

    /// Encodes spans of any traces in one request, as an exporter batches them.
    ///
    /// ```swift
    /// let body = OTLPJSONEncoder().encode(spans: batch)
    /// ```
    public func encode(spans: some Sequence<SpanRecord>) -> [UInt8] {
        let groups = spans.otlpGroups { $0 }
        var writer = JSONWriter()
        writer.object { w in
            w.field("resourceSpans", array: { w in
                for group in groups {
                    w.object { w in
                        w.field("resource", object: { w in
                            w.field("attributes", array: { w in w.otlpAttributeList(group.resource.attributes) })
                            w.field("droppedAttributesCount", 0)
                        })
                        w.field("scopeSpans", array: { w in
                            for scoped in group.scopes {
                                w.object { w in
                                    w.field("scope", object: { w in
                                        w.field("name", scoped.scope.name)
                                        w.field("version", scoped.scope.version)
                                        w.field("attributes", array: { w in w.otlpAttributeList(scoped.scope.attributes) })
                                        w.field("droppedAttributesCount", scoped.scope.droppedAttributeCount)
                                    })
                                    w.field("spans", array: { w in
                                        for span in scoped.spans { w.otlpSpan(span) }
                                    })
                                }
                            }
                        })
                    }
                }
            })
        }
        return writer.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func otlpSpan(_ span: SpanRecord) {
        object { w in
            w.field("traceId", hex: span.traceID.hexBytes)
            w.field("spanId", hex: span.spanID.hexBytes)
            w.field("traceState", span.traceState.headerValue)
            if let parent = span.parentSpanID { w.field("parentSpanId", hex: parent.hexBytes) }
            w.field("flags", span.otlpFlags)
            w.field("name", span.name)
            w.field("kind", span.kind.otlpNumber)
            w.key("startTimeUnixNano")
            w.intString(span.startNanos)
            w.key("endTimeUnixNano")
            w.intString(span.endNanos)
            w.field("attributes", array: { w in w.otlpAttributeList(span.attributes) })
            w.field("droppedAttributesCount", span.droppedAttributeCount)
            w.field("events", array: { w in
                for event in span.events {
                    w.object { w in
                        w.key("timeUnixNano")
                        w.intString(event.timeNanos)
                        w.field("name", event.name)
                        w.field("attributes", array: { w in w.otlpAttributeList(event.attributes) })
                        w.field("droppedAttributesCount", event.droppedAttributeCount)
                    }
                }
            })
            w.field("droppedEventsCount", span.droppedEventCount)
            w.field("links", array: { w in
                for link in span.links {
                    w.object { w in
                        w.field("traceId", hex: link.traceID.hexBytes)
                        w.field("spanId", hex: link.spanID.hexBytes)
                        w.field("traceState", link.traceState.headerValue)
                        w.field("flags", link.otlpFlags)
                        w.field("attributes", array: { w in w.otlpAttributeList(link.attributes) })
                        w.field("droppedAttributesCount", link.droppedAttributeCount)
                    }
                }
            })
            w.field("droppedLinksCount", span.droppedLinkCount)
            w.field("status", object: { w in
                if let message = span.status?.message { w.field("message", message) }
                w.field("code", span.status?.code.otlpNumber ?? 0)
            })
        }
    }

    /// `KeyValue` entries, without the enclosing array.
    fileprivate mutating func otlpAttributeList(_ attributes: [Attribute]) {
        for attribute in attributes {
            object { w in
                w.field("key", attribute.key)
                w.field("value", object: { w in w.otlpAnyValueFields(attribute.value) })
            }
        }
    }

    /// The one field of an `AnyValue` (or the `values` of an `arrayValue`).
    private mutating func otlpAnyValueFields(_ value: AttributeValue) {
        func arrayValue(_ body: (inout JSONWriter) -> Void) {
            field("arrayValue", object: { w in w.field("values", array: body) })
        }
        switch value {
        case .string(let v): field("stringValue", v)
        case .int(let v):
            key("intValue")
            intString(v)
        case .double(let v):
            key("doubleValue")
            double(v)
        case .bool(let v): field("boolValue", v)
        case .stringArray(let v): arrayValue { w in for item in v { w.object { $0.otlpAnyValueFields(.string(item)) } } }
        case .intArray(let v): arrayValue { w in for item in v { w.object { $0.otlpAnyValueFields(.int(item)) } } }
        case .doubleArray(let v): arrayValue { w in for item in v { w.object { $0.otlpAnyValueFields(.double(item)) } } }
        case .boolArray(let v): arrayValue { w in for item in v { w.object { $0.otlpAnyValueFields(.bool(item)) } } }
        }
    }
}
