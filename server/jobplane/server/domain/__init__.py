"""The domain: jobs, statuses, the transition table, pure rules, filters, ids. No I/O.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""
