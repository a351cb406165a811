"""Grouping and rendering of scan results (numbering_async._cli_output), in process."""

from __future__ import annotations

import csv
import io
import json

from numbering_async import BulkResult, CoverageCount, CoverageQuery, NotFoundError
from numbering_async._cli_output import compare, error_line, pick_level, write_comparison

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
        {"npa": "201", "state": "NJ", "telnyx": "7", "inumbering": "7"},
        {"npa": "973", "state": "NJ", "telnyx": "", "inumbering": "9"},
    ]
    assert document["rows"][1] == {"npa": "973", "state": "NJ", "telnyx": None, "inumbering": 9}
    assert document["failures"][0]["error"]["type"] == "NotFoundError"


def test_table_marks_unknown_counts_and_names_the_leader() -> None:
    out = io.StringIO()
    write_comparison(compare(RESULTS, ["telnyx", "inumbering"], "npa"), "table", out, title="T")

    text = out.getvalue()
    line_973 = next(line for line in text.splitlines() if "973" in line)
    assert "?" in line_973
    assert "inumbering" in line_973.split("9")[-1]
    assert "Total" in text


def test_error_line_is_one_line() -> None:
    assert error_line(RESULTS[2]) == "npa 973 on telnyx: NotFoundError: telnyx error 404"
