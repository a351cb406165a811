"""RetryPolicy arithmetic and Retry-After parsing."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import pytest

from numbering_async import NO_RETRY, InvalidRequestError, RetryPolicy


@pytest.mark.parametrize(
    ("attempt", "ceiling"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0)]
)
def test_backoff_without_jitter_doubles_up_to_the_cap(attempt: int, ceiling: float) -> None:
    assert RetryPolicy(jitter="none").backoff(attempt) == ceiling


def test_full_jitter_stays_within_zero_and_the_ceiling() -> None:
    policy = RetryPolicy(initial=1.0, max_backoff=5.0)
    random.seed(7)
    for attempt in range(1, 8):
        ceiling = min(5.0, 2.0 ** (attempt - 1))
        waits = [policy.backoff(attempt) for _ in range(200)]
        assert all(0.0 <= wait <= ceiling for wait in waits)
        assert max(waits) > ceiling / 2  # actually spread out, not pinned to zero


def test_max_backoff_caps_huge_attempt_numbers() -> None:
    assert RetryPolicy(jitter="none", max_backoff=3.0).backoff(10_000) == 3.0
    assert RetryPolicy(initial=0, jitter="none").backoff(50) == 0.0


def test_no_retry_makes_one_attempt() -> None:
    assert NO_RETRY.max_attempts == 1


@pytest.mark.parametrize(
    ("options", "argument"),
    [
        ({"max_attempts": 0}, "max_attempts"),
        ({"max_attempts": 2.5}, "max_attempts"),
        ({"initial": -1}, "initial"),
        ({"max_backoff": float("nan")}, "max_backoff"),
        ({"max_retry_after": "10"}, "max_retry_after"),
        ({"jitter": "half"}, "jitter"),
    ],
)
def test_bad_settings_are_refused_by_name(options: dict[str, Any], argument: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        RetryPolicy(**options)
    assert info.value.argument == argument
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("5", 5.0), (" 2.5 ", 2.5), ("0", 0.0), ("120", 120.0)],
)
def test_retry_after_seconds(value: str, seconds: float) -> None:
    assert RetryPolicy.parse_retry_after(value) == seconds


def test_retry_after_http_date() -> None:
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC).timestamp()
    later = format_datetime(datetime(2025, 1, 1, 12, 0, 30, tzinfo=UTC), usegmt=True)
    assert RetryPolicy.parse_retry_after(later, now=now) == 30.0
    earlier = format_datetime(datetime(2025, 1, 1, 11, 0, 0, tzinfo=UTC), usegmt=True)
    assert RetryPolicy.parse_retry_after(earlier, now=now) == 0.0


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "soon",
        "-5",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e3",
        "1_0",
        "9" * 400,
        "٣",
        "Mon, 99 Foo 2025 00:00:00 GMT",
        "Wed, 21 Oct 2015 07:28:00",
    ],
)
def test_unusable_retry_after_gives_none(value: str | None) -> None:
    assert RetryPolicy.parse_retry_after(value) is None
