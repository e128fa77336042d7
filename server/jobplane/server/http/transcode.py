"""JSON ⇄ protobuf for the HTTP edge: the protobuf JSON mapping, nothing custom.

A request is built from the body (the whole message for ``body: "*"``), the
query string (one field per parameter, ``snake_case`` or ``lowerCamelCase``) and
the path variables, which win. JSON that does not fit the message becomes the
parse guard's :class:`~jobplane.server.rpc.wire.Malformed` marker, so it is
refused by the same rule as unparsable gRPC bytes, after authentication.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import orjson
from google.protobuf import descriptor, json_format
from jobplane.server.http.routes import Route
from jobplane.server.rpc.wire import Malformed

_BOOLS = {"true": True, "1": True, "false": False, "0": False}


def _query_value(field: descriptor.FieldDescriptor, values: list[str]) -> Any:
    if field.type == descriptor.FieldDescriptor.TYPE_BOOL:
        parsed = [_BOOLS.get(v.lower()) for v in values]
        if None in parsed:
            raise ValueError(f"{field.name} takes true or false")
        converted: list[Any] = parsed
    else:
        converted = list(values)
    if field.is_repeated:
        return converted
    if len(converted) > 1:
        raise ValueError(f"{field.name} is given more than once")
    return converted[0]


def _query_dict(request_class: type[Any], query: Mapping[str, list[str]]) -> dict[str, Any]:
    fields = request_class.DESCRIPTOR.fields_by_name
    camel = request_class.DESCRIPTOR.fields_by_camelcase_name
    out: dict[str, Any] = {}
    for key, values in query.items():
        field = fields.get(key) or camel.get(key)
        if field is None:
            raise ValueError(f"no query parameter {key!r}")
        out[field.name] = _query_value(field, values)
    return out


def build_request(
    route: Route,
    path_params: Mapping[str, str],
    query: Mapping[str, list[str]],
    body: bytes,
) -> Any:
    """The request message, or :class:`Malformed` saying what does not fit."""
    message = route.request_class()
    try:
        if route.body == "*" and body.strip():
            data = orjson.loads(body)
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            json_format.ParseDict(data, message)
        if query:
            json_format.ParseDict(_query_dict(route.request_class, query), message)
    except (ValueError, json_format.ParseError, orjson.JSONDecodeError) as exc:
        return Malformed(f"{exc}"[:300])
    for name, value in path_params.items():
        setattr(message, name, value)
    return message


def to_dict(message: Any) -> dict[str, Any]:
    result: dict[str, Any] = json_format.MessageToDict(message)
    return result


def to_json(message: Any) -> bytes:
    """The protobuf JSON of ``message`` (lowerCamelCase names, as grpcurl prints)."""
    return orjson.dumps(to_dict(message))


class JsonCache:
    """JSON of the pre-serialized messages the watch streams write.

    One event fanned out to many subscribers arrives as the same bytes for each
    (``convert.event_wire`` serializes it once); it is turned into JSON once too.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self._capacity = capacity
        self._items: OrderedDict[bytes, tuple[Any, bytes]] = OrderedDict()

    def get(self, wire: bytes, message_class: type[Any]) -> tuple[Any, bytes]:
        """(the parsed message, its JSON) for ``wire``."""
        hit = self._items.get(wire)
        if hit is not None:
            self._items.move_to_end(wire)
            return hit
        message = message_class.FromString(wire)
        hit = self._items[wire] = (message, to_json(message))
        if len(self._items) > self._capacity:
            self._items.popitem(last=False)
        return hit
