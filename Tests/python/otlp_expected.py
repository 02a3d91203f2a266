"""What a Python peer sent, in the one JSON form the Swift receiver tests read back.

Spans are written field for field as they went on the wire: IDs in lowercase hex,
times in nanoseconds, attribute values with their OTLP type (string, bool, int,
double, or an array of one of them), status as unset/ok/error.
"""

def typed(value):
    """An attribute value with its OTLP type; arrays are homogeneous, as the SDK enforces."""
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, int):
        return {"type": "int", "value": value}
    if isinstance(value, float):
        return {"type": "double", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    items = list(value)
    if not items:
        raise ValueError("an empty array has no type; the tests do not send one")
    element = typed(items[0])["type"]
    return {"type": element + "[]", "value": items}


def attributes(mapping):
    return [dict(key=key, **typed(value)) for key, value in (mapping or {}).items()]


def hex_id(value, width):
    return format(value, "0%dx" % width)


def sdk_span(span):
    """A ReadableSpan as the SDK's OTLP exporters (proto and JSON alike) encode it."""
    context = span.get_span_context()
    parent = span.parent
    status = span.status
    return {
        "traceId": hex_id(context.trace_id, 32),
        "spanId": hex_id(context.span_id, 16),
        "parentSpanId": hex_id(parent.span_id, 16) if parent else None,
        "parentIsRemote": bool(parent and parent.is_remote),
        # The exporters send SpanFlags 0x100 (and 0x200 for a remote parent), not the W3C flags.
        "traceFlags": 0,
        "traceState": ",".join("%s=%s" % item for item in context.trace_state.items()),
        "name": span.name,
        "kind": span.kind.name.lower(),
        "startTimeUnixNano": span.start_time,
        "endTimeUnixNano": span.end_time,
        "attributes": attributes(span.attributes),
        "droppedAttributesCount": span.dropped_attributes,
        "events": [
            {
                "name": event.name,
                "timeUnixNano": event.timestamp,
                "attributes": attributes(event.attributes),
                "droppedAttributesCount": event.dropped_attributes,
            }
            for event in span.events
        ],
        "droppedEventsCount": span.dropped_events,
        "links": [
            {
                "traceId": hex_id(link.context.trace_id, 32),
                "spanId": hex_id(link.context.span_id, 16),
                # Both exporters of opentelemetry-python leave Link.trace_state out of the request,
                # and send the link's remoteness without its W3C flags.
                "traceState": "",
                "traceFlags": 0,
                "isRemote": link.context.is_remote,
                "attributes": attributes(link.attributes),
                "droppedAttributesCount": link.dropped_attributes,
            }
            for link in span.links
        ],
        "droppedLinksCount": span.dropped_links,
        "status": {
            "code": {0: "unset", 1: "ok", 2: "error"}[status.status_code.value],
            "message": status.description or "",
        },
        "resource": attributes(span.resource.attributes),
        "scope": {
            "name": span.instrumentation_scope.name,
            "version": span.instrumentation_scope.version or "",
            "attributes": attributes(span.instrumentation_scope.attributes),
        },
    }
