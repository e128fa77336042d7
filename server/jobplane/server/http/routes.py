"""HTTP routes derived from the contract's ``google.api.http`` annotations.

The .proto files are the one source of the HTTP surface: each RPC annotated with
``option (google.api.http)`` becomes a :class:`Route` (verb, path template, which
fields the body and the path carry), and nothing here names a URL by hand.
Supported templates are the ones the contract uses: literal segments, ``{field}``
variables (one path segment) and a trailing ``:verb`` (AIP-136 custom methods).
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Iterable
from typing import Any

from google.protobuf import descriptor, descriptor_pool, message_factory

# googleapis-common-protos has no stubs, and types-protobuf's ``google`` stub package
# hides it from mypy: import it by name.
annotations_pb2: Any = importlib.import_module("google.api.annotations_pb2")

_VERBS = ("get", "put", "post", "delete", "patch")
_VARIABLE = re.compile(r"\{([a-z_][a-z0-9_]*)(?:=\*)?\}")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """One RPC as HTTP: ``verb path`` → ``full_method`` (``/pkg.Service/Method``)."""

    verb: str
    #: The annotation's template, e.g. ``/v1/jobs/{job_id}:cancel``.
    template: str
    #: The same template in aiohttp's syntax (variables match one segment, no ``:``).
    path: str
    full_method: str
    #: ``"*"``: the body is the whole request; ``""``: no body (query parameters).
    body: str
    path_fields: tuple[str, ...]
    request_class: type[Any]
    response_class: type[Any]
    server_streaming: bool

    @property
    def method_name(self) -> str:
        return self.full_method.rsplit("/", 1)[1]


def _router_path(template: str) -> tuple[str, tuple[str, ...]]:
    fields: list[str] = []
    out: list[str] = []
    pos = 0
    for m in _VARIABLE.finditer(template):
        out.append(template[pos : m.start()])
        out.append(m.group(1).join(("{", ":[^/:]+}")))
        fields.append(m.group(1))
        pos = m.end()
    rest = template[pos:]
    if "{" in rest or "}" in rest:
        raise ValueError(f"unsupported path template {template!r}")
    out.append(rest)
    return "".join(out), tuple(fields)


def route_of(method: descriptor.MethodDescriptor) -> Route | None:
    """The route of ``method``, or None when it carries no ``google.api.http`` option."""
    options = method.GetOptions()
    if not options.HasExtension(annotations_pb2.http):
        return None
    rule = options.Extensions[annotations_pb2.http]
    pattern = rule.WhichOneof("pattern")
    if pattern not in _VERBS:
        raise ValueError(f"{method.full_name}: unsupported google.api.http pattern {pattern!r}")
    template: str = getattr(rule, pattern)
    if rule.body not in ("", "*"):
        raise ValueError(f'{method.full_name}: only body "*" or none is supported')
    path, fields = _router_path(template)
    for name in fields:
        if name not in method.input_type.fields_by_name:
            raise ValueError(f"{method.full_name}: {template} names no field {name!r}")
    return Route(
        verb=pattern.upper(),
        template=template,
        path=path,
        full_method=f"/{method.containing_service.full_name}/{method.name}",
        body=rule.body,
        path_fields=fields,
        request_class=message_factory.GetMessageClass(method.input_type),
        response_class=message_factory.GetMessageClass(method.output_type),
        server_streaming=method.server_streaming,
    )


def routes_for(full_methods: Iterable[str]) -> list[Route]:
    """The routes of those registered methods (``/pkg.Service/Method``) that are annotated."""
    pool = descriptor_pool.Default()
    routes = []
    for full in full_methods:
        service, _, name = full.lstrip("/").partition("/")
        try:
            method = pool.FindServiceByName(service).methods_by_name[name]
        except KeyError:
            continue  # a service without a descriptor in the pool has no annotations
        route = route_of(method)
        if route is not None and not method.client_streaming:
            routes.append(route)
    return routes
