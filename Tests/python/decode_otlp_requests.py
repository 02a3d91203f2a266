"""Decodes OTLP/HTTP trace request bodies with OpenTelemetry's own Python codecs and prints
them as one JSON array, each request as an OTLP/JSON object (hex IDs, integer enums).

    decode_otlp_requests.py protobuf|json gzip|identity BODY_FILE...

protobuf: `opentelemetry-proto`'s generated ExportTraceServiceRequest parses the bytes
(strictly: wrong wire types and invalid UTF-8 fail), and protobuf's MessageToDict prints
every field, defaults included. json: the `opentelemetry-proto-json` codec reads the body
as OTLP/JSON (hex IDs, which base64 would fail) and writes it back. gzip bodies are
decompressed with Python's gzip first. Exits 1 with the reason on stderr for a body that
does not decode.
"""

import base64
import gzip
import json
import sys

from google.protobuf.json_format import MessageToDict
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto_json.collector.trace.v1 import trace_service as json_trace_service

ID_FIELDS = ("traceId", "spanId", "parentSpanId")


def hex_ids(message):
    """protobuf's JSON mapping writes bytes as base64; OTLP/JSON writes IDs as hex."""
    for field in ID_FIELDS:
        if field in message:
            message[field] = base64.b64decode(message[field]).hex()
    return message


def from_protobuf(body):
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    document = MessageToDict(
        request,
        always_print_fields_with_no_presence=True,
        use_integers_for_enums=True,
    )
    for resource_spans in document.get("resourceSpans", []):
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                hex_ids(span)
                for link in span.get("links", []):
                    hex_ids(link)
    return document


def from_json(body):
    return json_trace_service.ExportTraceServiceRequest.from_json(body).to_dict()


def main():
    content_format, content_encoding, *paths = sys.argv[1:]
    decode = {"protobuf": from_protobuf, "json": from_json}[content_format]
    documents = []
    for path in paths:
        with open(path, "rb") as file:
            body = file.read()
        if content_encoding == "gzip":
            body = gzip.decompress(body)
        try:
            documents.append(decode(body))
        except Exception as error:  # the reason goes to the Swift test's failure message
            print(f"{path}: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)
    json.dump(documents, sys.stdout)


if __name__ == "__main__":
    main()
