"""What the ``numbering-async`` command prints: scan comparisons and number lists.

Kept apart from the command definitions so the shaping of results (grouping, totals, records)
reads on its own. Imports ``rich``, so only :mod:`numbering_async.cli` imports it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import IO, Any, Final

import attrs
from rich import box
from rich.console import Console
from rich.table import Table

from numbering_async._grouping import LEVELS
from numbering_async._grouping import key_part as _key_part
from numbering_async.bulk import BulkResult
from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery

__all__ = [
    "FORMATS",
    "LEVELS",
    "SANDBOX",
    "Comparison",
    "compare",
    "describe_sources",
    "error_line",
    "pick_level",
    "possible_levels",
    "print_stripped",
    "result_record",
    "write_comparison",
    "write_numbers",
]

FORMATS: Final = ("table", "csv", "json", "ndjson")

_FIELDS: Final = ("npa", "nxx", "locality", "state")
_LABELS: Final = {"npa": "NPA", "nxx": "NXX", "locality": "Locality", "state": "State"}


@attrs.define(slots=True)
class _Group:
    """Rows of one key while they are being added up."""

    shown: dict[str, str | None] = attrs.Factory(lambda: dict.fromkeys(_FIELDS))
    """Each field's value, as long as the rows agree on it."""
    mixed: set[str] = attrs.Factory(set)
    counts: dict[str, int] = attrs.Factory(dict)
    queries: set[int] = attrs.Factory(set)
    """The queries whose answers (or failures) fall in this group."""
    answered: bool = False
    """Whether any provider returned a row for it (else it is here because it was asked)."""

    def add(self, provider: str, row: CoverageCount, query_index: int) -> None:
        self.counts[provider] = self.counts.get(provider, 0) + row.count
        self.queries.add(query_index)
        self.answered = True
        for field in _FIELDS:
            self._show(field, getattr(row, field))

    def ask(self, query: CoverageQuery, query_index: int) -> None:
        """Note a query that names this group's key, whatever (if anything) came back."""
        self.queries.add(query_index)
        for field in _FIELDS:
            self._show(field, getattr(query, field))

    def _show(self, field: str, value: str | None) -> None:
        current = self.shown[field]
        if value is None or field in self.mixed:
            return
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

    A count is ``None`` when every query of the provider for this row failed (unknown, not
    zero); a provider in :attr:`failed` with a count has at least that many (some of its
    queries for the row failed).
    """

    fields: Mapping[str, str | None]
    counts: Mapping[str, int | None]
    failed: frozenset[str] = frozenset()
    """Providers with a failed query in this row."""


@attrs.frozen(slots=True)
class Comparison:
    """A finished (or interrupted) scan grouped by :attr:`level`, one count per provider.

    Every block (or NPA, state, locality) a query asked for is a row, with or without numbers;
    where a provider's query failed, its count is unknown (or a lower bound), never zero.
    """

    providers: Sequence[str]
    level: str
    columns: Sequence[str]
    """The fields shown: the key's, and those that every answered row has one value of."""
    rows: Sequence[ComparisonRow]
    totals: Mapping[str, int]
    """Numbers each provider reported; a lower bound for a provider in :attr:`failed`."""
    covered: Mapping[str, int]
    """How many rows each provider has numbers in."""
    failures: Sequence[BulkResult]
    blocks: Mapping[str, int] | None = None
    """How many blocks each provider has numbers in, when every row names its block."""
    blocks_scanned: int = 0
    """How many distinct blocks were asked about or answered."""

    @property
    def failed(self) -> dict[str, int]:
        """Failed queries per provider (only providers with some)."""
        counts: dict[str, int] = {}
        for result in self.failures:
            counts[result.provider] = counts.get(result.provider, 0) + 1
        return counts


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
        asked = _key([getattr(result.query, field) for field in key_fields], key_fields)
        if asked is not None:  # a row even if nothing comes back, or the query failed
            groups.setdefault(asked, _Group()).ask(result.query, result.query_index)
        for row in result.rows or ():
            key = _key([getattr(row, field) for field in key_fields], key_fields)
            if key is not None:
                groups.setdefault(key, _Group()).add(result.provider, row, result.query_index)
    failed = {(r.query_index, r.provider) for r in results if r.error is not None}
    blocks, scanned = _blocks(results, providers)
    rows = [_row(group, providers, failed) for _, group in sorted(groups.items())]
    answered = [group for group in groups.values() if group.answered]
    shown = [
        f
        for f in _FIELDS
        if f in key_fields or (answered and all(group.shown[f] for group in answered))
    ]
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


def _key(values: Sequence[str | None], fields: Sequence[str]) -> tuple[str, ...] | None:
    """The group key of ``values`` (of ``fields``), or ``None`` when one is missing."""
    known = [value for value in values if value is not None]
    if len(known) < len(fields):
        return None
    return tuple(_key_part(f, v) for f, v in zip(fields, known, strict=True))


def _row(group: _Group, providers: Sequence[str], failed: set[tuple[int, str]]) -> ComparisonRow:
    """``group`` as a row: a provider's count is unknown if it has none and a query failed."""
    failed_here = frozenset(p for p in providers if any((q, p) in failed for q in group.queries))
    counts = {p: group.counts.get(p, None if p in failed_here else 0) for p in providers}
    return ComparisonRow(fields=dict(group.shown), counts=counts, failed=failed_here)


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


def _best(counts: Mapping[str, int | None], failed: Collection[str]) -> str:
    """The provider with the most numbers; none where a provider's count is not certain."""
    if failed:
        return ""
    known = {p: c for p, c in counts.items() if c}
    if not known:
        return ""
    top = max(known.values())
    leaders = [p for p, c in known.items() if c == top]
    return leaders[0] if len(leaders) == 1 else "tie"


def _cell(count: int | None, partial: bool) -> str:
    """``?`` for an unknown count, ``>=1,203`` for a lower bound, else ``1,203``."""
    if count is None:
        return "?"
    return f">={count:,}" if partial else f"{count:,}"


def _comparison_table(comparison: Comparison, title: str) -> Table:
    many = len(comparison.providers) > 1
    failed = comparison.failed
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
        total = _cell(comparison.totals[provider], provider in failed)
        table.add_column(provider, justify="right", footer=total, style="cyan")
    if many:
        table.add_column("Most", footer=_best(comparison.totals, failed), style="green")
    for row in comparison.rows:
        cells = [row.fields[field] or "" for field in comparison.columns] or ["all"]
        cells += [_cell(row.counts[p], p in row.failed) for p in comparison.providers]
        if many:
            cells.append(_best(row.counts, row.failed))
        table.add_row(*cells)
    return table


def _comparison_caption(comparison: Comparison, sources: Mapping[str, str]) -> str:
    lines = [_coverage_sentence(comparison)]
    failed = comparison.failed
    if failed:
        each = ", ".join(f"{p} {n:,}" for p, n in failed.items())
        lines.append(
            f"Failed queries: {each} (? unknown; >= at least that many; no leader named there)."
        )
    if sources:
        lines.append(describe_sources(sources))
    return "\n".join(lines)


def _coverage_sentence(comparison: Comparison) -> str:
    if comparison.blocks is not None and comparison.level != "block":
        each = ", ".join(f"{p} {n:,}" for p, n in comparison.blocks.items())
        return f"Blocks with numbers: {each} (of {comparison.blocks_scanned:,} scanned)."
    noun = {"block": "blocks", "locality": "localities", "npa": "NPAs", "state": "states"}
    unit = noun.get(comparison.level, "rows")
    parts = []
    for p in comparison.providers:
        unknown = sum(1 for r in comparison.rows if p in r.failed)
        also = f" ({unknown:,} not known)" if unknown else ""
        parts.append(
            f"{p} has numbers in {comparison.covered[p]:,} of {len(comparison.rows):,} {unit}"
            + also
        )
    return "; ".join(parts) + "."


SANDBOX: Final = "sandbox"
"""Where a provider's data came from when it is the embedded sandbox."""


def describe_sources(sources: Mapping[str, str]) -> str:
    """``Data: telnyx from https://api.telnyx.com/v2; inumbering from the sandbox ...``.

    ``sources`` maps each provider to its base URL, or to :data:`SANDBOX`.
    """
    real = [f"{p} from {where}" for p, where in sources.items() if where != SANDBOX]
    fake = [p for p, where in sources.items() if where == SANDBOX]
    parts = real[:]
    if fake:
        parts.append(f"{' and '.join(fake)} from the embedded sandbox (not real inventory)")
    return "Data: " + "; ".join(parts) + "."


def _flat_records(comparison: Comparison, *, joined: bool) -> list[dict[str, Any]]:
    """One record per row; ``failed`` lists the providers whose count is unknown or partial
    (space-separated when ``joined``, for CSV)."""
    records = []
    for row in comparison.rows:
        failed = [p for p in comparison.providers if p in row.failed]
        records.append(
            {
                **{f: row.fields[f] for f in comparison.columns},
                **row.counts,
                "failed": " ".join(failed) if joined else failed,
            }
        )
    return records


def write_comparison(
    comparison: Comparison,
    fmt: str,
    out: IO[str],
    *,
    title: str,
    console: Console | None = None,
    sources: Mapping[str, str] | None = None,
) -> None:
    """Write ``comparison`` as a table (on ``console``), CSV or one JSON document.

    ``sources`` (provider -> base URL or :data:`SANDBOX`) says where the data came from: a
    caption line of the table and a ``sources`` member of the JSON document.
    """
    sources = sources or {}
    if fmt == "table":
        console = console or Console(file=out)
        if comparison.rows:
            print_stripped(console, _comparison_table(comparison, title))
            print_stripped(console, _comparison_caption(comparison, sources), style="dim")
        else:
            console.print(f"{title}: no coverage found.")
    elif fmt == "csv":
        fields = [*comparison.columns, *comparison.providers, "failed"]
        _write_csv(out, fields, _flat_records(comparison, joined=True))
    else:
        document = {
            "title": title,
            "level": comparison.level,
            "providers": list(comparison.providers),
            "sources": dict(sources),
            "rows": _flat_records(comparison, joined=False),
            "totals": dict(comparison.totals),
            "blocks_scanned": comparison.blocks_scanned,
            "blocks_with_numbers": None if comparison.blocks is None else dict(comparison.blocks),
            "failures": [result_record(r) for r in comparison.failures],
        }
        json.dump(document, out, indent=2)
        out.write("\n")


_TRAILING_BLANKS = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
"""Spaces at the end of a line, before any closing style codes."""


def print_stripped(console: Console, renderable: Any, *, style: str | None = None) -> None:
    """Print ``renderable`` on ``console`` without the blanks rich pads lines with."""
    with console.capture() as captured:
        console.print(renderable, style=style)
    console.file.write(_TRAILING_BLANKS.sub(r"\1", captured.get()))


_NUMBER_FIELDS: Final = ("provider", "phone_number", "locality", "state", "rate_center")


def write_numbers(
    numbers: Iterable[AvailableNumber],
    fmt: str,
    out: IO[str],
    *,
    title: str,
    console: Console | None = None,
    sources: Mapping[str, str] | None = None,
) -> None:
    """Write available numbers as a table, CSV, one JSON document or JSON lines.

    ``sources`` is as for :func:`write_comparison` (the table's caption, the JSON's member).
    """
    records = [attrs.asdict(number) for number in numbers]
    sources = sources or {}
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
        print_stripped(console, table)
        if sources:
            print_stripped(console, describe_sources(sources), style="dim")
    elif fmt == "csv":
        _write_csv(out, _NUMBER_FIELDS, records)
    elif fmt == "json":
        json.dump({"title": title, "sources": dict(sources), "numbers": records}, out, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(json.dumps(record) + "\n")


def _write_csv(out: IO[str], fields: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
