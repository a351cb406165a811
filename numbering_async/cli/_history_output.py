"""What ``numbering-async history`` and ``diff`` print: saved scans and changes between two.

Every format carries the same facts: a table (rich), CSV, one JSON document, or JSON lines.
Imports ``rich``, so only the command modules import it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any, Final

from rich import box
from rich.console import Console
from rich.table import Table

from numbering_async._grouping import LEVELS
from numbering_async.cli._output import LABELS, write_csv
from numbering_async.history import ScanDiff, ScanSummary

__all__ = ["diff_records", "summary_record", "write_diff", "write_summaries"]

_SUMMARY_COLUMNS: Final = (
    "id", "taken_at", "label", "level", "queries", "providers", "totals", "failures", "rows",
)  # fmt: skip
_CHANGE_COLUMNS: Final = ("provider", "old", "new", "change", "kind")


def _when(summary: ScanSummary) -> str:
    return summary.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC")


def _source(summary: ScanSummary) -> str:
    """``real``, ``sandbox, seed 1, day 2``, or each provider's when they differ."""
    origins = {source.origin() for source in summary.sources}
    if len(origins) == 1:
        return origins.pop()
    return "\n".join(source.describe() for source in summary.sources)


def summary_record(summary: ScanSummary) -> dict[str, Any]:
    """One saved scan as JSON-ready data."""
    return {
        "id": summary.id,
        "taken_at": summary.taken_at.isoformat(),
        "label": summary.label,
        "level": summary.level,
        "queries": summary.query_count,
        "providers": [
            {"provider": s.provider, "sandbox": s.sandbox, "seed": s.seed, "day": s.day}
            for s in summary.sources
        ],
        "totals": dict(summary.totals),
        "failures": dict(summary.failures),
        "rows": summary.rows,
    }


def _flat_summary(summary: ScanSummary) -> dict[str, Any]:
    """:func:`summary_record` with each member one CSV cell."""
    return {
        **summary_record(summary),
        "providers": " ".join(s.describe() for s in summary.sources),
        "totals": " ".join(f"{p}={n}" for p, n in summary.totals.items()),
        "failures": sum(summary.failures.values()),
    }


def write_summaries(
    summaries: Sequence[ScanSummary], fmt: str, out: IO[str], *, console: Console
) -> None:
    """Saved scans, newest first, as a table, CSV, one JSON document or JSON lines."""
    if fmt == "table":
        if not summaries:
            console.print("No saved scans.")
            return
        table = Table(title="Saved scans", box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("Id", justify="right")
        table.add_column("Taken (UTC)", no_wrap=True)
        table.add_column("Scan")
        table.add_column("By")
        table.add_column("Numbers", justify="right", no_wrap=True)
        table.add_column("Source")
        table.add_column("Failed", justify="right")
        for s in summaries:
            table.add_row(
                str(s.id),
                s.taken_at.strftime("%Y-%m-%d %H:%M"),
                s.label,
                s.level,
                "\n".join(f"{p} [cyan]{s.totals[p]:,}[/]" for p in s.providers),
                _source(s),
                str(sum(s.failures.values()) or ""),
            )
        console.print(table)
    elif fmt == "csv":
        write_csv(out, _SUMMARY_COLUMNS, [_flat_summary(s) for s in summaries])
    elif fmt == "json":
        json.dump({"scans": [summary_record(s) for s in summaries]}, out, indent=2)
        out.write("\n")
    else:
        for s in summaries:
            out.write(json.dumps(summary_record(s)) + "\n")


def _place_columns(diff: ScanDiff) -> list[str]:
    seen = dict.fromkeys(field for row in diff.rows for field in row.fields)
    return [field for field in LABELS if field in (seen or LEVELS.get(diff.level, ()))]


def diff_records(diff: ScanDiff) -> list[dict[str, Any]]:
    """One record per changed row: place, provider, old, new, change, kind."""
    columns = _place_columns(diff)
    return [
        {
            **{field: row.fields.get(field) for field in columns},
            "provider": row.provider,
            "old": row.old,
            "new": row.new,
            "change": row.change,
            "kind": row.kind,
        }
        for row in diff.rows
    ]


def _diff_title(diff: ScanDiff) -> str:
    return (
        f"Changes from scan {diff.old.id} ({_when(diff.old)}) to scan {diff.new.id} "
        f"({_when(diff.new)}), by {diff.level}"
    )


def _totals_line(diff: ScanDiff) -> str:
    parts = [f"{p} {old:,} -> {new:,} ({new - old:+,})" for p, (old, new) in diff.totals.items()]
    changed = f"{len(diff.rows):,} of {diff.compared:,} rows changed"
    return f"{'; '.join(parts)}. {changed}." if parts else f"{changed}."


def write_diff(
    diff: ScanDiff, fmt: str, out: IO[str], *, console: Console, limit: int | None = None
) -> None:
    """``diff``'s changed rows (the ``limit`` largest) in ``fmt``; the JSON document also
    holds both scans, the totals and what was left out."""
    records = diff_records(diff)[:limit]
    if fmt == "table":
        if not records:
            console.print(f"{_diff_title(diff)}: no changes.")
        else:
            table = Table(title=_diff_title(diff), box=box.SIMPLE_HEAD, title_justify="left")
            for field in _place_columns(diff):
                table.add_column(LABELS[field])
            table.add_column("Provider", no_wrap=True)
            for name in ("Before", "After", "Change"):
                table.add_column(name, justify="right", no_wrap=True)
            table.add_column("")
            for record in records:
                colour = "green" if record["change"] > 0 else "red"
                table.add_row(
                    *(record[field] or "" for field in _place_columns(diff)),
                    record["provider"],
                    f"{record['old']:,}",
                    f"{record['new']:,}",
                    f"[{colour}]{record['change']:+,}[/]",
                    record["kind"],
                )
            console.print(table)
        console.print(_totals_line(diff), style="dim")
    elif fmt == "csv":
        write_csv(out, [*_place_columns(diff), *_CHANGE_COLUMNS], records)
    elif fmt == "json":
        document = {
            "old": summary_record(diff.old),
            "new": summary_record(diff.new),
            "level": diff.level,
            "providers": list(diff.providers),
            "totals": {p: {"old": old, "new": new} for p, (old, new) in diff.totals.items()},
            "compared": diff.compared,
            "left_out": list(diff.left_out),
            "rows": records,
        }
        json.dump(document, out, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(json.dumps(record) + "\n")
