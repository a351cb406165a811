"""Bracketed (deepObject) query-string encoding, as the Telnyx API uses it.

``{"filter": {"npa": 318, "created_at": {"gt": "2024-01-01"}}, "page": {"size": 250}}``
becomes ``filter[npa]=318&filter[created_at][gt]=2024-01-01&page[size]=250``. Booleans are
``true``/``false``; dates and datetimes ISO 8601; enums their value; lists repeat the key
(``explode: true``; sets in sorted order); ``None`` values (and ``None`` list items) are left
out. Brackets are kept literal on the wire (they are legal in a query per RFC 3986 and what the
API documents); everything else is percent-encoded.

Build the URL with :func:`build_url` (or ``BaseClient._url``): ``yarl.URL.with_query(str)``
would encode the ``%`` of an already-encoded string a second time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from datetime import date, time
from enum import Enum
from typing import Any
from urllib.parse import quote

from yarl import URL

__all__ = ["build_url", "encode_query", "flatten_query"]

_SAFE = "[]"
_PLAIN_TYPES = (str, int)
"""Exact types whose query text is ``str(value)`` (checked before the slower ABC checks)."""
_UNQUOTED_VALUE = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch
_UNQUOTED_NAME = re.compile(r"[A-Za-z0-9_.~\[\]-]*").fullmatch
"""Texts that ``quote`` (with ``safe=""`` / ``safe="[]"``) would return unchanged."""


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | time):
        return value.isoformat()
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
        if value.__class__ in _PLAIN_TYPES:
            pairs.append((name, str(value)))
        elif isinstance(value, Enum):  # what _scalar gives, before the slower ABC checks
            pairs.append((name, str(value.value)))
        elif value.__class__ is dict or isinstance(value, Mapping):
            _flatten(name, value, pairs)
        elif isinstance(value, list | tuple | Set):
            texts = (_scalar(item) for item in value if item is not None)
            pairs.extend(
                (name, text) for text in (sorted(texts) if isinstance(value, Set) else texts)
            )
        else:
            pairs.append((name, _scalar(value)))


def encode_query(params: Mapping[str, Any]) -> str:
    """Encode ``params`` as a query string (without the leading ``?``)."""
    return "&".join(
        f"{name if _UNQUOTED_NAME(name) else quote(name, safe=_SAFE)}="
        f"{value if _UNQUOTED_VALUE(value) else quote(value, safe='')}"
        for name, value in flatten_query(params)
    )


def build_url(base: URL, path: str = "", query: str | None = None) -> URL:
    """``base`` + ``path`` (already URL-safe) + ``?query`` (from :func:`encode_query`).

    The result keeps the encoded query exactly as given: no second round of encoding, brackets
    left literal.
    """
    url = f"{base}{path}"
    return URL(f"{url}?{query}" if query else url, encoded=True)
