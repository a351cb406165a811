"""Bracketed (deepObject) query-string encoding, as the Telnyx API uses it.

``{"filter": {"npa": 318, "created_at": {"gt": "2024-01-01"}}, "page": {"size": 250}}``
becomes ``filter[npa]=318&filter[created_at][gt]=2024-01-01&page[size]=250``. Booleans are
``true``/``false``; dates and datetimes ISO 8601; enums their value; lists are comma-joined
(``filter[features]=sms,voice``; sets in sorted order; an empty list sends nothing); ``None``
values (and ``None`` list items) are left out. Brackets and the commas between list items are
kept literal on the wire (both are legal in a query per RFC 3986, and the brackets are what the
API documents); everything else, a comma inside an item included, is percent-encoded.

Why arrays are comma-joined: ``filter[features]`` is the only array query parameter of the
numbering API, and OpenAPI leaves arrays inside a ``deepObject`` parameter undefined, so the
spec does not settle it. The official clients do: the Stainless-generated ``telnyx`` Python SDK
(4.189.0) configures ``Telnyx.qs`` and ``AsyncTelnyx.qs`` as ``Querystring(array_format="comma")``
in its ``_client.py`` (its ``_qs.py`` default, ``"repeat"``, is overridden), and sends
``filter%5Bfeatures%5D=sms%2Cvoice``. Telnyx's guides show ``filter[features][]=sms``. A repeated
key (``filter[features]=sms&filter[features]=voice``) is the one form no official client uses,
and many server frameworks keep only the last value of a repeated key, silently dropping a filter.

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

__all__ = ["QueryTemplate", "build_url", "encode_query", "flatten_query"]

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


_Pairs = list[tuple[str, str | list[str]]]
"""``(name, text)`` pairs; a list's texts stay apart until they are joined (and encoded)."""


def flatten_query(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Flatten nested mappings into ``[("filter[npa]", "318"), ...]`` pairs, in order.

    The pairs are what a server decodes: a list is one pair, ``("filter[features]", "sms,voice")``.
    """
    pairs: _Pairs = []
    _flatten("", params, pairs)
    return [(name, text if isinstance(text, str) else ",".join(text)) for name, text in pairs]


def _flatten(prefix: str, params: Mapping[str, Any], pairs: _Pairs) -> None:
    for key, value in params.items():
        if value is not None:
            _add(f"{prefix}[{key}]" if prefix else key, value, pairs)


def _add(name: str, value: Any, pairs: _Pairs) -> None:
    """Add the pairs of ``value`` (not ``None``) under ``name``."""
    if value.__class__ in _PLAIN_TYPES:
        pairs.append((name, str(value)))
    elif isinstance(value, Enum):  # what _scalar gives, before the slower ABC checks
        pairs.append((name, str(value._value_)))
    elif value.__class__ is dict or isinstance(value, Mapping):
        _flatten(name, value, pairs)
    elif isinstance(value, list | tuple | Set):
        texts = [_scalar(item) for item in value if item is not None]
        if texts:
            pairs.append((name, sorted(texts) if isinstance(value, Set) else texts))
    else:
        pairs.append((name, _scalar(value)))


def encode_query(params: Mapping[str, Any]) -> str:
    """Encode ``params`` as a query string (without the leading ``?``)."""
    pairs: _Pairs = []
    _flatten("", params, pairs)
    return "&".join(_encoded(pairs))


def _encoded(pairs: _Pairs) -> list[str]:
    return [
        _name_part(name)
        + (_quote_value(text) if text.__class__ is str else ",".join(map(_quote_value, text)))
        for name, text in pairs
    ]


class QueryTemplate:
    """The query of one operation, its names encoded once: a call encodes only its values.

    ``QueryTemplate("filter", ("npa", "nxx")).encode((npa, nxx))`` is
    ``encode_query({"filter": {"npa": npa, "nxx": nxx}})``, for any values.
    """

    __slots__ = ("_fields",)

    def __init__(self, prefix: str, keys: tuple[str, ...]) -> None:
        names = [f"{prefix}[{key}]" for key in keys]
        self._fields = tuple((name, _encoded_name(name)) for name in names)

    def encode(self, values: tuple[Any, ...]) -> str:
        """The query string of ``values``, one per key, in order (``None`` ones left out)."""
        parts = []
        for (name, part), value in zip(self._fields, values, strict=True):
            if value is None:
                continue
            if value.__class__ in _PLAIN_TYPES:
                parts.append(part + _quote_value(str(value)))
            elif isinstance(value, Enum):
                parts.append(part + _quote_value(str(value._value_)))
            else:
                pairs: _Pairs = []
                _add(name, value, pairs)
                parts.extend(_encoded(pairs))
        return "&".join(parts)


_NAME_PARTS: dict[str, str] = {}
"""``name=`` as encoded, by name: an operation's names repeat call after call."""
_NAME_PARTS_LIMIT = 1024
"""Names remembered at most (raw ``request`` calls may bring any number of names)."""


def _name_part(name: str) -> str:
    part = _NAME_PARTS.get(name)
    if part is None:
        part = _encoded_name(name)
        if len(_NAME_PARTS) < _NAME_PARTS_LIMIT:
            _NAME_PARTS[name] = part
    return part


def _encoded_name(name: str) -> str:
    return f"{name if _UNQUOTED_NAME(name) else quote(name, safe=_SAFE)}="


def _quote_value(text: str) -> str:
    if text.isascii() and text.isalnum():  # letters and digits: nothing to encode
        return text
    return text if _UNQUOTED_VALUE(text) else quote(text, safe="")


def build_url(base: URL, path: str = "", query: str | None = None) -> URL:
    """``base`` + ``path`` (already URL-safe) + ``?query`` (from :func:`encode_query`).

    The result keeps the encoded query exactly as given: no second round of encoding, brackets
    left literal.
    """
    url = f"{base}{path}"
    return URL(f"{url}?{query}" if query else url, encoded=True)
