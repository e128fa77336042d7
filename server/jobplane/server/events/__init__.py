"""Events: the per-job progress broker and the changes that arrive from other replicas."""
