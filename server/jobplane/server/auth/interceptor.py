"""The security guard: authenticate, authorize, apply quotas, audit — on every RPC.

It wraps the *behaviour* of each method handler, whatever its kind (unary or
streaming, on either side), so the checks run inside the call, before the real
handler, with the call's own context: metadata, the TLS peer, and a way to
abort. A refused call never reaches the servicer, and a server-streaming call
(WatchProgress) is refused before its first message exactly like a unary one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import grpc
from jobplane.server.auth import audit
from jobplane.server.auth.authenticator import Authenticator
from jobplane.server.auth.config import META_SERVICES
from jobplane.server.auth.principal import Caller, Principal, bind, unbind
from jobplane.server.auth.quotas import STREAMS, Quotas
from jobplane.server.auth.roles import MUTATING, SERVICE, authorize, split_method
from jobplane.server.domain import errors
from jobplane.server.rpc import status
from jobplane.server.rpc.streams import drive

log = logging.getLogger("jobplane.auth")

if TYPE_CHECKING:
    Ctx = grpc.aio.ServicerContext[Any, Any]
    Handler = grpc.RpcMethodHandler[Any, Any]


class AuthGuard:
    """Guards every method except health and reflection (unless ``protect_meta``).

    :meth:`wrap` is called once per method when the server registers its handlers
    (see :mod:`..registrar`); no per-call interceptor machinery runs."""

    def __init__(self, authenticator: Authenticator, quotas: Quotas, *, protect_meta: bool) -> None:
        self._authn = authenticator
        self._quotas = quotas
        self._protect_meta = protect_meta

    def wrap(self, full_method: str, handler: Handler) -> Handler:
        """``handler`` guarded, if ``full_method`` (``/package.Service/Method``) needs it."""
        service, method = split_method(full_method)
        # JobService always (audit and quotas apply to open servers too); other
        # services only when callers must authenticate, health/reflection on request.
        guarded = service == SERVICE or (
            self._authn.required and (service not in META_SERVICES or self._protect_meta)
        )
        if not guarded:
            return handler
        return _wrap(handler, _Guard(self._authn, self._quotas, service, method))


class _Guard:
    """The checks and the audit of one call of one method."""

    __slots__ = ("_authn", "_quotas", "method", "service")

    def __init__(self, authn: Authenticator, quotas: Quotas, service: str, method: str) -> None:
        self._authn = authn
        self._quotas = quotas
        self.service = service
        self.method = method

    async def enter(self, request: Any, context: Ctx) -> tuple[Caller, Callable[[], None] | None]:
        """Admit the call or abort it (auditing the refusal of a state change)."""
        principal: Principal | None = None
        tenant: str | None = ""
        try:
            metadata = tuple(context.invocation_metadata() or ())
            principal = self._authn.authenticate(metadata, context.auth_context())
            tenant = principal.tenant
            caller = authorize(principal, self.service, self.method, metadata)
            tenant = caller.tenant
            release = None
            if self.service == SERVICE or self.method in STREAMS:
                # SubmitJobs spends one unit of each quota per job it asks for (a
                # request whose bytes did not parse has none: refused later, MALFORMED).
                n = 1
                if self.method == "SubmitJobs":
                    n = max(1, len(getattr(request, "requests", ())))
                release = await self._quotas.admit(self.method, caller.tenant, n)
            return caller, release
        except Exception as exc:
            err = exc if isinstance(exc, errors.ServerError) else None
            if err is None:
                log.error("internal error checking %s", self.method, exc_info=exc)
                err = status.internal()
            self.audit(principal, tenant, request, None, err.code, err.reason, context)
            await context.abort_with_status(status.to_status(err))
            raise AssertionError("unreachable") from exc

    def audit(
        self,
        principal: Principal | None,
        tenant: str | None,
        request: Any,
        response: Any,
        outcome: str,
        reason: str,
        context: Ctx,
    ) -> None:
        if self.service != SERVICE or self.method not in MUTATING or not audit.enabled():
            return
        job_id = getattr(request, "job_id", "")
        if not job_id and response is not None and "job" in response.DESCRIPTOR.fields_by_name:
            job_id = response.job.id
        audit.write(
            audit.AuditRecord(
                rpc=self.method,
                principal=principal,
                tenant=tenant,
                job_id=job_id,
                request_id=getattr(request, "request_id", ""),
                outcome=outcome,
                reason=reason,
                peer=context.peer(),
            )
        )

    def leave(
        self,
        caller: Caller,
        release: Callable[[], None] | None,
        request: Any,
        response: Any,
        context: Ctx,
        error: BaseException | None,
    ) -> None:
        """Give back the quota reservation and audit how the call ended."""
        if release is not None:
            release()
        self.audit(
            caller.principal,
            caller.tenant,
            request,
            response,
            _outcome(context, error),
            "",
            context,
        )


def _outcome(context: Ctx, error: BaseException | None) -> str:
    if error is None:
        return "OK"
    code = context.code()
    if isinstance(code, grpc.StatusCode) and code is not grpc.StatusCode.OK:
        return code.name
    if isinstance(error, asyncio.CancelledError):
        return "CANCELLED"
    return "UNKNOWN"


def _wrap(handler: Handler, guard: _Guard) -> Handler:
    serializers = {
        "request_deserializer": handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            _unary(handler.unary_unary, guard, streaming_request=False), **serializers
        )
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(
            _unary(handler.stream_unary, guard, streaming_request=True), **serializers
        )
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            _stream(handler.unary_stream, guard, streaming_request=False), **serializers
        )
    assert handler.stream_stream is not None
    return grpc.stream_stream_rpc_method_handler(
        _stream(handler.stream_stream, guard, streaming_request=True), **serializers
    )


def _unary(
    inner: Callable[..., Any], guard: _Guard, *, streaming_request: bool
) -> Callable[[Any, Ctx], Awaitable[Any]]:
    async def behavior(request: Any, context: Ctx) -> Any:
        message = None if streaming_request else request
        caller, release = await guard.enter(message, context)
        token = bind(caller)
        response, error = None, None
        try:
            response = await inner(request, context)
            return response
        except BaseException as exc:
            error = exc
            raise
        finally:
            unbind(token)
            guard.leave(caller, release, message, response, context, error)

    return behavior


def _stream(
    inner: Callable[..., Any], guard: _Guard, *, streaming_request: bool
) -> Callable[[Any, Ctx], Awaitable[None]]:
    async def behavior(request: Any, context: Ctx) -> None:
        message = None if streaming_request else request
        caller, release = await guard.enter(message, context)
        token = bind(caller)
        error: BaseException | None = None
        try:
            await drive(inner(request, context), context)
        except BaseException as exc:
            error = exc
            raise
        finally:
            unbind(token)
            guard.leave(caller, release, message, None, context, error)

    return behavior
