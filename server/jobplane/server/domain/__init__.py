"""The domain: jobs, statuses, the transition table, pure rules, filters, ids. No I/O."""
