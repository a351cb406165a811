"""Bracketed (deepObject) query-string encoding, as the Telnyx API uses it.

``{"filter": {"npa": 318, "created_at": {"gt": "2024-01-01"}}, "page": {"size": 250}}``
becomes ``filter[npa]=318&filter[created_at][gt]=2024-01-01&page[size]=250``. Booleans are
``true``/``false``; lists repeat the key (``explode: true``); ``None`` values are left out.
Brackets are kept literal on the wire (they are legal in a query per RFC 3986 and what the API
documents); everything else is percent-encoded.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import quote

__all__ = ["encode_query", "flatten_query"]

_SAFE = "[]"


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def flatten_query(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Flatten nested mappings into ``[("filter[npa]", "318"), ...]`` pairs, in order."""
    pairs: list[tuple[str, str]] = []
    _flatten("", params, pairs)
    return pairs


def _flatten(prefix: str, params: Mapping[str, Any], pairs: list[tuple[str, str]]) -> None:
    for key, value in params.items():
        if value is None:
            continue
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, Mapping):
            _flatten(name, value, pairs)
        elif isinstance(value, list | tuple | frozenset | set):
            pairs.extend((name, _scalar(item)) for item in value)
        else:
            pairs.append((name, _scalar(value)))


def encode_query(params: Mapping[str, Any]) -> str:
    """Encode ``params`` as a query string (without the leading ``?``)."""
    return "&".join(
        f"{quote(name, safe=_SAFE)}={quote(value, safe='')}"
        for name, value in flatten_query(params)
    )
