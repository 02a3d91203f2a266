"""Continues a trace from a W3C traceparent, as a downstream service does, with the
OpenTelemetry Python SDK, and exports its spans with the SDK's protobuf exporter.
Prints the export result and the span IDs it made, as JSON.

    otlp_sdk_child.py http://127.0.0.1:PORT/v1/traces TRACEPARENT
"""

import json
import sys

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

endpoint, traceparent = sys.argv[1:3]
memory = InMemorySpanExporter()
provider = TracerProvider(resource=Resource.create({"service.name": "py-orders"}))
provider.add_span_processor(SimpleSpanProcessor(memory))
tracer = provider.get_tracer("orders")

incoming = TraceContextTextMapPropagator().extract({"traceparent": traceparent})
with tracer.start_as_current_span("POST /orders", context=incoming, kind=SpanKind.SERVER):
    with tracer.start_as_current_span("reserve stock"):
        pass

spans = memory.get_finished_spans()
result = OTLPSpanExporter(endpoint=endpoint).export(spans)
print(json.dumps({
    "exportResult": "SUCCESS" if result == SpanExportResult.SUCCESS else "FAILURE",
    "spanIds": [format(span.get_span_context().span_id, "016x") for span in spans],
}))
