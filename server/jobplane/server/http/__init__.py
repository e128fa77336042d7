"""The web edge: the JobService as HTTP/JSON and Server-Sent Events, and the dashboard.

Routes come from the contract's ``google.api.http`` annotations (:mod:`.routes`);
each calls the method handler the gRPC server registered, guards included
(:mod:`.handlers`, :mod:`.context`), so both edges share every rule. See
``docs/http.md``.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""
