"""Settling a write whose outcome is unknown: look it up by its reference, never resend it.

A purchase that failed once bytes may have reached the server (a connection lost after
writing, any 5xx, a timeout while waiting for the answer, an answer that cannot be read) may
have been placed, or may still be placed seconds later by a slow backend behind a proxy that
gave up. :func:`settle` polls a provider's lookup over a settle window and returns the write
only when the lookup proves it is this call's; otherwise the caller gets
:class:`~numbering_async.errors.OutcomeUnknownError` with the reference. It never resends.

The module is provider-neutral: a provider supplies a ``find`` coroutine that lists what
carries the reference and says which item, if any, is this call's (:class:`Found`).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from typing import Generic, TypeVar

import attrs

from numbering_async.errors import InvalidRequestError

__all__ = ["DEFAULT_SETTLE", "Finder", "Found", "SettlePolicy", "poll_delays"]

T = TypeVar("T")


def _seconds(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (value >= 0 and math.isfinite(value))
    ):
        raise InvalidRequestError(attribute.name, f"expected finite seconds >= 0, got {value!r}")


MIN_INTERVAL = 0.01
"""The shortest wait between two lookups, so a policy cannot make a client spin."""


def _interval(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    _seconds(_, attribute, value)
    if value < MIN_INTERVAL:
        raise InvalidRequestError(
            attribute.name, f"expected seconds >= {MIN_INTERVAL}, got {value!r}"
        )


@attrs.frozen(slots=True)
class SettlePolicy:
    """How long, and how often, to look for a write whose outcome is unknown.

    After an ambiguous failure the write is looked up by its reference first after
    ``first_poll`` seconds, then at doubling intervals capped at ``max_interval``, until
    ``window`` seconds have passed since the failure (a last lookup is made at the end of the
    window). ``window=0`` makes one immediate lookup.

    The default window, 10 s, covers a backend that commits a few seconds after the client
    heard a failure (a proxy's or load balancer's idle timeout is typically shorter than the
    backend's own work), at the cost of about eight lookups.

    An order counts as this call's only if it was created no earlier than the call began,
    less ``clock_skew`` seconds (the server's clock and yours may differ). A clock that runs
    ahead of the server's by more than that makes every such lookup fail safe: the call ends
    with :class:`~numbering_async.errors.OutcomeUnknownError`, never with a resend. Orders
    that already carried a caller's reference when the call began are listed before the
    purchase is sent and never taken for this call's, whatever their creation time.
    """

    window: float = attrs.field(default=10.0, validator=_seconds)
    first_poll: float = attrs.field(default=0.25, validator=_interval)
    max_interval: float = attrs.field(default=2.0, validator=_interval)
    clock_skew: float = attrs.field(default=30.0, validator=_seconds)


DEFAULT_SETTLE = SettlePolicy()
"""The policy clients use when given none."""


def poll_delays(policy: SettlePolicy) -> Iterator[float]:
    """The sleeps before each lookup, made as they are needed: ``first_poll``, doubling to
    ``max_interval``, ending exactly at ``window`` (one lookup at once when it is 0)."""
    elapsed = 0.0
    interval = min(policy.first_poll, policy.window)
    while True:
        step = min(interval, policy.window - elapsed)
        yield step
        elapsed += step
        if elapsed >= policy.window:
            return
        interval = min(interval * 2, policy.max_interval)


@attrs.frozen(slots=True)
class Found(Generic[T]):
    """What one lookup by reference found.

    ``match`` is this call's write, if it is there. ``others`` describes, one line each, the
    items that carry the same reference but are not this call's (other numbers, or created
    before the call began): the reference is reused, and they must never be returned as this
    call's purchase.
    """

    match: T | None = None
    others: tuple[str, ...] = ()


Finder = Callable[[datetime], Awaitable[Found[T]]]
"""A provider's lookup: given the earliest creation time that can be this call's, what
carries the reference (see :class:`Found`)."""
