"""The gRPC edge: servicers, protobuf decode/encode, the status table, handler wrapping.

Internal: no stability promise; handler authors import from :mod:`jobplane.server`.
"""
