"""The gRPC edge: servicers, protobuf decode/encode, the status table, handler wrapping."""
