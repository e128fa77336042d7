"""The ListJobs / WatchJobs filter grammar: each text and the exact tree it parses to,
each mistake and the exact INVALID_FILTER message it gets."""

from __future__ import annotations

import pytest
from jobplane.server.domain import errors
from jobplane.server.domain.filters import (
    FIELDS,
    Bool,
    Cmp,
    Node,
    Not,
    parse,
)
from jobplane.server.domain.model import JobStatus

MAX_TERMS = 50  # the API's bound (api/requests.py); parse takes it as max_terms

S = JobStatus
JAN1 = 1767225600.0  # 2026-01-01T00:00:00Z

PARSED: list[tuple[str, Node | None]] = [
    ("", None),
    ("   ", None),
    ("status = FAILED", Cmp("status", "=", S.FAILED)),
    ("status != job_status_running", Cmp("status", "!=", S.RUNNING)),
    ("status:QUEUED", Cmp("status", ":", S.QUEUED)),
    ('type = "demo.fail"', Cmp("type", "=", "demo.fail")),
    ("type = demo.fail", Cmp("type", "=", "demo.fail")),
    ('request_id = "a\\"b"', Cmp("request_id", "=", 'a"b')),
    ("priority >= 75", Cmp("priority", ">=", 75)),
    ("attempt < -2", Cmp("attempt", "<", -2)),
    ("dead_letter = TRUE", Cmp("dead_letter", "=", True)),
    ("dead_letter != false", Cmp("dead_letter", "!=", False)),
    ('create_time > "2026-01-01T00:00:00Z"', Cmp("create_time", ">", JAN1)),
    ('end_time <= "2026-01-01T00:00:00"', Cmp("end_time", "<=", JAN1)),
    ('update_time > "2026-01-01T01:00:00+01:00"', Cmp("update_time", ">", JAN1)),
    ('labels.team = "ml"', Cmp("labels.team", "=", "ml")),
    ('labels.a = "x"', Cmp("labels.a", "=", "x")),
    ("labels.team != web", Cmp("labels.team", "!=", "web")),
    ("labels.team:ml", Cmp("labels.team", "=", "ml")),
    ("labels.team:*", Cmp("labels.team", ":", None)),
    ("labels:team", Cmp("labels.team", ":", None)),
    ("NOT status = SUCCEEDED", Not(Cmp("status", "=", S.SUCCEEDED))),
    ('-type = "demo.echo"', Not(Cmp("type", "=", "demo.echo"))),
    ("NOT NOT priority = 1", Not(Not(Cmp("priority", "=", 1)))),
    (
        'status = FAILED AND type = "x"',
        Bool("AND", (Cmp("status", "=", S.FAILED), Cmp("type", "=", "x"))),
    ),
    ("priority = 1 priority = 2", Bool("AND", (Cmp("priority", "=", 1), Cmp("priority", "=", 2)))),
    (
        "priority = 1 AND priority = 2 OR priority = 3",  # OR binds tighter
        Bool(
            "AND",
            (
                Cmp("priority", "=", 1),
                Bool("OR", (Cmp("priority", "=", 2), Cmp("priority", "=", 3))),
            ),
        ),
    ),
    (
        "(priority = 1 AND priority = 2) OR priority = 3",
        Bool(
            "OR",
            (
                Bool("AND", (Cmp("priority", "=", 1), Cmp("priority", "=", 2))),
                Cmp("priority", "=", 3),
            ),
        ),
    ),
    ("(priority = 1)", Cmp("priority", "=", 1)),
    (
        "status = (QUEUED OR RUNNING OR PAUSED)",
        Bool(
            "OR",
            (
                Cmp("status", "=", S.QUEUED),
                Cmp("status", "=", S.RUNNING),
                Cmp("status", "=", S.PAUSED),
            ),
        ),
    ),
    ("status = (QUEUED)", Cmp("status", "=", S.QUEUED)),
    (" priority=1 ", Cmp("priority", "=", 1)),
]


@pytest.mark.parametrize(("text", "tree"), PARSED)
def test_parses_to_the_tree(text: str, tree: Node | None) -> None:
    assert parse(text) == tree


FIELD_LIST = ", ".join([*FIELDS, "labels.KEY"])
STATUSES = "QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED, EXPIRED, STALLED, RETRYING, PAUSED"
REFUSED = [
    ("status = ", "unexpected end of filter"),
    ("status = FAILED )", "unexpected ')'"),
    ("(status = FAILED", "unexpected end of filter"),
    ("status = FAILED #", "unexpected character at 15: ' #'"),
    ("status = FAILED #0123456789", "unexpected character at 15: ' #01234567'"),
    ("- = x", f"unknown field '-'; filterable fields: {FIELD_LIST}"),
    ("-x = 1", f"unknown field 'x'; filterable fields: {FIELD_LIST}"),
    ("= FAILED", "expected a field name, got '='"),
    ("status FAILED", "expected an operator after 'status', got 'FAILED'"),
    ("color = red", f"unknown field 'color'; filterable fields: {FIELD_LIST}"),
    ("labels. = x", f"unknown field 'labels.'; filterable fields: {FIELD_LIST}"),
    ("labels = x", 'use labels.KEY = "value" or labels:KEY'),
    ("labels:(", "expected a label key after labels:"),
    ("labels.team > x", "labels compare with =, != or :, not >"),
    ("status > FAILED", "status compares with = or !="),
    ("status = DONE", f"unknown status 'DONE'; one of {STATUSES}"),
    ("status = UNSPECIFIED", f"unknown status 'UNSPECIFIED'; one of {STATUSES}"),
    ("priority = high", "priority needs an integer, got 'high'"),
    ("dead_letter = yes", "dead_letter is true or false, got 'yes'"),
    ("dead_letter > true", "dead_letter compares with = or !="),
    ("create_time > yesterday",
     'create_time needs an RFC 3339 time like "2026-01-01T00:00:00Z", got \'yesterday\''),
    ("priority = )", "expected a value for priority, got ')'"),
    ("priority = (", "unexpected end of filter"),
    ("status = (QUEUED AND RUNNING)", "expected OR or ')' in the list for status"),
    (" AND ".join(["priority = 1"] * (MAX_TERMS + 1)), f"more than {MAX_TERMS} comparisons"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_refuses_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(errors.InvalidArgumentError) as err:
        parse(text, max_terms=MAX_TERMS)
    assert str(err.value) == (f'filter: {message}. Example: status = FAILED AND labels.team = "ml"')
    assert err.value.reason == "INVALID_FILTER"
    assert err.value.field == "filter"  # type: ignore[attr-defined]


def test_the_term_limit_is_exact_and_optional() -> None:
    many = " AND ".join(["priority = 1"] * (MAX_TERMS + 1))
    assert parse(" AND ".join(["priority = 1"] * MAX_TERMS), max_terms=MAX_TERMS) is not None
    assert parse(many) == Bool("AND", (Cmp("priority", "=", 1),) * (MAX_TERMS + 1))


def test_a_time_without_zone_is_utc_whatever_the_local_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert parse('end_time <= "2026-01-01T00:00:00"') == Cmp("end_time", "<=", JAN1)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_default_check_names_no_job() -> None:
    from jobplane.server.domain.model import check

    with pytest.raises(Exception, match=r"^job : SUCCEEDED -> QUEUED is not allowed$"):
        check(S.SUCCEEDED, S.QUEUED)
