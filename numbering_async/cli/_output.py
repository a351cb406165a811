"""What the ``numbering-async`` command prints: scan comparisons and number lists, as tables,
CSV, JSON or JSON lines. Imports ``rich``, so only :mod:`numbering_async.cli` imports it.
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

from numbering_async.bulk import BulkResult
from numbering_async.cli._compare import _FIELDS, Comparison
from numbering_async.coverage import AvailableNumber, CoverageQuery

__all__ = [
    "FORMATS",
    "LABELS",
    "SANDBOX",
    "describe_sources",
    "error_line",
    "print_stripped",
    "result_record",
    "write_comparison",
    "write_csv",
    "write_numbers",
]


FORMATS: Final = ("table", "csv", "json", "ndjson")

LABELS: Final = {"npa": "NPA", "nxx": "NXX", "locality": "Locality", "state": "State"}
"""The heading of each place field, in the order the columns show them."""


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
            LABELS[field],
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
        write_csv(out, fields, _flat_records(comparison, joined=True))
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
        write_csv(out, _NUMBER_FIELDS, records)
    elif fmt == "json":
        json.dump({"title": title, "sources": dict(sources), "numbers": records}, out, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(json.dumps(record) + "\n")


def write_csv(out: IO[str], fields: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
    """``records`` as CSV with a header line of ``fields``."""
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
