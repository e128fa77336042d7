"""The API layer: every rule about a request, in one place (the manager), and its limits.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""
