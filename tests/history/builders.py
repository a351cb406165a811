"""Builders of scan results for the history tests (no provider needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from numbering_async.bulk import BulkResult
from numbering_async.coverage import CoverageCount, CoverageQuery
from numbering_async.errors import NumberingError, ServerError

Row = tuple[str | None, str | None, str | None, str, int]
"""(npa, nxx, locality, state, count)"""


def results(
    answers: Mapping[CoverageQuery, Mapping[str, Sequence[Row] | NumberingError]],
) -> list[BulkResult]:
    """A whole scan: for each query, each provider's rows or error, query-major."""
    made: list[BulkResult] = []
    for query_index, (query, by_provider) in enumerate(answers.items()):
        for provider, answer in by_provider.items():
            failed = isinstance(answer, NumberingError)
            rows = (
                None
                if failed
                else [CoverageCount(provider, c, n, x, loc, st) for n, x, loc, st, c in answer]
            )
            made.append(
                BulkResult(
                    index=len(made),
                    query_index=query_index,
                    query=query,
                    provider=provider,
                    rows=rows,
                    error=answer if failed else None,
                )
            )
    return made


def server_error() -> ServerError:
    return ServerError("telnyx error 503: unavailable", status=503, provider="telnyx")
