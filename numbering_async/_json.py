"""JSON for both clients: orjson when it is installed (the ``speedups`` extra), else the stdlib.

:func:`loads` gives the same result as :func:`json.loads` either way. orjson parses standard
JSON in UTF-8 (every real response) in about half the time; a body it refuses (``NaN``, lone
surrogates, other encodings, a BOM, invalid JSON) goes to :func:`json.loads`, which decodes it
or raises its own ``ValueError``. orjson turns integers beyond 64 bits into floats without a
word, so a body with a run of 19 or more digits anywhere (never seen in these APIs' answers:
ids are strings, numbers 10 digits at most) goes to :func:`json.loads` too. :func:`dumps` is
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


_DIGITS = bytes(ord("0") if ord("0") <= byte <= ord("9") else ord(" ") for byte in range(256))
"""``bytes.translate`` table: ASCII digits to ``0``, every other byte to a space."""
_LONG_NUMBER = b"0" * 19
"""A run of digits that may be an integer beyond 64 bits (``2**63`` has 19 digits)."""


def _fast_loads(parse: Callable[[bytes], Any], refused: type[Exception]) -> Callable[[bytes], Any]:
    def loads(body: bytes) -> Any:
        """``body`` decoded as by :func:`json.loads` (see the module docstring)."""
        if _LONG_NUMBER in body.translate(_DIGITS):
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
