"""Scriptable, deterministic faults.

A :class:`Fault` says what goes wrong (``kind``), where (``method`` and ``path``, ``*`` and
shell-style globs allowed, a trailing ``/`` ignored), how often (``times``: the next *n*
matching requests, or every one; ``probability``: drawn from an RNG seeded by the sandbox's
seed, so a run is reproducible) and when: ``after=True`` lets the request take effect first
and then spoils the answer, which is how "the order was placed but the response was lost" is
simulated.

Kinds:

``latency``      wait ``delay`` seconds (before handling, or after it with ``after=True``)
``status``       answer ``status`` in the provider's error envelope, with ``Retry-After`` when
                 ``retry_after`` is set and ``x-ratelimit-*`` headers when ``ratelimit`` is set
``close``        close the connection before any response
``truncate``     declare a ``Content-Length`` longer than the body sent, then close
``html``         an HTML error page (``status``, default 502), as a proxy in front would send
``drip``         the real response, ``chunk_size`` bytes every ``delay`` seconds (always takes
                 effect: the request was handled)
``error_body``   HTTP 200 carrying the provider's error body (``status`` is the body's code,
                 default 431), iNumbering's body-decided failure
``oversize``     a ``size``-byte JSON body (default just over the transport's 32 MiB limit)
``late_commit``  a failure now and the real handling ``delay`` seconds later, as a slow backend
                 behind a proxy that gave up: ``answer`` says what the client hears at once,
                 ``"reset"`` (the default: the connection closes with no answer), ``"status"``
                 (``status``, default 503, in the provider's error envelope, with
                 ``retry_after``/``ratelimit`` as for ``status``), ``"html"`` (a gateway's HTML
                 page, ``status`` default 503) or ``"hang"`` (nothing, until the client gives
                 up). ``delay`` seconds after that answer (or silence), the request is
                 handled as if it had just come in: same validation, same state change.
                 Pending commits are kept by the sandbox's ``late_commits``; closing the
                 sandbox (leaving its ``async with``) or its server commits them all at once,
                 so orders can be counted after a test; ``reset()`` drops them.

Several latency faults add up; of the other kinds the first matching fault applies.
A bad kind or option is a ``ValueError`` (``TypeError`` for a value of the wrong type) that
names the option, what it takes and what it got.
"""

from __future__ import annotations

import fnmatch
import http
import math
import random
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from numbering_async.sandbox._routing import ProviderRouter
from numbering_async.sandbox._wire import (
    JSON_HEADERS,
    Close,
    Drip,
    Hang,
    Oversize,
    Reply,
    Truncate,
)

__all__ = ["FAULT_KINDS", "LATE_ANSWERS", "Fault", "FaultPlan", "Faults"]

FAULT_KINDS = (
    "latency",
    "status",
    "close",
    "truncate",
    "html",
    "drip",
    "error_body",
    "oversize",
    "late_commit",
)
LATE_ANSWERS = ("reset", "status", "html", "hang")
"""What a ``late_commit`` fault answers at once."""
_LATE_AS_KIND = {"reset": "close", "status": "status", "html": "html"}
_DEFAULT_STATUS = {"status": 500, "html": 502, "error_body": 431}
DEFAULT_OVERSIZE = 32 * 1024 * 1024 + 1024

_HTML = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _upper(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"fault option 'method' must be a string, got {value!r}")
    return value.upper()


def _option(
    what: str,
    kind: type | tuple[type, ...],
    fits: Callable[[Any], bool] = lambda value: True,
    *,
    optional: bool = False,
) -> Any:
    """A validator that says which option is wrong, what it takes and what it got.

    ``kind`` is the type the value must have (a bool is never taken for a number), ``fits`` the
    range it must be in; ``optional`` lets ``None`` through. Typed as Any: attrs' stubs want a
    precise validator type for each field.
    """

    def validate(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        message = f"fault option {attribute.name!r} must be {what}, got {value!r}"
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise TypeError(message)
        if not fits(value):
            raise ValueError(message)

    return validate


def _finite_at_least(low: float) -> Callable[[Any], bool]:
    return lambda value: math.isfinite(value) and value >= low


_NUMBER = (int, float)
_BOOL = _option("true or false", bool)
_TEXT = _option("a string", str)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


@attrs.define(slots=True, kw_only=True)
class Fault:
    """One scripted fault; see the module docstring for the kinds and their options."""

    kind: str = attrs.field(
        validator=_option(f"one of {', '.join(FAULT_KINDS)}", str, FAULT_KINDS.__contains__)
    )
    method: str = attrs.field(default="*", converter=_upper)
    path: str = attrs.field(default="*", validator=_TEXT)
    times: int | None = attrs.field(
        default=None,
        validator=_option("a whole number >= 1 (or null)", int, lambda n: n >= 1, optional=True),
    )
    probability: float = attrs.field(
        default=1.0,
        validator=_option("a number over 0 and at most 1", _NUMBER, lambda p: 0 < p <= 1),
    )
    after: bool = attrs.field(default=False, validator=_BOOL)
    status: int | None = attrs.field(
        default=None,
        validator=_option(
            "an HTTP status from 100 to 599", int, lambda n: 100 <= n <= 599, optional=True
        ),
    )
    retry_after: float | None = attrs.field(
        default=None,
        validator=_option("seconds >= 0", _NUMBER, _finite_at_least(0), optional=True),
    )
    ratelimit: bool = attrs.field(default=False, validator=_BOOL)
    delay: float = attrs.field(
        default=0.0, validator=_option("seconds >= 0", _NUMBER, _finite_at_least(0))
    )
    chunk_size: int = attrs.field(
        default=64, validator=_option("a whole number >= 1", int, lambda n: n >= 1)
    )
    size: int = attrs.field(
        default=DEFAULT_OVERSIZE, validator=_option("a whole number >= 1", int, lambda n: n >= 1)
    )
    message: str | None = attrs.field(
        default=None, validator=_option("a string", str, optional=True)
    )
    answer: str | None = attrs.field(
        default=None,
        validator=_option(
            f"one of {', '.join(LATE_ANSWERS)}", str, LATE_ANSWERS.__contains__, optional=True
        ),
    )
    """For ``late_commit``: what the client hears at once (default ``"reset"``)."""
    id: int = 0
    """Assigned by :meth:`Faults.add`."""
    fired: int = 0
    """How many requests this fault has hit."""

    def __attrs_post_init__(self) -> None:
        if self.kind == "status" and self.status is None:
            raise ValueError("a status fault needs the option 'status' (status=503, say)")
        if self.kind in ("latency", "drip") and self.delay <= 0:
            raise ValueError(f"a {self.kind} fault needs the option 'delay' (seconds > 0)")
        if self.kind != "late_commit":
            if self.answer is not None:
                raise ValueError("fault option 'answer' is for late_commit faults only")
            return
        if self.after:
            raise ValueError(
                "fault option 'after' does not apply to late_commit faults (they commit late)"
            )
        if self.answer is None:
            self.answer = "reset"

    @classmethod
    def from_json(cls, spec: Mapping[str, Any]) -> Fault:
        """A fault from its JSON spec (the admin route's body); every error is a ValueError."""
        allowed = [field.name for field in attrs.fields(cls) if field.name not in ("id", "fired")]
        unknown = sorted(set(spec) - set(allowed))
        if unknown:
            raise ValueError(
                f"unknown fault option {unknown[0]!r}; the options are {', '.join(allowed)}"
            )
        if "kind" not in spec:
            raise ValueError(f"a fault needs 'kind', one of {', '.join(FAULT_KINDS)}")
        try:
            return cls(**spec)
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    def to_json(self) -> dict[str, Any]:
        """The fault as JSON, with its id and how often it fired."""
        return attrs.asdict(self)

    def matches(self, method: str, path: str, template: str) -> bool:
        """Whether this fault targets ``method`` and ``path`` (or its route ``template``)."""
        if self.method not in ("*", method):
            return False
        pattern = self.path.rstrip("/") or "/"
        return any(
            fnmatch.fnmatchcase(candidate.rstrip("/") or "/", pattern)
            for candidate in (path, template)
        )

    @property
    def spoils_after(self) -> bool:
        """Whether the fault applies once the request was handled."""
        return self.after or self.kind == "drip"

    @property
    def commits_late(self) -> bool:
        """Whether the request is handled ``delay`` seconds after the faulty answer."""
        return self.kind == "late_commit"

    def render(self, router: ProviderRouter, handled: Reply | None) -> Reply:
        """The faulty reply, in ``router``'s provider format; ``handled`` is the real one."""
        kind, status = self.kind, self.status
        if kind == "late_commit":
            if self.answer == "hang":
                return Reply(504, {}, b"", Hang())  # the status is never sent
            kind, status = _LATE_AS_KIND[self.answer or "reset"], status or 503
        status = status or _DEFAULT_STATUS.get(kind, 500)
        if kind == "status":
            reply = router.error_reply(status, self.message or _phrase(status))
            return attrs.evolve(reply, headers={**reply.headers, **self._headers()})
        if kind == "html":
            page = _HTML.format(status=status, phrase=_phrase(status)).encode()
            return Reply(status, {"Content-Type": "text/html"}, page)
        if kind == "error_body":
            body = router.error_reply(status, self.message or _phrase(status)).body
            return Reply(200, JSON_HEADERS, body)
        if kind == "close":
            return Reply(200, {}, b"", Close())
        if kind == "oversize":
            return Reply(200, JSON_HEADERS, b"", Oversize(self.size))
        base = handled if handled is not None else router.error_reply(500, "Internal Server Error")
        if kind == "drip":
            return attrs.evolve(base, wire=Drip(self.chunk_size, self.delay))
        # truncate
        return attrs.evolve(
            base, body=base.body[: len(base.body) // 2], wire=Truncate(len(base.body))
        )

    def _headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.retry_after is not None:
            headers["Retry-After"] = f"{self.retry_after:g}"
        if self.ratelimit:
            reset = self.retry_after if self.retry_after is not None else 1
            headers.update(
                {
                    "x-ratelimit-limit": "100",
                    "x-ratelimit-remaining": "0",
                    "x-ratelimit-reset": f"{reset:g}",
                }
            )
        return headers


@attrs.frozen(slots=True)
class FaultPlan:
    """What the faults say about one request."""

    delay_before: float = 0.0
    delay_after: float = 0.0
    before: Fault | None = None
    """Replaces the answer; the request never reaches the state."""
    after: Fault | None = None
    """Spoils the answer after the request took effect."""


_NO_FAULTS = FaultPlan()


class Faults:
    """The active faults of a sandbox, in the order they were added."""

    def __init__(self, seed: int = 1) -> None:
        self._seed = seed
        self._rng = random.Random(f"faults:{seed}")
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, kind: str | Fault, **options: Any) -> Fault:
        """Add a fault (a :class:`Fault` or its kind and options) and return it.

        ``sb.faults.add("status", method="POST", path="/v2/number_orders", status=503,
        times=2, retry_after=1)`` fails the next two orders with 503.
        """
        fault = kind if isinstance(kind, Fault) else Fault(kind=kind, **options)
        fault.id = self._next_id
        self._next_id += 1
        self._faults.append(fault)
        return fault

    def remove(self, fault_id: int) -> bool:
        """Remove one fault by id; ``False`` if there was none."""
        before = len(self._faults)
        self._faults = [fault for fault in self._faults if fault.id != fault_id]
        return len(self._faults) != before

    def clear(self) -> int:
        """Remove every fault; returns how many there were."""
        count = len(self._faults)
        self._faults.clear()
        return count

    def reset(self) -> None:
        """Remove every fault and reseed the RNG."""
        self.clear()
        self._rng = random.Random(f"faults:{self._seed}")

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults))

    def __len__(self) -> int:
        return len(self._faults)

    def plan(self, method: str, path: str, template: str) -> FaultPlan:
        """Decide the faults for one request (and count them as fired)."""
        if not self._faults:
            return _NO_FAULTS
        delay_before = delay_after = 0.0
        before: Fault | None = None
        after: Fault | None = None
        for fault in list(self._faults):
            if not fault.matches(method, path, template):
                continue
            if fault.kind != "latency" and (before is not None or after is not None):
                continue
            if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                continue
            if fault.kind == "latency":
                if fault.after:
                    delay_after += fault.delay
                else:
                    delay_before += fault.delay
            elif fault.spoils_after:
                after = fault
            else:
                before = fault
            self._fire(fault)
        return FaultPlan(delay_before, delay_after, before, after)

    def _fire(self, fault: Fault) -> None:
        fault.fired += 1
        if fault.times is not None and fault.fired >= fault.times:
            self._faults.remove(fault)
