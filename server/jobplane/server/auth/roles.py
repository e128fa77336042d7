"""Authorization: what each role may call, and which tenant a call acts on.

Roles are ordered; each may do what the ones below it may:

==========  ===================================================================
viewer      GetJob, ListJobs, WaitJob, WatchProgress (and WatchJobs),
            GetSchedule, ListSchedules
submitter   + SubmitJob, CancelJob, PauseJob, ResumeJob, RetryJob, and every
            other ScheduleService method (a schedule only submits jobs)
admin       + every other JobService method, and any tenant (see below)
==========  ===================================================================

``worker`` stands apart: it may call WorkerService (take, report and complete its
tenant's tasks) and nothing else; an admin may call it too (``*``: serve every
tenant), and so may anyone on an open server.

A method missing from :data:`REQUIRED_ROLE` or :data:`SCHEDULE_ROLE` needs ``admin``, and so does
any other service but health and reflection: a new RPC is closed until someone
decides who may call it. Health and reflection, when ``--auth-protect-meta`` makes
them need credentials at all, are open to every role.

Tenants: a call acts on the principal's own tenant. Only an admin may name
another one, in the ``x-jobplane-tenant`` metadata header; ``*`` means every
tenant (reads and by-id changes; SubmitJob needs one concrete tenant). Without
the header an admin acts on its own tenant like anyone else, so a forgotten
header never touches another tenant's jobs by accident. A non-admin sending the
header gets PERMISSION_DENIED unless it names its own tenant: the header is a
request, never a credential.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobplane.server.auth.config import META_SERVICES
from jobplane.server.auth.principal import Caller, Principal, Role, check_tenant
from jobplane.server.domain import errors

SERVICE = "jobplane.v1.JobService"
SCHEDULE_SERVICE = "jobplane.v1.ScheduleService"
WORKER_SERVICE = "jobplane.v1.WorkerService"
TENANT_HEADER = "x-jobplane-tenant"
ALL_TENANTS = "*"

_V, _S = Role.VIEWER, Role.SUBMITTER
#: The least role for each JobService method.
REQUIRED_ROLE: dict[str, Role] = {
    "GetJob": _V,
    "ListJobs": _V,
    "WaitJob": _V,
    "WatchProgress": _V,
    "WatchJobs": _V,
    "SubmitJob": _S,
    "CancelJob": _S,
    "PauseJob": _S,
    "ResumeJob": _S,
    "RetryJob": _S,
}
#: The least role for each ScheduleService method.
SCHEDULE_ROLE: dict[str, Role] = {
    "GetSchedule": _V,
    "ListSchedules": _V,
    "CreateSchedule": _S,
    "UpdateSchedule": _S,
    "DeleteSchedule": _S,
    "PauseSchedule": _S,
    "ResumeSchedule": _S,
    "TriggerSchedule": _S,
}
_ROLES = {SERVICE: REQUIRED_ROLE, SCHEDULE_SERVICE: SCHEDULE_ROLE}
#: Methods that change state: each call writes one audit line.
MUTATING = frozenset({"SubmitJob", "CancelJob", "PauseJob", "ResumeJob", "RetryJob"})
#: Methods that create jobs or schedules, so they need one concrete tenant.
CREATING = frozenset({"SubmitJob", "CreateSchedule"})


def split_method(full: str) -> tuple[str, str]:
    """``/pkg.Service/Method`` → (``pkg.Service``, ``Method``)."""
    _, service, method = [*full.split("/"), "", ""][:3]
    return service, method


def authorize(
    principal: Principal, service: str, method: str, metadata: Sequence[tuple[str, str | bytes]]
) -> Caller:
    """The caller for this call, or PERMISSION_DENIED / INVALID_ARGUMENT."""
    if service in META_SERVICES:  # reached only with --auth-protect-meta
        return Caller(principal, principal.tenant)
    if service == WORKER_SERVICE:
        if principal.role not in (Role.WORKER, Role.ADMIN) and principal.via != "open":
            raise errors.PermissionDeniedError(
                f"{method} needs role worker; principal {principal.name!r} is "
                f"{principal.role.label}",
                reason="ROLE_NOT_ALLOWED",
                metadata={"rpc": method, "role": principal.role.label, "required_role": "worker"},
            )
        return Caller(principal, _tenant(principal, method, metadata))
    need = _ROLES.get(service, {}).get(method, Role.ADMIN)
    if principal.role < need:
        raise errors.PermissionDeniedError(
            f"{method} needs role {need.label}; principal {principal.name!r} is {principal.role.label}",
            reason="ROLE_NOT_ALLOWED",
            metadata={"rpc": method, "role": principal.role.label, "required_role": need.label},
        )
    return Caller(principal, _tenant(principal, method, metadata))


def _tenant(
    principal: Principal, method: str, metadata: Sequence[tuple[str, str | bytes]]
) -> str | None:
    asked = [v for k, v in metadata if k == TENANT_HEADER]
    if not asked:
        return principal.tenant
    if len(asked) > 1 or not isinstance(asked[0], str):
        raise errors.InvalidArgumentError(
            f"send at most one {TENANT_HEADER} header", reason="INVALID_TENANT_HEADER"
        )
    tenant = asked[0].strip()
    if tenant == principal.tenant:
        return tenant
    if principal.role is not Role.ADMIN:
        raise errors.PermissionDeniedError(
            f"only admins may act on another tenant; {TENANT_HEADER} is not a credential",
            reason="TENANT_NOT_ALLOWED",
            metadata={"rpc": method, "role": principal.role.label},
        )
    if tenant == ALL_TENANTS:
        if method in CREATING:
            raise errors.InvalidArgumentError(
                f"{method} needs one tenant: set {TENANT_HEADER} to a tenant name, not '*'",
                reason="TENANT_REQUIRED",
            )
        return None
    try:
        return check_tenant(tenant)
    except ValueError as exc:
        raise errors.InvalidArgumentError(str(exc), reason="INVALID_TENANT_HEADER") from None
