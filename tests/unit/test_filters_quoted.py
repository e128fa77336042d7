"""Quoted map keys in filters: ``labels."jobplane.dev/schedule" = "nightly"``."""

from __future__ import annotations

import pytest
from jobplane.server.domain import errors, filters
from jobplane.server.domain.filters import Bool, Cmp


def test_quoted_keys_hold_dots_and_slashes() -> None:
    node = filters.parse('labels."jobplane.dev/schedule" = "nightly" labels:"a.b/c"')
    assert node == Bool(
        "AND",
        (
            Cmp("labels.jobplane.dev/schedule", "=", "nightly"),
            Cmp("labels.a.b/c", ":", None),
        ),
    )
    assert filters.parse('labels."team" = "ml"') == filters.parse('labels.team = "ml"')


@pytest.mark.parametrize(
    "text",
    [
        'labels."" = "x"',
        'labels."a\\"b" = "x"',
        'labels."-dash" = "x"',
        'labels."jobplane.dev/schedule" > "x"',
        'labels:"bad key"',
    ],
)
def test_bad_quoted_keys_are_invalid_filter(text: str) -> None:
    with pytest.raises(errors.InvalidArgumentError) as info:
        filters.parse(text)
    assert info.value.reason == "INVALID_FILTER"
