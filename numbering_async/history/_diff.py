"""Comparing two saved scans: what appeared, what ran out, what changed by how much.

Two scans are compared on what they share: the providers both asked, and the rows that a
query of the other scan also covered (a scan of NPA 201 and one of New Jersey share NPA 201).
Rows under a query that failed in either scan are left out too, since a failure is not zero.
The :class:`ScanDiff` says in :attr:`ScanDiff.left_out` what was not compared and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from numbering_async._grouping import LEVELS, key_part
from numbering_async.coverage import CoverageCount, CoverageQuery
from numbering_async.errors import InvalidRequestError
from numbering_async.history._model import SavedResult, SavedScan, ScanSummary

__all__ = ["DiffRow", "ScanDiff", "diff_scans"]

_FIELDS: Final = ("npa", "nxx", "state", "locality")
_Signature = tuple[str, ...]


@attrs.frozen(slots=True)
class DiffRow:
    """One block, locality, NPA or state on one provider whose count changed."""

    fields: Mapping[str, str | None]
    """``npa``, ``nxx``, ``locality``, ``state``: those of the level, and the place of a block."""
    provider: str
    old: int
    new: int

    @property
    def change(self) -> int:
        """``new - old``."""
        return self.new - self.old

    @property
    def kind(self) -> str:
        """``appeared`` (none before), ``ran out`` (none now), ``more`` or ``fewer``."""
        if self.old == 0:
            return "appeared"
        if self.new == 0:
            return "ran out"
        return "more" if self.new > self.old else "fewer"


@attrs.frozen(slots=True)
class ScanDiff:
    """What changed from scan :attr:`old` to scan :attr:`new`, largest change first."""

    old: ScanSummary
    new: ScanSummary
    level: str
    """The level rows are compared at: ``block``, ``locality``, ``npa`` or ``state``."""
    providers: tuple[str, ...]
    """The providers compared (those both scans asked)."""
    rows: tuple[DiffRow, ...]
    """Changed rows only, by size of change (then provider and place)."""
    totals: Mapping[str, tuple[int, int]]
    """Per provider, numbers over the compared part: ``(old, new)``."""
    left_out: tuple[str, ...]
    """What was not compared, one sentence each (empty when both scans were compared whole)."""
    compared: int
    """Rows (place and provider) compared, changed or not."""


class _Queries:
    """A scan's queries indexed by which fields they set, to ask "does one cover this row?"."""

    def __init__(self, queries: Iterable[CoverageQuery]) -> None:
        self.by_signature: dict[_Signature, set[tuple[str, ...]]] = {}
        for query in queries:
            signature = tuple(f for f in _FIELDS if getattr(query, f) is not None)
            values = tuple(key_part(f, getattr(query, f)) for f in signature)
            self.by_signature.setdefault(signature, set()).add(values)

    def cover(self, row: CoverageCount) -> bool:
        """Whether some query asks for a place that holds ``row``."""
        for signature, values in self.by_signature.items():
            found = [getattr(row, f) for f in signature]
            if None in found:
                continue
            if tuple(key_part(f, v) for f, v in zip(signature, found, strict=True)) in values:
                return True
        return False


def _shared_rows(
    scan: SavedScan, other: SavedScan, provider: str
) -> tuple[list[CoverageCount], int]:
    """The rows of ``provider`` in ``scan`` that ``other`` covered too and answered; and how
    many rows were left out."""
    answered = _Queries(r.query for r in other.results if r.provider == provider and r.ok)
    failed = _Queries(r.query for r in other.results if r.provider == provider and not r.ok)
    kept: list[CoverageCount] = []
    dropped = 0
    for result in scan.results:
        if result.provider != provider or result.rows is None:
            continue
        for row in result.rows:
            if answered.cover(row) and not failed.cover(row):
                kept.append(row)
            else:
                dropped += 1
    return kept, dropped


def _level(rows: Sequence[CoverageCount], wanted: str | None) -> str:
    possible = [
        level
        for level, fields in LEVELS.items()
        if all(getattr(row, f) is not None for row in rows for f in fields)
    ]
    if wanted is not None:
        if wanted not in LEVELS:
            raise InvalidRequestError(
                "level", f"expected one of {', '.join(LEVELS)}, got {wanted!r}"
            )
        if wanted in possible:
            return wanted
        if possible:
            return possible[0]
        return wanted
    return possible[0] if possible else "state"


def _grouped(
    rows: Iterable[CoverageCount], level: str, places: dict[tuple[str, ...], dict[str, str | None]]
) -> dict[tuple[str, ...], int]:
    fields = LEVELS[level]
    counts: dict[tuple[str, ...], int] = {}
    for row in rows:
        values = [getattr(row, f) for f in fields]
        if None in values:
            continue
        key = tuple(key_part(f, v) for f, v in zip(fields, values, strict=True))
        counts[key] = counts.get(key, 0) + row.count
        if key not in places:
            shown = ("npa", "nxx", "locality", "state") if level == "block" else fields
            places[key] = {f: getattr(row, f) for f in shown}
    return counts


def _failed(results: Iterable[SavedResult], provider: str) -> int:
    return sum(1 for r in results if r.provider == provider and not r.ok)


def diff_scans(old: SavedScan, new: SavedScan, *, level: str | None = None) -> ScanDiff:
    """Compare two saved scans (see the module docstring); a pure function.

    ``level`` (``block``, ``locality``, ``npa``, ``state``) is the finest every compared row
    can be grouped by unless given; a level some rows lack falls back to one they all have,
    and :attr:`ScanDiff.left_out` says so.
    """
    providers = tuple(p for p in old.summary.providers if p in new.summary.providers)
    notes: list[str] = []
    for scan in (old, new):
        alone = [p for p in scan.summary.providers if p not in providers]
        if alone:
            notes.append(f"{', '.join(alone)}: only in scan {scan.id}")
    shared: dict[str, tuple[list[CoverageCount], list[CoverageCount]]] = {}
    for provider in providers:
        old_rows, old_dropped = _shared_rows(old, new, provider)
        new_rows, new_dropped = _shared_rows(new, old, provider)
        shared[provider] = (old_rows, new_rows)
        for scan, dropped in ((old, old_dropped), (new, new_dropped)):
            if dropped:
                notes.append(
                    f"{dropped:,} {provider} rows of scan {scan.id} that the other scan did not "
                    "cover, or where its query failed"
                )
        for scan in (old, new):
            if failed := _failed(scan.results, provider):
                notes.append(f"{failed:,} failed {provider} queries of scan {scan.id}")
    every_row = [row for pair in shared.values() for rows in pair for row in rows]
    chosen = _level(every_row, level)
    if level is not None and chosen != level:
        notes.append(f"compared by {chosen}: some rows have no {' or '.join(LEVELS[level])}")
    places: dict[tuple[str, ...], dict[str, str | None]] = {}
    changed: list[DiffRow] = []
    totals: dict[str, tuple[int, int]] = {}
    compared = 0
    for provider, (old_rows, new_rows) in shared.items():
        before = _grouped(old_rows, chosen, places)
        after = _grouped(new_rows, chosen, places)
        totals[provider] = (sum(before.values()), sum(after.values()))
        for key in before.keys() | after.keys():
            compared += 1
            was, now = before.get(key, 0), after.get(key, 0)
            if was != now:
                changed.append(DiffRow(places[key], provider, was, now))
    changed.sort(
        key=lambda r: (-abs(r.change), r.provider, tuple(v or "" for v in r.fields.values()))
    )
    return ScanDiff(
        old=old.summary,
        new=new.summary,
        level=chosen,
        providers=providers,
        rows=tuple(changed),
        totals=totals,
        left_out=tuple(notes),
        compared=compared,
    )
