"""Creates spans with every feature the OpenTelemetry Python SDK has and exports them
with its own OTLP/HTTP exporter (protobuf or JSON, gzip or not) to the endpoint given,
then prints, as JSON, the export result and exactly what was exported.

    otlp_sdk_export.py http://127.0.0.1:PORT/v1/traces protobuf|json gzip|none
"""

import json
import sys

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode, TraceFlags
from opentelemetry.trace.span import TraceState

from otlp_expected import sdk_span

endpoint, protocol, compression = sys.argv[1:4]

if protocol == "protobuf":
    from opentelemetry.exporter.otlp.proto.http import Compression
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    exporter = OTLPSpanExporter(
        endpoint=endpoint, compression=Compression.Gzip if compression == "gzip" else Compression.NoCompression
    )
else:
    from opentelemetry.exporter.otlp.common.http import Compression
    from opentelemetry.exporter.otlp.json.http.trace_exporter import OTLPSpanExporter

    exporter = OTLPSpanExporter(
        endpoint=endpoint, compression=Compression.GZIP if compression == "gzip" else Compression.NONE
    )

resource = Resource.create({
    "service.name": "py-checkout-" + protocol,
    "service.version": "2.4.1",
    "deployment.environment.name": "test",
    "host.cores": 8,
    "sample.ratio": 0.25,
    "feature.enabled": True,
    "regions": ("eu-west", "us-east"),
})
memory = InMemorySpanExporter()
# Small limits so that one span shows every dropped count.
provider = TracerProvider(
    resource=resource,
    span_limits=SpanLimits(max_span_attributes=12, max_events=3, max_links=2, max_event_attributes=4),
)
provider.add_span_processor(SimpleSpanProcessor(memory))
tracer = provider.get_tracer("shop.checkout", "1.7.0", attributes={"scope.owner": "payments", "scope.level": 2})

linked = SpanContext(
    trace_id=0x0AF7651916CD43DD8448EB211C80319C,
    span_id=0xB7AD6B7169203331,
    is_remote=True,
    trace_flags=TraceFlags(TraceFlags.SAMPLED),
    trace_state=TraceState([("congo", "t61rcWkgMzE"), ("rojo", "00f067aa0ba902b7")]),
)

with tracer.start_as_current_span("GET /orders/{id}", kind=SpanKind.SERVER) as root:
    root.set_attributes({
        "http.request.method": "GET",
        "http.route": "/orders/{id}",
        "http.response.status_code": 200,
        "order.total": 99.95,
        "order.express": False,
        "order.item_ids": (11, -2, 9007199254740993),
        "order.weights": (0.5, 1.25e-7, -3.0),
        "order.flags": (True, False, True),
        "order.tags": ("gift", "fragile", "ünïcode ✓"),
        "big.int": -9223372036854775808,
        "text.quotes": 'say "hi"\n\\ back',
    })
    root.set_status(Status(StatusCode.OK))
    with tracer.start_as_current_span("SELECT orders", kind=SpanKind.CLIENT) as query:
        query.set_attribute("db.system.name", "postgresql")
        query.add_event("rows fetched", {"rows": 3, "cached": False, "tables": ("orders", "items")})
        query.add_event("plain")
    with tracer.start_as_current_span("price order", kind=SpanKind.INTERNAL) as pricing:
        for index in range(14):
            pricing.set_attribute("attr.%02d" % index, index)
        for index in range(4):
            pricing.add_event("tick %d" % index, {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})
        pricing.add_link(linked, {"link.kind": "follows", "link.weight": 0.5})
        pricing.add_link(linked, {"link.index": 2})
        pricing.add_link(linked)
        pricing.set_status(Status(StatusCode.ERROR, "price service unavailable"))
        try:
            raise ValueError("no price for item 11")
        except ValueError as error:
            pricing.record_exception(error)
    with tracer.start_as_current_span("publish order.placed", kind=SpanKind.PRODUCER) as publish:
        publish.set_attribute("messaging.system", "kafka")

# A span continuing a trace from another process: its parent is remote, its trace state inherited.
remote_parent = SpanContext(
    trace_id=0x4BF92F3577B34DA6A3CE929D0E0E4736,
    span_id=0x00F067AA0BA902B7,
    is_remote=True,
    trace_flags=TraceFlags(TraceFlags.SAMPLED),
    trace_state=TraceState([("vendor", "value")]),
)
with tracer.start_as_current_span(
    "consume order.placed",
    context=trace.set_span_in_context(NonRecordingSpan(remote_parent)),
    kind=SpanKind.CONSUMER,
    links=[Link(linked, {"link.origin": "batch"})],
) as consume:
    consume.set_attribute("messaging.batch.message_count", 1)
    with tracer.start_as_current_span("store order") as store:
        store.set_attribute("retry", 0)

spans = memory.get_finished_spans()
result = exporter.export(spans)
exporter.shutdown()
print(json.dumps({
    "exportResult": "SUCCESS" if result == SpanExportResult.SUCCESS else "FAILURE",
    "spans": [sdk_span(span) for span in spans],
}))
