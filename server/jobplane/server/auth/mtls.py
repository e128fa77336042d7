"""Client-certificate names from a verified mTLS peer.

The server only asks for client certificates when ``--tls-client-ca`` is set,
and then gRPC has already verified the chain against that CA before a handler
runs; the names here are therefore authenticated. Principals are matched by the
token file's ``cert_names`` against the subject CN and every SAN entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_NAME_KEYS = ("x509_common_name", "x509_subject_alternative_name")


def peer_names(auth_context: Mapping[str, Iterable[bytes]]) -> list[str]:
    """The CN and SAN names of the verified client certificate (empty without one)."""
    kinds = auth_context.get("transport_security_type", ())
    if b"ssl" not in kinds or not auth_context.get("x509_pem_cert"):
        return []
    names: list[str] = []
    for key in _NAME_KEYS:
        for raw in auth_context.get(key, ()):
            name = raw.decode("utf-8", "replace")
            if name and name not in names:
                names.append(name)
    return names
