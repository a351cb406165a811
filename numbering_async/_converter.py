"""The cattrs machinery both backends build their converters on.

Each backend makes one production converter (unknown keys ignored, fast) and a strict one for
tests (unknown keys rejected, so model drift against the spec is caught). Hooks are built once,
at import, never per call.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import cattrs

__all__ = ["make_converter", "parse_datetime"]


def parse_datetime(value: Any, _: Any = None) -> datetime:
    """An ISO 8601 timestamp as an aware ``datetime`` (naive values are taken as UTC)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = datetime.fromisoformat(value)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """A converter with aware datetimes; ``strict`` forbids unknown keys and validates in detail."""
    converter = cattrs.Converter(forbid_extra_keys=strict, detailed_validation=strict)
    converter.register_structure_hook(datetime, parse_datetime)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    return converter
