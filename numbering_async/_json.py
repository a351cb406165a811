"""JSON for both clients: orjson when it is installed (the ``speedups`` extra), else the stdlib.

:func:`loads` gives the same result as :func:`json.loads` either way. orjson parses standard
JSON in UTF-8 (every real response) in about half the time; a body it refuses (``NaN``, lone
surrogates, other encodings, a BOM, invalid JSON) goes to :func:`json.loads`, which decodes it
or raises its own ``ValueError``. orjson turns integers beyond 64 bits into floats without a
word, so :func:`loads` sends a body with a number of 19 or more digits (never seen in these
APIs' answers: ids are strings, numbers have 10 digits at most) to :func:`json.loads` too.

:func:`decode` skips that scan of the body where a typed cast (:func:`typed`) builds the
result: it decodes optimistically and looks at the body only when the cast fails. A float
can only become a different model value than the integer it stood for by failing (the integer
and boolean hooks refuse floats) or through the string hook, which refuses a float of 64 bits
or more while the decode is optimistic (:func:`check_float`); after either, the body is
decoded again exactly, so the result and any error are what :func:`loads` would give.

:func:`dumps` is always the standard library's compact encoding (orjson would encode some
inputs differently).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from contextvars import ContextVar
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, TypeVar

__all__ = [
    "LIBRARY",
    "Inexact",
    "check_float",
    "decode",
    "dumps",
    "loads",
    "require_exact",
    "typed",
]

T = TypeVar("T")
S = TypeVar("S")

_ENCODER = json.JSONEncoder(separators=(",", ":"))
"""One encoder for every call: ``json.dumps`` with ``separators`` builds a new one each time."""

_Encode = Callable[[Any, int], "list[str]"]
_IDLE: list[_Encode] = []
"""C encoders no call is using. ``_ENCODER.encode`` builds one per call; each keeps the
containers it is inside in a dict of its own (the circular reference check), empty again after
a success but not after a failure, so one is taken from here and put back only after a
success (a failed one would take an object encoded again for a circular reference)."""


def _c_encoder() -> _Encode:
    """The C encoder ``_ENCODER.encode`` builds (see ``JSONEncoder.iterencode``)."""
    return c_make_encoder(  # type: ignore[no-any-return]
        {},
        _ENCODER.default,
        encode_basestring_ascii,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        _ENCODER.sort_keys,
        _ENCODER.skipkeys,
        _ENCODER.allow_nan,
    )


def dumps(value: Any) -> bytes:
    """``value`` as compact JSON bytes (``json.dumps(value, separators=(",", ":"))``)."""
    if c_make_encoder is None:  # an interpreter without the C accelerator
        return _ENCODER.encode(value).encode()
    try:
        encode = _IDLE.pop()
    except IndexError:  # the first call, or all in use (threads, a call inside a call)
        encode = _c_encoder()
    text = "".join(encode(value, 0))
    _IDLE.append(encode)
    return text.encode()


_WHITESPACE = b" \t\n\r"


def _number_table() -> bytes:
    table = bytearray(b"x" * 256)
    for digit in b"0123456789":
        table[digit] = ord("0")
    for before in b":,[-":
        table[before] = ord(":")
    return bytes(table)


_NUMBERS = _number_table()
"""``bytes.translate`` table: digits to ``0``; ``:``, ``,``, ``[`` and ``-`` (what a number
starts after, whitespace aside) to ``:``; anything else to ``x``."""
_LONG_NUMBER = b":" + b"0" * 19
"""A number of 19 digits or more, once whitespace is gone: maybe beyond 64 bits (``2**63``
has 19 digits). Digits in a string may match too; such a body just takes the slower way."""


def _long_number(body: bytes) -> bool:
    numbers = body.translate(_NUMBERS, _WHITESPACE)
    return _LONG_NUMBER in numbers or numbers.startswith(_LONG_NUMBER[1:])


_OPTIMISTIC: ContextVar[bool] = ContextVar("numbering_async_json_optimistic", default=False)
"""Set while :func:`decode` runs a typed cast on a body decoded without the long-number scan."""

_TYPED: set[Callable[[Any], Any]] = set()


class Inexact(Exception):
    """A float met a string field while decoding optimistically: it may have been an integer
    beyond 64 bits that orjson turned into a float. Never escapes :func:`decode`."""


_FLOAT_INT_LIMIT = float(2**63)
"""orjson keeps every integer in ``[-2**63, 2**64)``; any other becomes a float this large."""


def check_float(value: float) -> None:
    """Raise :class:`Inexact` if ``value`` may stand for a longer integer in this decode.

    String hooks call it before turning a float into text (``18446744073709551616`` and the
    float orjson makes of it spell differently); a float elsewhere needs no check.
    """
    if abs(value) >= _FLOAT_INT_LIMIT and value.is_integer() and _OPTIMISTIC.get():
        raise Inexact


def require_exact() -> None:
    """Raise :class:`Inexact` while :func:`decode` decodes optimistically: a typed cast calls
    it when its result would hold raw JSON after all (a field typed ``Any`` or ``dict``)."""
    if _OPTIMISTIC.get():
        raise Inexact


def typed(cast: Callable[[Any], T]) -> Callable[[Any], T]:
    """Mark ``cast`` as building typed values only (models, strings, numbers...), never handing
    out raw JSON: :func:`decode` may then skip the long-number scan. Returns ``cast``."""
    _TYPED.add(cast)
    return cast


def decode(cast: Callable[[Any], T], payload: Callable[[S], Any], source: S, body: bytes) -> T:
    """``cast(payload(source))``, where ``payload`` decodes ``body`` with :func:`loads`.

    For a :func:`typed` cast the long-number scan is skipped; if anything fails and the body
    may hold a long number, or a string field met a large float, it all runs again exactly. An
    untyped cast (raw JSON for the caller) always gets the exact decode.

    The garbage collector is paused during a typed decode and switched back on after it if it
    was on: the decode allocates thousands of container objects that all survive it, which the
    collector would otherwise walk again and again. It is synchronous, so no other task of the
    event loop runs meanwhile; the counts the pause skipped trigger the next collection.
    """
    if cast not in _TYPED:
        return cast(payload(source))
    token = _OPTIMISTIC.set(True)
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return cast(payload(source))
    except Exception as exc:
        if not isinstance(exc, Inexact) and not _long_number(body):
            raise  # the optimistic decode was exact: this failure is the real one
    finally:
        if collecting:
            gc.enable()
        _OPTIMISTIC.reset(token)
    return cast(payload(source))


def _fast_loads(parse: Callable[[bytes], Any], refused: type[Exception]) -> Callable[[bytes], Any]:
    def loads(body: bytes) -> Any:
        """``body`` decoded as by :func:`json.loads` (see the module docstring)."""
        if not _OPTIMISTIC.get() and _long_number(body):
            return json.loads(body)
        try:
            return parse(body)
        except refused:
            return json.loads(body)

    return loads


try:
    import orjson
except ImportError:  # the speedups extra is not installed
    LIBRARY = "json"
    loads: Callable[[bytes], Any] = json.loads
else:
    LIBRARY = "orjson"
    loads = _fast_loads(orjson.loads, orjson.JSONDecodeError)
