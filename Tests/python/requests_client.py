"""A real OpenTelemetry client: one GET through the `requests` instrumentation.

Usage: requests_client.py URL

Prints one JSON object: the client span's trace_id and span_id (lowercase hex), and the
status and `traceresponse` header of the answer. The SDK is configured in code, with W3C
trace context (the SDK's default propagator) and an in-memory exporter.
"""

import json
import sys

import requests
from opentelemetry import trace
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def main() -> None:
    url = sys.argv[1]
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    RequestsInstrumentor().instrument()

    session = requests.Session()
    # A proxy from the environment must not stand between the test and its server.
    session.trust_env = False
    response = session.get(url, timeout=10)

    clients = [span for span in exporter.get_finished_spans() if span.kind == trace.SpanKind.CLIENT]
    if len(clients) != 1:
        sys.exit(f"expected one client span, got {len(clients)}")
    context = clients[0].get_span_context()
    print(json.dumps({
        "trace_id": trace.format_trace_id(context.trace_id),
        "span_id": trace.format_span_id(context.span_id),
        "status": response.status_code,
        "traceresponse": response.headers.get("traceresponse"),
    }))


if __name__ == "__main__":
    main()
