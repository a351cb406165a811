"""Levels coverage rows are grouped by (block, locality, NPA, state) and the keys they group on.

Shared by the command's comparison table and :mod:`numbering_async.history`, so a row falls in
the same group wherever it is shown.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["LEVELS", "key_part"]

LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "block": ("npa", "nxx"),
    "locality": ("state", "locality"),
    "npa": ("npa",),
    "state": ("state",),
}
"""Ways to group coverage rows, finest first, with the fields that make up their key."""

_NOT_LETTERS: Final = re.compile(r"[^A-Z]")
_RATE_CENTER_LENGTH: Final = 10


def key_part(field: str, value: str) -> str:
    """Localities are compared as rate centers: letters only, upper-case, ten at most.

    So Telnyx's ``Jersey City`` and iNumbering's ``JERSEYCITY`` fall in one row.
    """
    if field == "locality":
        return _NOT_LETTERS.sub("", value.upper())[:_RATE_CENTER_LENGTH]
    return value.upper()
