"""Hypothesis strategies that build any protobuf message from its descriptor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import descriptor as d
from google.protobuf import message as pb_message
from google.protobuf import message_factory, struct_pb2
from hypothesis import strategies as st

F = d.FieldDescriptor
INT32 = st.integers(-(2**31), 2**31 - 1)
INT64 = st.integers(-(2**63), 2**63 - 1)
_INTS = {
    F.TYPE_INT32: INT32,
    F.TYPE_SINT32: INT32,
    F.TYPE_SFIXED32: INT32,
    F.TYPE_INT64: INT64,
    F.TYPE_SINT64: INT64,
    F.TYPE_SFIXED64: INT64,
    F.TYPE_UINT32: st.integers(0, 2**32 - 1),
    F.TYPE_FIXED32: st.integers(0, 2**32 - 1),
    F.TYPE_UINT64: st.integers(0, 2**64 - 1),
    F.TYPE_FIXED64: st.integers(0, 2**64 - 1),
}
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
EDGE_TEXT = st.sampled_from(
    ["", " ", "\x00", "a" * 5000, "00000000-0000-7000-8000-000000000000", "☃" * 70, "\u202e"]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=25,
)


def struct_strategy() -> st.SearchStrategy[struct_pb2.Struct]:
    def build(data: dict[str, Any]) -> struct_pb2.Struct:
        out = struct_pb2.Struct()
        out.update(data)
        return out

    return st.dictionaries(TEXT, JSON, max_size=4).map(build)


def _scalar(field: F, strings: Mapping[str, Sequence[str]]) -> st.SearchStrategy[Any]:
    t = field.type
    if t in _INTS:
        return _INTS[t]
    if t == F.TYPE_DOUBLE:
        return st.floats()
    if t == F.TYPE_FLOAT:
        return st.floats(width=32)
    if t == F.TYPE_BOOL:
        return st.booleans()
    if t == F.TYPE_BYTES:
        return st.binary(max_size=100)
    if t == F.TYPE_ENUM:
        return st.integers(-3, 20)
    assert t == F.TYPE_STRING
    known = strings.get(field.name)
    base = TEXT | EDGE_TEXT
    return base | st.sampled_from(list(known)) if known else base


def message_strategy(
    desc: d.Descriptor, strings: Mapping[str, Sequence[str]] | None = None, depth: int = 0
) -> st.SearchStrategy[pb_message.Message]:
    """Any message of type ``desc``: every field optional, values across their whole
    range (and beyond what the server accepts). ``strings`` offers known-good values
    per string field name (e.g. real job ids) next to random ones."""
    strings = strings or {}
    cls = message_factory.GetMessageClass(desc)
    if desc.full_name == "google.protobuf.Struct":
        return struct_strategy()
    if desc.full_name in ("google.protobuf.Duration", "google.protobuf.Timestamp"):
        return st.builds(cls, seconds=INT64, nanos=INT32) | st.builds(
            cls, seconds=st.integers(0, 10**6), nanos=st.integers(0, 999_999_999)
        )
    if depth > 3:
        return st.just(cls())
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in desc.fields:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_f, val_f = (
                field.message_type.fields_by_name["key"],
                field.message_type.fields_by_name["value"],
            )
            if val_f.message_type is not None:
                continue
            optional[field.name] = st.dictionaries(
                _scalar(key_f, strings), _scalar(val_f, strings), max_size=4
            )
            continue
        if field.message_type is not None:
            value = message_strategy(field.message_type, strings, depth + 1)
        else:
            value = _scalar(field, strings)
        is_repeated = field.is_repeated
        optional[field.name] = st.lists(value, max_size=3) if is_repeated else value

    def build(values: dict[str, Any]) -> pb_message.Message:
        msg = cls()
        for name, value in values.items():
            field = desc.fields_by_name[name]
            target = getattr(msg, name) if field.is_repeated else None
            if isinstance(value, dict):
                getattr(msg, name).update(value)
            elif target is not None and field.message_type is not None:
                for item in value:
                    target.add().CopyFrom(item)
            elif target is not None:
                target.extend(value)
            elif field.message_type is not None:
                getattr(msg, name).CopyFrom(value)
            else:
                setattr(msg, name, value)
        return msg

    return st.fixed_dictionaries({}, optional=optional).map(build)
