"""JSON for both clients: orjson when it is installed (the ``speedups`` extra), else the stdlib.

:func:`loads` gives the same result as :func:`json.loads` either way. orjson parses standard
JSON in UTF-8 (every real response) in about half the time; a body it refuses (``NaN``, lone
surrogates, other encodings, a BOM, invalid JSON) goes to :func:`json.loads`, which decodes it
or raises its own ``ValueError``. orjson turns integers beyond 64 bits into floats without a
word, so a body with a number of 19 or more digits (never seen in these APIs' answers: ids are
strings, numbers have 10 digits at most) goes to :func:`json.loads` too. :func:`dumps` is
always the standard library's compact encoding (orjson would encode some inputs differently).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["LIBRARY", "dumps", "loads"]

_ENCODER = json.JSONEncoder(separators=(",", ":"))
"""One encoder for every call: ``json.dumps`` with ``separators`` builds a new one each time."""


def dumps(value: Any) -> bytes:
    """``value`` as compact JSON bytes (``json.dumps(value, separators=(",", ":"))``)."""
    return _ENCODER.encode(value).encode()


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


def _fast_loads(parse: Callable[[bytes], Any], refused: type[Exception]) -> Callable[[bytes], Any]:
    def loads(body: bytes) -> Any:
        """``body`` decoded as by :func:`json.loads` (see the module docstring)."""
        if _long_number(body):
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
