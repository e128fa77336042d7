"""The grpcurl / `buf curl` walk-through in README.md works as written.

Every `buf curl` command between `<!-- recipes:start -->` and
`<!-- recipes:end -->` is run, in order, against a live server started here,
with the real `buf` binary (clients/typescript/node_modules/.bin/buf) and
server reflection only: no .proto files, no generated code. Substitutions:

* `http://127.0.0.1:50051` -> the live server's address;
* `$JOB_ID` -> the id of the job created by the latest SubmitJob step.

Each output is checked against what the README promises for that step. The
grpcurl twin of each `buf curl` is checked statically here (same method, same
request JSON) and run for real with grpcurl in test_grpcurl.py.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
BUF = REPO / "clients" / "typescript" / "node_modules" / ".bin" / "buf"
README_ADDR = "127.0.0.1:50051"
READY = re.compile(r"jobplane: serving on 127\.0\.0\.1:(\d+)")
START_TIMEOUT_S = 60.0
CALL_TIMEOUT_S = 60.0

JOB_METHODS = {
    "SubmitJob",
    "GetJob",
    "ListJobs",
    "CancelJob",
    "WaitJob",
    "WatchProgress",
    "PauseJob",
    "ResumeJob",
    "RetryJob",
}
TERMINAL = {
    "JOB_STATUS_SUCCEEDED",
    "JOB_STATUS_FAILED",
    "JOB_STATUS_CANCELED",
    "JOB_STATUS_EXPIRED",
}


# --------------------------------------------------------------------------- parsing


@dataclass
class Command:
    tool: str  # "grpcurl" or "buf"
    argv: list[str]
    line: str

    @property
    def data(self) -> dict[str, Any] | None:
        for flag in ("-d", "--data"):
            if flag in self.argv:
                return json.loads(self.argv[self.argv.index(flag) + 1])
        return None

    @property
    def method(self) -> str:
        """`pkg.Service/Method`, or `list` / `describe <symbol>` for grpcurl's
        introspection, `--list-services` / `--list-methods` for buf curl's."""
        if self.tool == "buf":
            for flag in ("--list-services", "--list-methods"):
                if flag in self.argv:
                    return flag
            url = next(a for a in self.argv if a.startswith("http://") or a.startswith("https://"))
            return url.split("/", 3)[3]
        rest = self.argv[self.argv.index(README_ADDR) + 1 :]
        return " ".join(rest)


def recipes_text() -> str:
    text = README.read_text()
    start, end = "<!-- recipes:start -->", "<!-- recipes:end -->"
    assert start in text and end in text, "README recipe markers are missing"
    return text[text.index(start) + len(start) : text.index(end)]


def parse_commands(section: str) -> list[Command]:
    commands: list[Command] = []
    for block in re.findall(r"```(?:sh|bash|shell)\n(.*?)```", section, re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.strip()
            if line.startswith("grpcurl "):
                commands.append(Command("grpcurl", shlex.split(line), line))
            elif line.startswith("buf curl "):
                commands.append(Command("buf", shlex.split(line), line))
    return commands


def json_docs(text: str) -> Iterator[Any]:
    """The JSON documents buf curl prints one after another."""
    decoder = json.JSONDecoder()
    pos = 0
    for _ in range(100_000):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return
        doc, pos = decoder.raw_decode(text, pos)
        yield doc


def field(msg: dict[str, Any], name: str) -> Any:
    """A field by its proto name or its JSON (lowerCamel) name."""
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return msg.get(camel, msg.get(name))


def error_info(stderr: str) -> dict[str, Any]:
    """The google.rpc.ErrorInfo in buf curl's error output, decoded by running
    the README's own `base64 -d | buf convert` line on it."""
    err = json.loads(stderr)
    infos = [d for d in err.get("details", []) if d.get("type") == "google.rpc.ErrorInfo"]
    assert len(infos) == 1, stderr
    lines = [
        line.strip()
        for line in recipes_text().splitlines()
        if "buf convert" in line and "$ERROR_INFO" in line
    ]
    assert len(lines) == 1, "README should show one `buf convert` line decoding $ERROR_INFO"
    res = subprocess.run(
        ["bash", "-c", lines[0]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=CALL_TIMEOUT_S,
        env={
            **os.environ,
            "ERROR_INFO": infos[0]["value"],
            "PATH": f"{BUF.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        },
        check=False,
    )
    assert res.returncode == 0, f"{lines[0]}\n{res.stdout}{res.stderr}"
    decoded: dict[str, Any] = json.loads(res.stdout)
    return decoded


# --------------------------------------------------------------------------- server


class Server:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jobplane.server",
                "--listen",
                "127.0.0.1:0",
                "--db",
                "sqlite:///:memory:",
            ],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.ready = threading.Event()
        self.port = 0
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            m = READY.search(line)
            if m and not self.ready.is_set():
                self.port = int(m.group(1))
                self.ready.set()

    @property
    def log(self) -> str:
        return "".join(self.lines[-200:])

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.ready.wait(0.1):
            if self.proc.poll() is not None:
                pytest.fail(f"server exited {self.proc.returncode} before ready:\n{self.log}")
            if time.monotonic() > deadline:
                pytest.fail(f"server not ready after {START_TIMEOUT_S}s:\n{self.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.reader.join(10)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


@pytest.fixture
def live_server() -> Iterator[Server]:
    if not BUF.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{BUF} is missing: run `make setup`")
        pytest.skip(f"{BUF} is missing: run `make setup`")
    srv = Server()
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


# --------------------------------------------------------------------------- tests


def test_recipes_are_paired_grpcurl_and_buf_curl() -> None:
    commands = parse_commands(recipes_text())
    assert len(commands) >= 18, f"expected a full walk-through, found {len(commands)} commands"
    assert len(commands) % 2 == 0, [c.line for c in commands]
    methods = set()
    for grpcurl, buf in zip(commands[::2], commands[1::2], strict=True):
        assert grpcurl.tool == "grpcurl", f"expected a grpcurl command first: {grpcurl.line}"
        assert buf.tool == "buf", f"expected its buf curl twin after: {grpcurl.line}"
        assert "-plaintext" in grpcurl.argv and README_ADDR in grpcurl.argv, grpcurl.line
        assert buf.argv[buf.argv.index("--protocol") + 1] == "grpc", buf.line
        assert "--http2-prior-knowledge" in buf.argv, buf.line
        assert f"http://{README_ADDR}" in " ".join(buf.argv), buf.line
        if grpcurl.method == "list":
            assert buf.method == "--list-services", buf.line
        elif grpcurl.method.startswith("describe "):
            assert buf.method == "--list-methods", buf.line
        else:
            assert grpcurl.method == buf.method, (grpcurl.line, buf.line)
            assert grpcurl.data == buf.data, (grpcurl.line, buf.line)
        methods.add(buf.method)
    for needed in (
        "--list-services",
        "--list-methods",
        "jobplane.v1.JobService/SubmitJob",
        "jobplane.v1.JobService/GetJob",
        "jobplane.v1.JobService/WatchProgress",
        "jobplane.v1.JobService/CancelJob",
        "grpc.health.v1.Health/Check",
    ):
        assert needed in methods, f"the walk-through lacks {needed}"
    resumes = [
        c for c in commands if c.tool == "buf" and field(c.data or {}, "after_sequence") is not None
    ]
    assert resumes, "the walk-through lacks a WatchProgress resume with after_sequence"


@pytest.mark.timeout(300)
def test_buf_curl_recipes_against_a_live_server(live_server: Server) -> None:
    address = f"127.0.0.1:{live_server.port}"
    job_id: str | None = None
    submitted_type: str | None = None
    outcomes: list[str] = []

    def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BUF), *argv[1:]],
            capture_output=True,
            text=True,
            timeout=CALL_TIMEOUT_S,
            check=False,
        )

    def get_status(jid: str) -> str:
        res = run(
            [
                "buf",
                "curl",
                "--protocol",
                "grpc",
                "--http2-prior-knowledge",
                f"http://{address}/jobplane.v1.JobService/GetJob",
                "-d",
                json.dumps({"job_id": jid}),
            ]
        )
        assert res.returncode == 0, res.stderr
        return str(field(json.loads(res.stdout)["job"], "status"))

    commands = [c for c in parse_commands(recipes_text()) if c.tool == "buf"]
    for cmd in commands:
        argv = []
        for arg in cmd.argv:
            arg = arg.replace(f"http://{README_ADDR}", f"http://{address}")
            if "$JOB_ID" in arg:
                assert job_id, f"{cmd.line} uses $JOB_ID before any SubmitJob step"
                arg = arg.replace("$JOB_ID", job_id)
            argv.append(arg)
        assert argv[:2] == ["buf", "curl"], cmd.line
        context = f"step: {cmd.line}\nran: {shlex.join(argv)}"

        # Before a cancel: decide what the README promises for the job's current state.
        cancel_before = get_status(job_id) if cmd.method.endswith("/CancelJob") and job_id else None

        res = run(argv)
        out = f"{context}\nexit {res.returncode}\nstdout:\n{res.stdout}\nstderr:\n{res.stderr}"
        method = cmd.method
        request = cmd.data or {}

        if method == "--list-services":
            assert res.returncode == 0, out
            services = set(res.stdout.split())
            assert {"jobplane.v1.JobService", "grpc.health.v1.Health"} <= services, out
        elif method == "--list-methods":
            assert res.returncode == 0, out
            listed = set(res.stdout.split())
            assert {f"jobplane.v1.JobService/{m}" for m in JOB_METHODS} <= listed, out
        elif method == "jobplane.v1.JobService/SubmitJob":
            assert res.returncode == 0, out
            job = json.loads(res.stdout)["job"]
            job_id = str(job["id"])
            uuid.UUID(job_id)
            submitted_type = request["type"]
            assert job["type"] == submitted_type, out
            assert field(job, "status") in {"JOB_STATUS_QUEUED", "JOB_STATUS_RUNNING"}, out
            assert job["payload"] == request["payload"], out
        elif method == "jobplane.v1.JobService/GetJob":
            assert res.returncode == 0, out
            job = json.loads(res.stdout)["job"]
            assert job["id"] == job_id, out
            assert job["type"] == submitted_type, out
        elif method == "jobplane.v1.JobService/WatchProgress":
            assert res.returncode == 0, out
            events = list(json_docs(res.stdout))
            assert events, out
            seqs = [int(field(e, "sequence")) for e in events]
            assert seqs == sorted(set(seqs)), f"sequences not strictly rising: {seqs}\n{out}"
            after = field(request, "after_sequence")
            if after is None:
                assert field(events[0], "kind") == "WATCH_EVENT_KIND_SNAPSHOT", out
            else:
                assert all(s > int(after) for s in seqs), out
            assert field(events[-1], "status") in TERMINAL, out
            assert (
                any(field(e, "kind") == "WATCH_EVENT_KIND_PROGRESS" for e in events)
                or after is not None
            ), out
        elif method == "jobplane.v1.JobService/CancelJob":
            assert cancel_before is not None
            if cancel_before in TERMINAL - {"JOB_STATUS_CANCELED"}:
                assert res.returncode != 0, out
                assert "failed_precondition" in res.stderr.lower(), out
                info = error_info(res.stderr)
                assert info["reason"] == "JOB_ALREADY_COMPLETE", out
                assert info["domain"] == "jobplane.dev", out
                outcomes.append("already-complete")
            else:
                assert res.returncode == 0, out
                job = json.loads(res.stdout)["job"]
                assert job["id"] == job_id, out
                reason = field(request, "reason")
                assert field(job, "cancel_reason") in (reason, None), out
                # A forced cancel of a running job ends it promptly.
                status = field(job, "status")
                for _ in range(100):
                    if status in TERMINAL:
                        break
                    time.sleep(0.1)
                    status = get_status(str(job_id))
                assert status == "JOB_STATUS_CANCELED", out
                outcomes.append("canceled")
        elif method == "grpc.health.v1.Health/Check":
            assert res.returncode == 0, out
            assert json.loads(res.stdout)["status"] == "SERVING", out
        else:
            pytest.fail(f"no expectation for README step {cmd.line!r}; extend this test")

    assert "already-complete" in outcomes and "canceled" in outcomes, (
        f"the walk-through should show both a refused and a successful cancel: {outcomes}"
    )
