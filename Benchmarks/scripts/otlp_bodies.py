"""Writes OTLP trace requests for the receiver benchmark, with opentelemetry-proto:
COUNT requests of 512 spans (the SDKs' default batch), 64 traces of 8 spans each with
a server span's usual attributes, every ID random, in both encodings.

    otlp_bodies.py OUTPUT_DIR [COUNT=64]   # writes OUTPUT_DIR/NNN.pb and OUTPUT_DIR/NNN.json
"""

import base64
import json
import os
import random
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, InstrumentationScope, KeyValue
from opentelemetry.proto.resource.v1.resource_pb2 import Resource
from opentelemetry.proto.trace.v1.trace_pb2 import ResourceSpans, ScopeSpans, Span, Status

output, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 64
random.seed(7)


def kv(key, value):
    if isinstance(value, bool):
        return KeyValue(key=key, value=AnyValue(bool_value=value))
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    return KeyValue(key=key, value=AnyValue(string_value=value))


resource = Resource(attributes=[kv(k, v) for k, v in {
    "service.name": "orders", "service.version": "1.4.2", "telemetry.sdk.name": "opentelemetry",
    "telemetry.sdk.language": "python", "telemetry.sdk.version": "1.45.1", "host.name": "bench-host",
}.items()])


def request_spans():
    spans = []
    start = 1_700_000_000_000_000_000 + random.getrandbits(40)
    for _ in range(64):
        trace_id = random.getrandbits(128).to_bytes(16, "big")
        root_id = random.getrandbits(64).to_bytes(8, "big")
        for child in range(7):
            spans.append(Span(
                trace_id=trace_id, span_id=random.getrandbits(64).to_bytes(8, "big"), parent_span_id=root_id,
                name="SELECT orders" if child % 2 else "GET /api/stock/{id}", flags=0x100,
                kind=Span.SPAN_KIND_CLIENT, start_time_unix_nano=start + 1000 * child,
                end_time_unix_nano=start + 1000 * child + 800_000,
                attributes=[kv("db.system.name", "postgresql"), kv("db.operation.name", "SELECT"),
                            kv("server.address", "db.internal"), kv("server.port", 5432),
                            kv("db.response.returned_rows", child)],
                events=[Span.Event(time_unix_nano=start + 5000, name="retry", attributes=[kv("attempt", 2)])]
                if child == 3 else [],
            ))
        spans.append(Span(
            trace_id=trace_id, span_id=root_id, name="GET /api/orders/{id}", kind=Span.SPAN_KIND_SERVER,
            flags=0x100, start_time_unix_nano=start, end_time_unix_nano=start + 9_000_000,
            attributes=[kv("http.request.method", "GET"), kv("url.path", "/api/orders/%d" % random.randrange(10**6)),
                        kv("url.scheme", "http"), kv("http.route", "/api/orders/{id}"),
                        kv("http.response.status_code", 200), kv("server.address", "orders.internal"),
                        kv("server.port", 8080), kv("network.protocol.version", "1.1"),
                        kv("user_agent.original", "python-requests/2.34.2")],
            status=Status(code=Status.STATUS_CODE_UNSET),
        ))
    return spans


def otlp_json(message):
    """OTLP/JSON: protobuf's JSON mapping with integer enums, and trace and span IDs in hex."""
    document = json_format.MessageToDict(message, use_integers_for_enums=True)
    for resource_spans in document["resourceSpans"]:
        for scope_spans in resource_spans["scopeSpans"]:
            for span in scope_spans["spans"]:
                for field in ("traceId", "spanId", "parentSpanId"):
                    if field in span:
                        span[field] = base64.b64decode(span[field]).hex()
    return json.dumps(document, separators=(",", ":")).encode()


os.makedirs(output, exist_ok=True)
for index in range(count):
    request = ExportTraceServiceRequest(resource_spans=[ResourceSpans(
        resource=resource,
        scope_spans=[ScopeSpans(scope=InstrumentationScope(name="opentelemetry.instrumentation.flask",
                                                           version="0.66b1"), spans=request_spans())],
    )])
    with open(os.path.join(output, "%03d.pb" % index), "wb") as file:
        file.write(request.SerializeToString())
    with open(os.path.join(output, "%03d.json" % index), "wb") as file:
        file.write(otlp_json(request))
