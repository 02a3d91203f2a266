"""Sends an OTLP trace request built with the opentelemetry-proto package itself, carrying
what the SDK never sends (link trace state, byte arrays, maps, mixed and nested arrays,
empty values, explicit flags and dropped counts) and spans that break OTLP's rules, then
prints, as JSON, the receiver's answer decoded with opentelemetry-proto and the spans
that must have arrived.

    otlp_raw_request.py http://127.0.0.1:PORT/v1/traces protobuf|json
        spans: the request above
    otlp_raw_request.py http://127.0.0.1:PORT/v1/traces protobuf|json broken
        a body that is not a request; the answer is read as a google.rpc.Status
"""

import base64
import json
import sys
import urllib.error
import urllib.request

from google.protobuf import json_format
from google.rpc import status_pb2
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, ArrayValue, InstrumentationScope, KeyValue, KeyValueList
from opentelemetry.proto.resource.v1.resource_pb2 import Resource
from opentelemetry.proto.trace.v1.trace_pb2 import ResourceSpans, ScopeSpans, Span, Status

endpoint, encoding = sys.argv[1:3]
mode = sys.argv[3] if len(sys.argv) > 3 else "spans"
CONTENT_TYPES = {"protobuf": "application/x-protobuf", "json": "application/json"}

TRACE = bytes.fromhex("5b8efff798038103d269b633813fc60c")
ROOT = bytes.fromhex("eee19b7ec3c1b174")
CHILD = bytes.fromhex("eee19b7ec3c1b173")
START = 1_700_000_000_000_000_000


def value(python):
    """AnyValue of a Python value: the types the OTLP proto has, None as the empty value."""
    if python is None:
        return AnyValue()
    if isinstance(python, bool):
        return AnyValue(bool_value=python)
    if isinstance(python, int):
        return AnyValue(int_value=python)
    if isinstance(python, float):
        return AnyValue(double_value=python)
    if isinstance(python, str):
        return AnyValue(string_value=python)
    if isinstance(python, bytes):
        return AnyValue(bytes_value=python)
    if isinstance(python, dict):
        return AnyValue(kvlist_value=KeyValueList(values=[KeyValue(key=k, value=value(v)) for k, v in python.items()]))
    return AnyValue(array_value=ArrayValue(values=[value(item) for item in python]))


def spec_text(python):
    """The specification's string form of an AnyValue the store keeps as a string."""
    if python is None:
        return ""
    if isinstance(python, bytes):
        return base64.b64encode(python).decode()

    def plain(item):
        if isinstance(item, bytes):
            return base64.b64encode(item).decode()
        if isinstance(item, dict):
            return {k: plain(v) for k, v in item.items()}
        if isinstance(item, list):
            return [plain(v) for v in item]
        return item

    return json.dumps(plain(python), separators=(",", ":"), ensure_ascii=False)


# key, value sent, value expected as stored (typed, or the spec's string form)
ATTRIBUTES = [
    ("text", "plain", {"type": "string", "value": "plain"}),
    ("empty.string", "", {"type": "string", "value": ""}),
    ("count", 42, {"type": "int", "value": 42}),
    ("ratio", 1.5, {"type": "double", "value": 1.5}),
    ("ok", True, {"type": "bool", "value": True}),
    ("ints", [1, 2, 3], {"type": "int[]", "value": [1, 2, 3]}),
    ("bytes", b"\x00\x01\xfe\xff", {"type": "string", "value": spec_text(b"\x00\x01\xfe\xff")}),
    ("map", {"a": 1, "b": "x", "c": [True, False], "d": {"e": 1.5}},
     {"type": "string", "value": spec_text({"a": 1, "b": "x", "c": [True, False], "d": {"e": 1.5}})}),
    ("mixed", [1, "a"], {"type": "string", "value": spec_text([1, "a"])}),
    ("nested", [[1, 2], [3]], {"type": "string", "value": spec_text([[1, 2], [3]])}),
    ("with.empty", [1, None], {"type": "string", "value": spec_text([1, None])}),
    ("with.bytes", [b"\x01", b"\x02"], {"type": "string", "value": spec_text([b"\x01", b"\x02"])}),
    ("empty.array", [], {"type": "string[]", "value": []}),
    ("empty.value", None, {"type": "string", "value": ""}),
]


def key_values(pairs):
    return [KeyValue(key=key, value=value(sent)) for key, sent, _ in pairs]


def expected(pairs):
    return [dict(key=key, **stored) for key, _, stored in pairs]


RESOURCE = [("service.name", "raw-peer", {"type": "string", "value": "raw-peer"}),
            ("host.labels", {"rack": "r1"}, {"type": "string", "value": spec_text({"rack": "r1"})})]
SCOPE = [("scope.kind", "manual", {"type": "string", "value": "manual"})]
LINK_STATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"


def span(name, trace_id=TRACE, span_id=CHILD, parent=ROOT, start=START + 1000, end=START + 5000, **fields):
    return Span(trace_id=trace_id, span_id=span_id, parent_span_id=parent, name=name,
                start_time_unix_nano=start, end_time_unix_nano=end, **fields)


rich = span(
    "rich", kind=Span.SPAN_KIND_PRODUCER, trace_state="vendor=v1", flags=0x301,
    attributes=key_values(ATTRIBUTES), dropped_attributes_count=3,
    events=[Span.Event(time_unix_nano=START + 2000, name="checkpoint",
                       attributes=key_values(ATTRIBUTES[:3]), dropped_attributes_count=1)],
    dropped_events_count=4,
    links=[Span.Link(trace_id=bytes.fromhex("0af7651916cd43dd8448eb211c80319c"),
                     span_id=bytes.fromhex("b7ad6b7169203331"), trace_state=LINK_STATE,
                     attributes=key_values(ATTRIBUTES[3:5]), dropped_attributes_count=2, flags=0x301)],
    dropped_links_count=5,
    status=Status(code=Status.STATUS_CODE_ERROR, message="boom"),
)
root = span("root", span_id=ROOT, parent=b"", start=START, end=START + 9000, kind=Span.SPAN_KIND_SERVER, flags=0x101,
            status=Status(code=Status.STATUS_CODE_OK))
invalid = [
    span("short trace id", trace_id=b"\x0a\x0b\x0c", span_id=bytes.fromhex("0000000000000001")),
    span("zero span id", span_id=bytes(8)),
    span("short parent", span_id=bytes.fromhex("0000000000000002"), parent=b"\x01\x02\x03\x04"),
    span("bad link", span_id=bytes.fromhex("0000000000000003"),
         links=[Span.Link(trace_id=bytes.fromhex("0102030405060708"), span_id=bytes.fromhex("0000000000000004"))]),
    span("backwards", span_id=bytes.fromhex("0000000000000005"), start=START + 10, end=START + 5),
    span("no start", span_id=bytes.fromhex("0000000000000006"), start=0, end=START),
]
request = ExportTraceServiceRequest(resource_spans=[ResourceSpans(
    resource=Resource(attributes=key_values(RESOURCE)),
    scope_spans=[ScopeSpans(
        scope=InstrumentationScope(name="raw.scope", version="0.1", attributes=key_values(SCOPE),
                                   dropped_attributes_count=1),
        spans=[rich] + invalid + [root],
    )],
)])


def otlp_json(message):
    """OTLP/JSON: protobuf's JSON mapping with integer enums, and trace and span IDs in hex."""
    document = json_format.MessageToDict(message, use_integers_for_enums=True)
    for resource_spans in document.get("resourceSpans", []):
        for scope_spans in resource_spans.get("scopeSpans", []):
            for item in scope_spans.get("spans", []):
                for holder in [item] + item.get("links", []):
                    for field in ("traceId", "spanId", "parentSpanId"):
                        if field in holder:
                            holder[field] = base64.b64decode(holder[field]).hex()
    return json.dumps(document).encode()


if mode == "broken":
    body = b"\x0a\xff\xff\xff\xff\x0f" if encoding == "protobuf" else b'{"resourceSpans": [ nope'
else:
    body = request.SerializeToString() if encoding == "protobuf" else otlp_json(request)

http_request = urllib.request.Request(endpoint, data=body, method="POST",
                                      headers={"Content-Type": CONTENT_TYPES[encoding]})
try:
    with urllib.request.urlopen(http_request, timeout=10) as response:
        status, content_type, answer = response.status, response.headers["Content-Type"], response.read()
except urllib.error.HTTPError as error:
    status, content_type, answer = error.code, error.headers["Content-Type"], error.read()

output = {"status": status, "contentType": content_type}
if mode == "broken":
    rpc = status_pb2.Status()
    if encoding == "protobuf":
        rpc.ParseFromString(answer)
    else:
        json_format.Parse(answer, rpc)
    output["rpcStatus"] = {"code": rpc.code, "message": rpc.message}
else:
    reply = ExportTraceServiceResponse()
    if encoding == "protobuf":
        reply.ParseFromString(answer)
    else:
        json_format.Parse(answer, reply)
    output["partialSuccess"] = {"rejectedSpans": reply.partial_success.rejected_spans,
                                "errorMessage": reply.partial_success.error_message}
    common = {"traceId": TRACE.hex(), "resource": expected(RESOURCE),
              "scope": {"name": "raw.scope", "version": "0.1", "attributes": expected(SCOPE),
                        "droppedAttributesCount": 1}}
    output["spans"] = [
        dict(common, spanId=CHILD.hex(), parentSpanId=ROOT.hex(), parentIsRemote=True, traceFlags=1,
             traceState="vendor=v1", name="rich", kind="producer", startTimeUnixNano=START + 1000,
             endTimeUnixNano=START + 5000, attributes=expected(ATTRIBUTES), droppedAttributesCount=3,
             events=[{"name": "checkpoint", "timeUnixNano": START + 2000, "attributes": expected(ATTRIBUTES[:3]),
                      "droppedAttributesCount": 1}],
             droppedEventsCount=4,
             links=[{"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331",
                     "traceState": LINK_STATE, "traceFlags": 1, "isRemote": True,
                     "attributes": expected(ATTRIBUTES[3:5]), "droppedAttributesCount": 2}],
             droppedLinksCount=5, status={"code": "error", "message": "boom"}),
        dict(common, spanId=ROOT.hex(), parentSpanId=None, parentIsRemote=False, traceFlags=1, traceState="",
             name="root", kind="server", startTimeUnixNano=START, endTimeUnixNano=START + 9000, attributes=[],
             droppedAttributesCount=0, events=[], droppedEventsCount=0, links=[], droppedLinksCount=0,
             status={"code": "ok", "message": ""}),
    ]
print(json.dumps(output))
