"""Task tokens: the opaque fencing token of one remote attempt's lease.

A token names the job, the attempt and the lease owner. It is not a secret: every
write it asks for is applied only while the job's row still holds that attempt,
RUNNING, leased to that owner (the owner of a remote attempt carries a random
part, so a token cannot be guessed). A token that does not parse is the caller's
mistake (INVALID_TASK_TOKEN); one that parses but no longer matches the row is
stale (TASK_LEASE_LOST, see :mod:`.remote_work`).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses

import orjson
from jobplane.server.domain import errors

_PREFIX = "jp1."
MAX_TOKEN_CHARS = 2048


@dataclasses.dataclass(frozen=True, slots=True)
class TaskToken:
    job_id: str
    attempt: int
    owner: str

    def encode(self) -> str:
        raw = orjson.dumps([self.job_id, self.attempt, self.owner])
        return _PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> TaskToken:
        """The token in ``text``; INVALID_ARGUMENT (INVALID_TASK_TOKEN) if it is not one."""
        try:
            if not text.startswith(_PREFIX) or len(text) > MAX_TOKEN_CHARS:
                raise ValueError("not a task token")
            body = text[len(_PREFIX) :]
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            job_id, attempt, owner = orjson.loads(raw)
            if not (isinstance(job_id, str) and isinstance(owner, str) and job_id and owner):
                raise ValueError("not a task token")
            if not isinstance(attempt, int) or isinstance(attempt, bool) or attempt < 1:
                raise ValueError("not a task token")
        except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
            raise errors.InvalidArgumentError(
                "task_token is not a token this server issued; pass the task_token of a "
                "Task exactly as received",
                reason="INVALID_TASK_TOKEN",
                field="task_token",
            ) from None
        return cls(job_id, attempt, owner)
