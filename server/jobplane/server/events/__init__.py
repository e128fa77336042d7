"""Events: the per-job progress broker and the changes that arrive from other replicas.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""
