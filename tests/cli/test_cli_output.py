"""Grouping and rendering of scan results (numbering_async.cli._compare, ._output), in process."""

from __future__ import annotations

import csv
import io
import json

from numbering_async import BulkResult, CoverageCount, CoverageQuery, NotFoundError
from numbering_async.cli._compare import compare, pick_level
from numbering_async.cli._output import error_line, write_comparison

Q201 = CoverageQuery(npa="201")
Q973 = CoverageQuery(npa="973")


def ok(index: int, query: CoverageQuery, provider: str, *rows: CoverageCount) -> BulkResult:
    return BulkResult(index, index // 2, query, provider, rows=list(rows))


def row(
    provider: str, count: int, nxx: str | None, locality: str, npa: str = "201"
) -> CoverageCount:
    return CoverageCount(provider, count, npa=npa, nxx=nxx, locality=locality, state="NJ")


RESULTS = [
    ok(0, Q201, "telnyx", row("telnyx", 5, None, "Jersey City"), row("telnyx", 2, None, "Bayonne")),
    ok(
        1,
        Q201,
        "inumbering",
        row("inumbering", 3, "200", "JERSEYCITY"),
        row("inumbering", 4, "201", "JERSEYCITY"),
    ),
    BulkResult(2, 1, Q973, "telnyx", error=NotFoundError(status=404, provider="telnyx")),
    ok(3, Q973, "inumbering", row("inumbering", 9, "202", "NEWARK", npa="973")),
]


def test_rows_are_grouped_at_the_finest_level_every_provider_answers() -> None:
    level = pick_level(RESULTS)
    comparison = compare(RESULTS, ["telnyx", "inumbering"], level)

    assert level == "locality"  # telnyx rows have no NXX
    by_place = {r.fields["locality"]: dict(r.counts) for r in comparison.rows}
    assert by_place == {
        "Bayonne": {"telnyx": 2, "inumbering": 0},
        "Jersey City": {"telnyx": 5, "inumbering": 7},  # the nicer spelling wins
        "NEWARK": {"telnyx": None, "inumbering": 9},  # telnyx's 973 query failed: unknown
    }
    assert comparison.totals == {"telnyx": 7, "inumbering": 16}
    assert comparison.covered == {"telnyx": 2, "inumbering": 2}
    assert [f.index for f in comparison.failures] == [2]
    assert comparison.columns == ["npa", "locality", "state"]


def test_a_row_limit_picks_a_coarser_level() -> None:
    assert pick_level(RESULTS, max_rows=2) == "npa"
    assert pick_level([]) == "block"
    assert pick_level([RESULTS[2]]) == "block"


def test_csv_and_json_carry_the_same_rows() -> None:
    comparison = compare(RESULTS, ["telnyx", "inumbering"], "npa")
    as_csv, as_json = io.StringIO(), io.StringIO()
    write_comparison(comparison, "csv", as_csv, title="t")
    write_comparison(comparison, "json", as_json, title="t")

    rows = list(csv.DictReader(io.StringIO(as_csv.getvalue())))
    document = json.loads(as_json.getvalue())
    assert rows == [
        {"npa": "201", "state": "NJ", "telnyx": "7", "inumbering": "7", "failed": ""},
        {"npa": "973", "state": "NJ", "telnyx": "", "inumbering": "9", "failed": "telnyx"},
    ]
    assert document["rows"][1] == {
        "npa": "973",
        "state": "NJ",
        "telnyx": None,
        "inumbering": 9,
        "failed": ["telnyx"],
    }
    assert document["failures"][0]["error"]["type"] == "NotFoundError"


def test_table_marks_unknown_counts_and_names_no_leader_where_a_query_failed() -> None:
    out = io.StringIO()
    write_comparison(compare(RESULTS, ["telnyx", "inumbering"], "npa"), "table", out, title="T")

    lines = out.getvalue().splitlines()
    assert next(line for line in lines if "201" in line).split() == ["201", "NJ", "7", "7", "tie"]
    # telnyx's 973 query failed: its count is unknown, and nobody "has the most" there.
    assert next(line for line in lines if "973" in line).split() == ["973", "NJ", "?", "9"]
    # Its total is a lower bound, so the totals name no leader either.
    assert next(line for line in lines if "Total" in line).split() == ["Total", ">=7", "16"]
    assert "Failed queries: telnyx 1 (" in out.getvalue()


def test_error_line_is_one_line() -> None:
    assert error_line(RESULTS[2]) == "npa 973 on telnyx: NotFoundError: telnyx error 404"


def block(nxx: str) -> CoverageQuery:
    return CoverageQuery(npa="201", nxx=nxx)


BLOCKS = [
    ok(0, block("200"), "telnyx", row("telnyx", 3, "200", "Jersey City")),
    ok(1, block("200"), "inumbering"),
    ok(2, block("201"), "telnyx"),  # no numbers anywhere
    ok(3, block("201"), "inumbering"),
    BulkResult(4, 2, block("202"), "telnyx", error=NotFoundError(status=404, provider="telnyx")),
    ok(5, block("202"), "inumbering", row("inumbering", 2, "202", "JERSEYCITY")),
    BulkResult(6, 3, block("203"), "telnyx", error=NotFoundError(status=404, provider="telnyx")),
    BulkResult(7, 3, block("203"), "inumbering", error=NotFoundError(status=404, provider="x")),
]


def test_every_block_asked_is_a_row_in_every_format_and_failures_say_so() -> None:
    comparison = compare(BLOCKS, ["telnyx", "inumbering"], "block")
    as_csv, as_json, as_table = io.StringIO(), io.StringIO(), io.StringIO()
    write_comparison(comparison, "csv", as_csv, title="t")
    write_comparison(comparison, "json", as_json, title="t")
    write_comparison(comparison, "table", as_table, title="t")

    rows = [
        (r["nxx"], r["telnyx"], r["inumbering"], r["failed"])
        for r in csv.DictReader(io.StringIO(as_csv.getvalue()))
    ]
    assert rows == [
        ("200", "3", "0", ""),
        ("201", "0", "0", ""),  # asked, answered, no numbers: kept
        ("202", "", "2", "telnyx"),
        ("203", "", "", "telnyx inumbering"),  # failed everywhere: kept, marked
    ]
    document = json.loads(as_json.getvalue())
    assert [(r["nxx"], r["failed"]) for r in document["rows"]] == [
        ("200", []),
        ("201", []),
        ("202", ["telnyx"]),
        ("203", ["telnyx", "inumbering"]),
    ]
    assert document["blocks_scanned"] == len(document["rows"]) == 4
    assert len(document["failures"]) == 3
    text = " ".join(as_table.getvalue().split())
    assert "telnyx has numbers in 1 of 4 blocks (2 not known)" in text
    assert "inumbering has numbers in 1 of 4 blocks (1 not known)" in text


def test_a_coarser_row_with_a_failed_query_shows_a_lower_bound_and_no_leader() -> None:
    comparison = compare(BLOCKS, ["telnyx", "inumbering"], "npa")
    out = io.StringIO()
    write_comparison(comparison, "table", out, title="t")

    [npa] = comparison.rows
    assert dict(npa.counts) == {"telnyx": 3, "inumbering": 2}
    assert npa.failed == {"telnyx", "inumbering"}
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("201"))
    assert line.split() == ["201", "Jersey", "City", "NJ", ">=3", ">=2"]
    caption = " ".join(out.getvalue().split())
    assert "Blocks with numbers: telnyx 1, inumbering 1 (of 4 scanned)." in caption
    assert "Failed queries: telnyx 2, inumbering 1 (? unknown; >= at least that many;" in caption


def test_the_table_has_no_trailing_blanks() -> None:
    out = io.StringIO()
    write_comparison(compare(BLOCKS, ["telnyx", "inumbering"], "block"), "table", out, title="t")

    lines = out.getvalue().splitlines()
    assert len(lines) > 5
    assert [line for line in lines if line != line.rstrip()] == []
