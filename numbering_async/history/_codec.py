"""How queries and rows are written compactly in the database, and read back.

- Queries: one JSON array per scan, each query an array of ``npa, nxx, state, locality,
  country, number_type`` with ``null`` for the defaults (country ``US``, type ``local``) and
  trailing ``null``\\ s dropped: a block query is ``["201","200"]``.
- Rows: a row's ``npa``, ``nxx``, ``locality`` and ``state`` are stored as ``NULL`` when equal
  to its query's (the usual case: a block query's row is that block); a field the row lacks
  but its query has is stored as ``''``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from numbering_async.coverage import CoverageCount, CoverageQuery
from numbering_async.history._model import SavedFailure, SavedResult

__all__ = ["decode_queries", "encode_queries", "results_from", "row_values"]

_QUERY_FIELDS: Final = ("npa", "nxx", "state", "locality", "country", "number_type")
_DEFAULTS: Final = {"country": "US", "number_type": "local"}
_ROW_FIELDS: Final = ("npa", "nxx", "locality", "state")
RowValues = tuple[str | None, str | None, str | None, str | None]


def encode_queries(queries: Sequence[CoverageQuery]) -> tuple[str, str]:
    """The queries as compact JSON, and a digest of it (equal for equal query lists)."""
    items = []
    for query in queries:
        values = [getattr(query, field) for field in _QUERY_FIELDS]
        values = [
            None if _DEFAULTS.get(f) == v else v for f, v in zip(_QUERY_FIELDS, values, strict=True)
        ]
        while values and values[-1] is None:
            values.pop()
        items.append(values)
    text = json.dumps(items, separators=(",", ":"))
    return text, hashlib.sha256(text.encode()).hexdigest()[:32]


def decode_queries(text: str) -> tuple[CoverageQuery, ...]:
    """The queries :func:`encode_queries` wrote."""
    queries = []
    for item in json.loads(text):
        given = dict(zip(_QUERY_FIELDS, item, strict=False))
        for field, default in _DEFAULTS.items():
            given[field] = given.get(field) or default
        queries.append(CoverageQuery(**given))
    return tuple(queries)


def row_values(row: CoverageCount, query: CoverageQuery) -> RowValues:
    """``npa, nxx, locality, state`` of ``row`` as stored: ``None`` where the query's."""
    stored: list[str | None] = []
    for field in _ROW_FIELDS:
        value, asked = getattr(row, field), getattr(query, field)
        stored.append(None if value == asked else ("" if value is None else value))
    return stored[0], stored[1], stored[2], stored[3]


def _row(
    provider: str, count: int, stored: Sequence[str | None], query: CoverageQuery
) -> CoverageCount:
    values = [
        getattr(query, field) if value is None else (value or None)
        for field, value in zip(_ROW_FIELDS, stored, strict=True)
    ]
    return CoverageCount(provider, count, *values)


def results_from(
    providers: Sequence[str],
    queries: Sequence[CoverageQuery],
    rows: Iterable[Any],
    failures: Iterable[Any],
) -> Iterator[SavedResult]:
    """One result per (query, provider), query-major, from the stored rows
    ``(query, source, npa, nxx, locality, state, count)`` and failures
    ``(query, source, type, message)``."""
    found: dict[tuple[int, int], list[CoverageCount]] = {}
    for index, source, npa, nxx, locality, state, count in rows:
        row = _row(providers[source], count, (npa, nxx, locality, state), queries[index])
        found.setdefault((index, source), []).append(row)
    failed: Mapping[tuple[int, int], SavedFailure] = {
        (index, source): SavedFailure(kind, message) for index, source, kind, message in failures
    }
    for index, query in enumerate(queries):
        for source, provider in enumerate(providers):
            failure = failed.get((index, source))
            rows_of = None if failure else tuple(found.get((index, source), ()))
            yield SavedResult(index, query, provider, rows_of, failure)
