"""What the ``numbering-async`` command prints: scan comparisons and number lists.

Kept apart from the command definitions so the shaping of results (grouping, totals, records)
reads on its own. Imports ``rich``, so only :mod:`numbering_async.cli` imports it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any, Final

import attrs
from rich import box
from rich.console import Console
from rich.table import Table

from numbering_async.bulk import BulkResult
from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery

__all__ = [
    "FORMATS",
    "LEVELS",
    "Comparison",
    "compare",
    "error_line",
    "pick_level",
    "possible_levels",
    "result_record",
    "write_comparison",
    "write_numbers",
]

FORMATS: Final = ("table", "csv", "json", "ndjson")

LEVELS: Final[dict[str, tuple[str, ...]]] = {
    "block": ("npa", "nxx"),
    "locality": ("state", "locality"),
    "npa": ("npa",),
    "state": ("state",),
}
"""Ways to group coverage rows, finest first, with the fields that make up their key."""

_FIELDS: Final = ("npa", "nxx", "locality", "state")
_LABELS: Final = {"npa": "NPA", "nxx": "NXX", "locality": "Locality", "state": "State"}
_NOT_LETTERS = re.compile(r"[^A-Z]")
_RATE_CENTER_LENGTH = 10


def _key_part(field: str, value: str) -> str:
    """Localities are compared as rate centers: letters only, upper-case, ten at most.

    So Telnyx's ``Jersey City`` and iNumbering's ``JERSEYCITY`` fall in one row.
    """
    if field == "locality":
        return _NOT_LETTERS.sub("", value.upper())[:_RATE_CENTER_LENGTH]
    return value.upper()


@attrs.define(slots=True)
class _Group:
    """Rows of one key while they are being added up."""

    shown: dict[str, str | None] = attrs.Factory(lambda: dict.fromkeys(_FIELDS))
    """Each field's value, as long as the rows agree on it."""
    mixed: set[str] = attrs.Factory(set)
    counts: dict[str, int] = attrs.Factory(dict)
    queries: set[int] = attrs.Factory(set)

    def add(self, provider: str, row: CoverageCount, query_index: int) -> None:
        self.counts[provider] = self.counts.get(provider, 0) + row.count
        self.queries.add(query_index)
        for field in _FIELDS:
            value: str | None = getattr(row, field)
            current = self.shown[field]
            if value is None or field in self.mixed:
                continue
            if current is None:
                self.shown[field] = value
            elif _key_part(field, current) != _key_part(field, value):
                self.mixed.add(field)
                self.shown[field] = None
            elif current.isupper() and not value.isupper():
                self.shown[field] = value  # "Jersey City" reads better than "JERSEYCITY"


@attrs.frozen(slots=True)
class ComparisonRow:
    """One block, locality, NPA or state, with each provider's count.

    A count is ``None`` when the provider's query for it failed (unknown, not zero).
    """

    fields: Mapping[str, str | None]
    counts: Mapping[str, int | None]


@attrs.frozen(slots=True)
class Comparison:
    """A finished (or interrupted) scan grouped by :attr:`level`, one count per provider."""

    providers: Sequence[str]
    level: str
    columns: Sequence[str]
    """The fields shown: the key's, and those that every row has one value of."""
    rows: Sequence[ComparisonRow]
    totals: Mapping[str, int]
    covered: Mapping[str, int]
    """How many rows each provider has numbers in."""
    failures: Sequence[BulkResult]
    blocks: Mapping[str, int] | None = None
    """How many blocks each provider has numbers in, when every row names its block."""
    blocks_scanned: int = 0
    """How many distinct blocks were asked about or answered."""


def possible_levels(results: Sequence[BulkResult]) -> list[str]:
    """The levels every returned row can be grouped by, finest first."""
    rows = [row for result in results for row in result.rows or ()]
    return [
        level
        for level, fields in LEVELS.items()
        if all(getattr(row, field) is not None for row in rows for field in fields)
    ]


def pick_level(results: Sequence[BulkResult], *, max_rows: int | None = None) -> str:
    """The finest level every returned row can be grouped by (``"total"`` if none).

    With ``max_rows``, the finest one whose table stays within that many rows instead (or the
    coarsest possible, when none does).
    """
    possible = possible_levels(results)
    if not possible:
        return "total"
    if max_rows is None:
        return possible[0]
    rows = [row for result in results for row in result.rows or ()]
    for level in possible:
        keys = {tuple(_key_part(f, getattr(row, f)) for f in LEVELS[level]) for row in rows}
        if len(keys) <= max_rows:
            return level
    return possible[-1]


def compare(results: Sequence[BulkResult], providers: Sequence[str], level: str) -> Comparison:
    """Group ``results`` by ``level`` (a key of :data:`LEVELS`, or ``"total"``)."""
    key_fields = LEVELS.get(level, ())
    groups: dict[tuple[str, ...], _Group] = {}
    for result in results:
        for row in result.rows or ():
            values = [getattr(row, field) for field in key_fields]
            if None in values:
                continue
            key = tuple(_key_part(f, v) for f, v in zip(key_fields, values, strict=True))
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group()
            group.add(result.provider, row, result.query_index)
    failed = {(r.query_index, r.provider) for r in results if r.error is not None}
    blocks, scanned = _blocks(results, providers)
    rows = [
        ComparisonRow(
            fields=group.shown,
            counts={
                p: group.counts.get(p, None if any((q, p) in failed for q in group.queries) else 0)
                for p in providers
            },
        )
        for _, group in sorted(groups.items())
    ]
    shown = [f for f in _FIELDS if f in key_fields or (rows and all(r.fields[f] for r in rows))]
    return Comparison(
        providers=providers,
        level=level,
        columns=shown,
        rows=rows,
        totals={p: sum(r.counts[p] or 0 for r in rows) for p in providers},
        covered={p: sum(1 for r in rows if r.counts[p]) for p in providers},
        failures=[r for r in results if r.error is not None],
        blocks=blocks,
        blocks_scanned=scanned,
    )


def _blocks(
    results: Sequence[BulkResult], providers: Sequence[str]
) -> tuple[dict[str, int] | None, int]:
    """Blocks each provider has numbers in (``None`` unless every row names its block), and
    the number of distinct blocks scanned."""
    stocked: dict[str, set[tuple[str, str]]] = {p: set() for p in providers}
    scanned: set[tuple[str | None, str | None]] = set()
    every_row_a_block = True
    for result in results:
        if result.query.nxx is not None:
            scanned.add((result.query.npa, result.query.nxx))
        for row in result.rows or ():
            if row.npa is None or row.nxx is None:
                every_row_a_block = False
                continue
            scanned.add((row.npa, row.nxx))
            if row.count > 0:
                stocked[result.provider].add((row.npa, row.nxx))
    if not every_row_a_block:
        return None, len(scanned)
    return {p: len(found) for p, found in stocked.items()}, len(scanned)


def error_line(result: BulkResult) -> str:
    """``201-555 on telnyx: NotFoundError: ...``: one failed item, on one line."""
    kind = type(result.error).__name__
    message = " ".join(str(result.error).split())
    return f"{result.query.describe()} on {result.provider}: {kind}: {message}"


def _query_record(query: CoverageQuery) -> dict[str, str | None]:
    return {field: getattr(query, field) for field in _FIELDS}


def result_record(result: BulkResult) -> dict[str, Any]:
    """One scan result as JSON-ready data (a line of ``--format ndjson``)."""
    return {
        "index": result.index,
        "query": _query_record(result.query),
        "provider": result.provider,
        "count": result.count,
        "rows": None if result.rows is None else [attrs.asdict(row) for row in result.rows],
        "error": None
        if result.error is None
        else {"type": type(result.error).__name__, "message": str(result.error)},
    }


def _best(counts: Mapping[str, int | None]) -> str:
    known = {p: c for p, c in counts.items() if c}
    if not known:
        return ""
    top = max(known.values())
    leaders = [p for p, c in known.items() if c == top]
    return leaders[0] if len(leaders) == 1 else "tie"


def _comparison_table(comparison: Comparison, title: str) -> Table:
    many = len(comparison.providers) > 1
    table = Table(title=title, box=box.SIMPLE_HEAD, show_footer=True, title_justify="left")
    for number, field in enumerate(comparison.columns):
        table.add_column(
            _LABELS[field],
            footer="Total" if number == 0 else "",
            no_wrap=field != "locality",
        )
    if not comparison.columns:
        table.add_column("", footer="Total")
    for provider in comparison.providers:
        table.add_column(
            provider, justify="right", footer=f"{comparison.totals[provider]:,}", style="cyan"
        )
    if many:
        table.add_column("Most", footer=_best(comparison.totals), style="green")
    for row in comparison.rows:
        cells = [row.fields[field] or "" for field in comparison.columns] or ["all"]
        cells += ["?" if row.counts[p] is None else f"{row.counts[p]:,}" for p in row.counts]
        if many:
            cells.append(_best(row.counts))
        table.add_row(*cells)
    return table


def _comparison_caption(comparison: Comparison) -> str:
    if comparison.blocks is not None and comparison.level != "block":
        each = ", ".join(f"{p} {n:,}" for p, n in comparison.blocks.items())
        return f"Blocks with numbers: {each} (of {comparison.blocks_scanned:,} scanned)."
    noun = {"block": "blocks", "locality": "localities", "npa": "NPAs", "state": "states"}
    unit = noun.get(comparison.level, "rows")
    parts = [
        f"{p} has numbers in {comparison.covered[p]:,} of {len(comparison.rows):,} {unit}"
        for p in comparison.providers
    ]
    return "; ".join(parts) + "."


def _flat_records(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {**{f: row.fields[f] for f in comparison.columns}, **row.counts} for row in comparison.rows
    ]


def write_comparison(
    comparison: Comparison, fmt: str, out: IO[str], *, title: str, console: Console | None = None
) -> None:
    """Write ``comparison`` as a table (on ``console``), CSV or one JSON document."""
    if fmt == "table":
        console = console or Console(file=out)
        if comparison.rows:
            console.print(_comparison_table(comparison, title))
            console.print(_comparison_caption(comparison), style="dim")
        else:
            console.print(f"{title}: no coverage found.")
    elif fmt == "csv":
        _write_csv(out, [*comparison.columns, *comparison.providers], _flat_records(comparison))
    else:
        document = {
            "title": title,
            "level": comparison.level,
            "providers": list(comparison.providers),
            "rows": _flat_records(comparison),
            "totals": dict(comparison.totals),
            "failures": [result_record(r) for r in comparison.failures],
        }
        json.dump(document, out, indent=2)
        out.write("\n")


_NUMBER_FIELDS: Final = ("provider", "phone_number", "locality", "state", "rate_center")


def write_numbers(
    numbers: Iterable[AvailableNumber],
    fmt: str,
    out: IO[str],
    *,
    title: str,
    console: Console | None = None,
) -> None:
    """Write available numbers as a table, CSV, one JSON document or JSON lines."""
    records = [attrs.asdict(number) for number in numbers]
    if fmt == "table":
        console = console or Console(file=out)
        if not records:
            console.print(f"{title}: no numbers found.")
            return
        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
        for field in _NUMBER_FIELDS:
            table.add_column(field.replace("_", " ").capitalize(), no_wrap=True)
        for record in records:
            table.add_row(*(record[field] or "" for field in _NUMBER_FIELDS))
        console.print(table)
    elif fmt == "csv":
        _write_csv(out, _NUMBER_FIELDS, records)
    elif fmt == "json":
        json.dump({"title": title, "numbers": records}, out, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(json.dumps(record) + "\n")


def _write_csv(out: IO[str], fields: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
