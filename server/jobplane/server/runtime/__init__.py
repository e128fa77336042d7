"""The runtime: claiming jobs, running attempts, handler context and registry, maintenance.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""
