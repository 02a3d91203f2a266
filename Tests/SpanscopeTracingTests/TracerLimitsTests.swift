import InMemoryLogging
import SpanscopeTestSupport
import SpanscopeTracing
import Testing
import Tracing

/// OpenTelemetry "Span Limits": what is over a limit is dropped and counted.
@Suite struct TracerLimitsTests {
    let recorder = TracerTestRecorder()

    private func tracer(_ limits: SpanLimits) -> SpanscopeTracer {
        SpanscopeTracer(recorder: recorder, sampler: AlwaysOnSampler(), limits: limits, environment: [:])
    }

    @Test func defaultsAre128AndUnlimitedLength() {
        let limits = SpanLimits()
        #expect(limits.attributeCountLimit == 128)
        #expect(limits.eventCountLimit == 128)
        #expect(limits.linkCountLimit == 128)
        #expect(limits.eventAttributeCountLimit == 128)
        #expect(limits.linkAttributeCountLimit == 128)
        #expect(limits.attributeValueLengthLimit == nil)
    }

    // Attributes added beyond the limit are dropped; those already there stay.
    @Test func attributesBeyondTheCountLimitAreDropped() throws {
        let span = tracer(SpanLimits(attributeCountLimit: 3)).startSpan("span", context: .topLevel)
        for index in 0..<5 { span.attributes["a\(index)"] = index }
        span.attributes["a0"] = 100
        span.end()
        let record = try #require(recorder.only(named: "span"))
        #expect(Set(record.attributes.map(\.key)) == ["a0", "a1", "a2"])
        #expect(record.attributes[key: "a0"] == .int(100))
        #expect(record.droppedAttributeCount == 2)
    }

    // One change through the generic view that adds several keys at once: only keys the
    // span did not have before the change are dropped.
    @Test func aChangeAddingSeveralKeysBeyondTheLimitDropsOnlyNewcomers() throws {
        let span = tracer(SpanLimits(attributeCountLimit: 3)).startSpan("span", context: .topLevel)
        span.attributes["kept"] = 1
        span.attributes["also kept"] = 2
        span.attributes.merge(["kept": 3, "also kept": 4, "new 1": 5, "new 2": 6, "new 3": 7])
        span.end()
        let record = try #require(recorder.only(named: "span"))
        #expect(record.attributes.count == 3)
        #expect(record.attributes[key: "kept"] == .int(3))
        #expect(record.attributes[key: "also kept"] == .int(4))
        #expect(record.droppedAttributeCount == 2)
    }

    @Test func replacingAttributesBeyondTheLimitKeepsTheExistingOnes() throws {
        let span = tracer(SpanLimits(attributeCountLimit: 2)).startSpan("span", context: .topLevel)
        span.attributes["kept"] = 1
        span.attributes = ["kept": 2, "b": 3, "c": 4]
        span.end()
        let record = try #require(recorder.only(named: "span"))
        #expect(record.attributes.count == 2)
        #expect(record.attributes[key: "kept"] == .int(2))
        #expect(record.droppedAttributeCount == 1)
    }

    @Test func eventsAndLinksBeyondTheirLimitsAreDropped() throws {
        let tracer = tracer(SpanLimits(eventCountLimit: 1, linkCountLimit: 1))
        let other = tracer.startSpan("other", context: .topLevel)
        let span = tracer.startSpan("span", context: .topLevel)
        span.addEvent("first")
        span.addEvent("second")
        span.addLink(other)
        span.addLink(other)
        span.addLink(other)
        span.end()
        let record = try #require(recorder.only(named: "span"))
        #expect(record.events.map(\.name) == ["first"])
        #expect(record.droppedEventCount == 1)
        #expect(record.links.count == 1)
        #expect(record.droppedLinkCount == 2)
    }

    @Test func eventAndLinkAttributesHaveTheirOwnLimits() throws {
        let tracer = tracer(SpanLimits(eventAttributeCountLimit: 1, linkAttributeCountLimit: 2))
        let other = tracer.startSpan("other", context: .topLevel)
        let span = tracer.startSpan("span", context: .topLevel)
        span.addEvent(SpanEvent(name: "event", attributes: ["a": 1, "b": 2, "c": 3]))
        span.addLink(other, attributes: ["a": 1, "b": 2, "c": 3])
        span.end()
        let record = try #require(recorder.only(named: "span"))
        #expect(record.events.first?.attributes.count == 1)
        #expect(record.events.first?.droppedAttributeCount == 2)
        #expect(record.links.first?.attributes.count == 2)
        #expect(record.links.first?.droppedAttributeCount == 1)
    }

    // "If it is a string, if it exceeds that limit (counting any character in it as 1),
    // SDKs MUST truncate that value"; string arrays element by element; other types untouched.
    @Test func stringValuesAreTruncatedByCharacters() throws {
        let span = tracer(SpanLimits(attributeValueLengthLimit: 4)).startSpan("span", context: .topLevel)
        span.attributes["text"] = "h\u{E9}llo w\u{F6}rld"
        span.attributes["texts"] = ["abcdef", "ab"]
        span.attributes["number"] = 123_456_789
        span.addEvent(SpanEvent(name: "event", attributes: ["text": "abcdef"]))
        span.end()
        let record = try #require(recorder.only(named: "span"))
        #expect(record.attributes[key: "text"] == .string("h\u{E9}ll"))
        #expect(record.attributes[key: "texts"] == .stringArray(["abcd", "ab"]))
        #expect(record.attributes[key: "number"] == .int(123_456_789))
        #expect(record.events.first?.attributes[key: "text"] == .string("abcd"))
    }
}

/// The limit variables and their precedence (OpenTelemetry "Attribute Limits").
@Suite struct TracerLimitsEnvironmentTests {
    @Test func modelSpecificVariablesWinOverGeneralOnes() {
        let limits = SpanLimits(environment: [
            "OTEL_ATTRIBUTE_COUNT_LIMIT": "10",
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "20",
            "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT": "30",
            "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT": "40",
            "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "50",
            "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "60",
            "OTEL_SPAN_EVENT_COUNT_LIMIT": "70",
            "OTEL_SPAN_LINK_COUNT_LIMIT": "80",
        ])
        #expect(limits == SpanLimits(
            attributeCountLimit: 20,
            attributeValueLengthLimit: 60,
            eventCountLimit: 70,
            linkCountLimit: 80,
            eventAttributeCountLimit: 30,
            linkAttributeCountLimit: 40
        ))
    }

    @Test func generalVariablesApplyWhereNoSpecificOneIsSet() {
        let limits = SpanLimits(environment: ["OTEL_ATTRIBUTE_COUNT_LIMIT": "10", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "50"])
        #expect(limits == SpanLimits(
            attributeCountLimit: 10,
            attributeValueLengthLimit: 50,
            eventAttributeCountLimit: 10,
            linkAttributeCountLimit: 10
        ))
    }

    @Test func emptyVariablesAreUnset() {
        #expect(SpanLimits(environment: ["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": ""]) == SpanLimits())
    }

    @Test(arguments: ["-1", "ten", "1.5"])
    func invalidValuesFallBackWithAWarning(value: String) {
        let logs = InMemoryLogHandler()
        let limits = SpanLimits(
            environment: ["OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": value, "OTEL_ATTRIBUTE_COUNT_LIMIT": "7"],
            logger: logs.logger
        )
        #expect(limits.attributeCountLimit == 7)
        #expect(logs.warnings.count == 1)
        #expect(logs.warnings.first?.contains("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT") == true)
    }

    @Test func tracerReadsLimitsFromItsEnvironment() {
        let tracer = SpanscopeTracer(recorder: TracerTestRecorder(), environment: ["OTEL_SPAN_EVENT_COUNT_LIMIT": "5"])
        #expect(tracer.limits.eventCountLimit == 5)
    }
}
