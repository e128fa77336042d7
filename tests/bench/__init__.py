"""``python -m tests.bench``: the jobplane benchmark suite (issue 6).

Starts its own servers as child processes (the real ``python -m jobplane.server``
on a durable SQLite file, and a bare ``grpc.aio`` echo server for the ratios),
drives them from a client in its own process, prints a table and writes one JSON
line per figure to ``build/bench.jsonl``.
"""
