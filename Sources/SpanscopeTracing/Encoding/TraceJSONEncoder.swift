/// Encodes a trace in Spanscope's own JSON, the format the trace UI and
/// scripts read: spans in waterfall order with typed attributes, resources
/// listed once, and the `analysis` (self times, critical path, findings).
///
/// ```swift
/// let json = TraceJSONEncoder().encode(trace)
/// // {"schemaVersion":1,"traceId":"4bf9...","spans":[...],"analysis":{...}}
/// ```
///
/// ## Schema (version 1)
///
/// UTF-8, one object. Fields are only ever
/// added within a schema version; a removal or change of meaning bumps `schemaVersion`.
///
/// Conventions:
/// - IDs are lowercase hex: trace-ids 32 characters, span-ids 16.
/// - Absolute times (`...UnixNano`) are decimal **strings** of nanoseconds since the Unix epoch, because they
///   exceed JavaScript's exact integers. Offsets (`...OffsetNanos`, relative to the top-level
///   `startTimeUnixNano`) and durations (`...Nanos`) are JSON **numbers** of nanoseconds.
/// - Attributes are one object, key to typed value: string, integer, number (a double, always written
///   with a fraction or exponent; NaN and the infinities as the strings `"NaN"`, `"Infinity"`,
///   `"-Infinity"`), boolean, or an array of one of those. If a key repeats, the first value is kept.
/// - Strings escape `<`, `>`, `&`, U+2028 and U+2029, so the document can be inlined in a `<script>`.
///
/// ```jsonc
/// {
///   "schemaVersion": 1,
///   "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
///   "startTimeUnixNano": "1700000000000000000", // earliest span start
///   "durationNanos": 100000000,                 // latest end - earliest start
///   "spanCount": 3,
///   "droppedSpanCount": 0,                      // spans beyond the store's cap, not included
///   "incomplete": false,                        // the root never ended before the store's timeout
///   "errorCount": 1,
///   "rootSpanId": "00000000000000a1",           // first root in waterfall order, null when no spans
///   "resources": [                              // each distinct resource once; spans refer by index
///     { "serviceName": "orders", "attributes": { "service.name": "orders" } }
///   ],
///   "spans": [                                  // depth-first, roots then children by start time
///     {
///       "spanId": "00000000000000a1",
///       "parentSpanId": null,                   // hex, possibly of a span not in this trace
///       "parentIsRemote": false,
///       "depth": 0,                             // 0 for roots; spans with missing parents are roots
///       "name": "GET /orders/:id",
///       "kind": "server",                       // internal | server | client | producer | consumer
///       "startTimeUnixNano": "1700000000000000000",
///       "startOffsetNanos": 0,
///       "durationNanos": 100000000,
///       "resource": 0,                          // index into "resources"
///       "attributes": { "http.response.status_code": 500 },
///       "events": [
///         { "name": "exception", "timeUnixNano": "1700000000030000000", "offsetNanos": 30000000,
///           "attributes": { "exception.message": "deadlock detected" }, "droppedAttributesCount": 0 }
///       ],
///       "links": [
///         { "traceId": "...", "spanId": "...", "traceState": "", "attributes": {}, "droppedAttributesCount": 0 }
///       ],
///       "status": { "code": "error", "message": "boom" }, // code: unset | ok | error; message: string or null
///       "traceFlags": 1,
///       "traceState": "vendor=value",           // tracestate header form, "" when empty
///       "droppedAttributesCount": 0,
///       "droppedEventsCount": 0,
///       "droppedLinksCount": 0
///     }
///   ],
///   "analysis": {
///     "selfTimeNanos": { "00000000000000a1": 30000000 },      // span-id -> self time
///     "criticalPath": [                                        // chronological
///       { "spanId": "00000000000000a1", "startOffsetNanos": 0, "endOffsetNanos": 5000000 }
///     ],
///     "criticalPathSpanIds": ["00000000000000a1"],            // waterfall order
///     "findings": [                                            // most severe first
///       {
///         "kind": "nPlusOne",       // bottleneck | nPlusOne | sequentialCalls | retries | errorCause
///         "severity": "warning",    // info | warning | critical
///         "message": "12 x SELECT * FROM items WHERE id = ? under GET /orders/:id (60.0ms in total): ...",
///         "spanIds": ["..."],
///         "impactNanos": 60000000   // time at stake; 0 for errorCause
///       }
///     ]
///   }
/// }
/// ```
public struct TraceJSONEncoder: TraceEncoder {
    public init() {}

    public var contentType: String { "application/json" }

    public func encode(_ trace: Trace) -> [UInt8] {
        let tree = SpanTree(trace.spans)
        return encode(trace, tree: tree, analysis: TraceAnalysis(tree: tree, thresholds: .init()))
    }

    /// Encodes with an analysis computed already (with other thresholds, or cached).
    ///
    /// ```swift
    /// let analysis = TraceAnalysis(trace, thresholds: .init(repeatedCallCount: 3))
    /// let json = TraceJSONEncoder().encode(trace, analysis: analysis)
    /// ```
    public func encode(_ trace: Trace, analysis: TraceAnalysis) -> [UInt8] {
        encode(trace, tree: SpanTree(trace.spans), analysis: analysis)
    }

    private func encode(_ trace: Trace, tree: SpanTree, analysis: TraceAnalysis) -> [UInt8] {
        let origin = tree.window.start
        func offset(_ nanos: UInt64) -> Int64 {
            nanos >= origin ? Int64(clamping: nanos - origin) : -Int64(clamping: origin - nanos)
        }
        var resources: [Resource] = []
        var resourceIndex: [Resource: Int] = [:]
        for index in tree.preorder where resourceIndex[tree.spans[index].resource] == nil {
            resourceIndex[tree.spans[index].resource] = resources.count
            resources.append(tree.spans[index].resource)
        }

        var writer = JSONWriter()
        writer.object { w in
            w.field("schemaVersion", 1)
            w.field("traceId", hex: trace.traceID.hexBytes)
            w.key("startTimeUnixNano")
            w.intString(origin)
            w.field("durationNanos", tree.window.end - tree.window.start)
            w.field("spanCount", trace.spans.count)
            w.field("droppedSpanCount", trace.droppedSpanCount)
            w.field("incomplete", trace.isIncomplete)
            w.field("errorCount", trace.spans.count { $0.isError })
            w.key("rootSpanId")
            if let root = tree.roots.first { w.hex(tree.spans[root].spanID.hexBytes) } else { w.null() }
            w.field("resources", array: { w in
                for resource in resources {
                    w.object { w in
                        w.field("serviceName", resource.serviceName)
                        w.key("attributes")
                        w.plainAttributes(resource.attributes)
                    }
                }
            })
            w.field("spans", array: { w in
                for index in tree.preorder {
                    let span = tree.spans[index]
                    w.object { w in
                        w.field("spanId", hex: span.spanID.hexBytes)
                        w.key("parentSpanId")
                        if let parent = span.parentSpanID { w.hex(parent.hexBytes) } else { w.null() }
                        w.field("parentIsRemote", span.parentIsRemote)
                        w.field("depth", tree.depth[index])
                        w.field("name", span.name)
                        w.field("kind", span.kind.lowercaseName)
                        w.key("startTimeUnixNano")
                        w.intString(span.startNanos)
                        w.field("startOffsetNanos", offset(span.startNanos))
                        w.field("durationNanos", span.clampedDurationNanos)
                        w.field("resource", resourceIndex[span.resource] ?? 0)
                        w.key("attributes")
                        w.plainAttributes(span.attributes)
                        w.field("events", array: { w in
                            for event in span.events {
                                w.object { w in
                                    w.field("name", event.name)
                                    w.key("timeUnixNano")
                                    w.intString(event.timeNanos)
                                    w.field("offsetNanos", offset(event.timeNanos))
                                    w.key("attributes")
                                    w.plainAttributes(event.attributes)
                                    w.field("droppedAttributesCount", event.droppedAttributeCount)
                                }
                            }
                        })
                        w.field("links", array: { w in
                            for link in span.links {
                                w.object { w in
                                    w.field("traceId", hex: link.traceID.hexBytes)
                                    w.field("spanId", hex: link.spanID.hexBytes)
                                    w.field("traceState", link.traceState.headerValue)
                                    w.key("attributes")
                                    w.plainAttributes(link.attributes)
                                    w.field("droppedAttributesCount", link.droppedAttributeCount)
                                }
                            }
                        })
                        w.field("status", object: { w in
                            w.field("code", span.status.map { $0.code == .error ? "error" : "ok" } ?? "unset")
                            w.key("message")
                            if let message = span.status?.message { w.string(message) } else { w.null() }
                        })
                        w.field("traceFlags", span.flags.rawValue)
                        w.field("traceState", span.traceState.headerValue)
                        w.field("droppedAttributesCount", span.droppedAttributeCount)
                        w.field("droppedEventsCount", span.droppedEventCount)
                        w.field("droppedLinksCount", span.droppedLinkCount)
                    }
                }
            })
            w.field("analysis", object: { w in w.analysis(analysis, tree: tree, offset: offset) })
        }
        return writer.bytes
    }
}

extension JSONWriter {
    fileprivate mutating func analysis(_ analysis: TraceAnalysis, tree: SpanTree, offset: (UInt64) -> Int64) {
        field("selfTimeNanos", object: { w in
            // In waterfall order rather than the dictionary's, so output is reproducible.
            var written = Set<[UInt8]>()
            for index in tree.preorder {
                let id = tree.spans[index].spanID
                guard let nanos = analysis.selfTimeNanos[id], written.insert(id.hexBytes).inserted else { continue }
                w.field(id.description, nanos)
            }
        })
        field("criticalPath", array: { w in
            for segment in analysis.criticalPath {
                w.object { w in
                    w.field("spanId", hex: segment.spanID.hexBytes)
                    w.field("startOffsetNanos", offset(segment.startNanos))
                    w.field("endOffsetNanos", offset(segment.endNanos))
                }
            }
        })
        field("criticalPathSpanIds", array: { w in
            var written = Set<[UInt8]>()
            for index in tree.preorder where analysis.criticalPathSpanIDs.contains(tree.spans[index].spanID) {
                let hex = tree.spans[index].spanID.hexBytes
                if written.insert(hex).inserted { w.hex(hex) }
            }
        })
        field("findings", array: { w in
            for finding in analysis.findings {
                w.object { w in
                    w.field("kind", finding.kind.rawValue)
                    w.field("severity", finding.severity.rawValue)
                    w.field("message", finding.message)
                    w.field("spanIds", array: { w in for id in finding.spanIDs { w.hex(id.hexBytes) } })
                    w.field("impactNanos", finding.impactNanos)
                }
            }
        })
    }
}
