"""diff_scans and conditions: what changed, on the part two scans share, and what hits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from numbering_async.bulk import BulkResult
from numbering_async.coverage import CoverageQuery
from numbering_async.errors import InvalidRequestError
from numbering_async.history import (
    Condition,
    Provenance,
    SavedFailure,
    SavedResult,
    SavedScan,
    ScanSummary,
    diff_scans,
    hits,
)
from tests.history.builders import results, server_error

NPA_201 = CoverageQuery(npa="201")
NPA_973 = CoverageQuery(npa="973")


def saved(scan_id: int, scan: Sequence[BulkResult]) -> SavedScan:
    """``scan`` as if saved and loaded (no database needed for a pure diff)."""
    queries = tuple(dict.fromkeys(r.query for r in scan))
    providers = tuple(dict.fromkeys(r.provider for r in scan))
    summary = ScanSummary(
        id=scan_id,
        taken_at=datetime(2026, 1, scan_id, tzinfo=UTC),
        label="test",
        level="auto",
        queries_key=str(queries),
        query_count=len(queries),
        sources=tuple(Provenance(p) for p in providers),
        totals={},
        failures={},
        rows=0,
    )
    kept = tuple(
        SavedResult(
            r.query_index,
            r.query,
            r.provider,
            None if r.rows is None else tuple(r.rows),
            None if r.error is None else SavedFailure(type(r.error).__name__, str(r.error)),
        )
        for r in scan
    )
    return SavedScan(summary, queries, kept)


def block(nxx: str, locality: str, count: int) -> tuple[str, str, str, str, int]:
    return ("201", nxx, locality, "NJ", count)


OLD = saved(
    1,
    results(
        {
            NPA_201: {
                "telnyx": [block("200", "Jersey City", 10), block("201", "Hoboken", 5)],
                "inumbering": [block("200", "JERSEYCITY", 3)],
            }
        }
    ),
)
NEW = saved(
    2,
    results(
        {
            NPA_201: {
                "telnyx": [block("200", "Jersey City", 4), block("202", "Bayonne", 30)],
                "inumbering": [block("200", "JERSEYCITY", 3)],
            }
        }
    ),
)


def test_changes_are_sorted_by_size_and_named() -> None:
    change = diff_scans(OLD, NEW)

    assert change.level == "block"
    assert [(r.fields["nxx"], r.provider, r.old, r.new, r.kind) for r in change.rows] == [
        ("202", "telnyx", 0, 30, "appeared"),
        ("200", "telnyx", 10, 4, "fewer"),
        ("201", "telnyx", 5, 0, "ran out"),
    ]
    assert change.rows[0].change == 30
    assert change.totals == {"telnyx": (15, 34), "inumbering": (3, 3)}
    assert change.compared == 4
    assert change.left_out == ()


def test_a_coarser_level_adds_rows_up() -> None:
    change = diff_scans(OLD, NEW, level="npa")

    assert [(r.fields, r.provider, r.old, r.new) for r in change.rows] == [
        ({"npa": "201"}, "telnyx", 15, 34)
    ]


def test_scans_of_different_queries_are_compared_on_what_they_share() -> None:
    wider = saved(
        3,
        results(
            {
                NPA_201: {"telnyx": [block("200", "Jersey City", 12)]},
                NPA_973: {"telnyx": [("973", "555", "Newark", "NJ", 9)]},
            }
        ),
    )

    change = diff_scans(OLD, wider)

    assert change.providers == ("telnyx",)
    assert [(r.fields["nxx"], r.old, r.new) for r in change.rows] == [
        ("201", 5, 0),
        ("200", 10, 12),
    ]
    assert "inumbering: only in scan 1" in change.left_out
    assert any(
        "1 telnyx rows of scan 3 that the other scan did not cover" in n for n in change.left_out
    )


def test_rows_under_a_failed_query_are_left_out_not_zero() -> None:
    failed = saved(4, results({NPA_201: {"telnyx": server_error(), "inumbering": []}}))

    change = diff_scans(OLD, failed)

    assert [(r.provider, r.kind) for r in change.rows] == [("inumbering", "ran out")]
    assert "1 failed telnyx queries of scan 4" in change.left_out
    assert any(n.startswith("2 telnyx rows of scan 1") for n in change.left_out)


def test_a_level_the_rows_lack_falls_back_and_says_so() -> None:
    by_locality = saved(5, results({NPA_201: {"telnyx": [("201", None, "Jersey City", "NJ", 1)]}}))

    change = diff_scans(by_locality, by_locality, level="block")

    assert change.level == "locality"
    assert "compared by locality: some rows have no npa or nxx" in change.left_out


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("telnyx>0", Condition("telnyx", ">", 0)),
        (" iNumbering <= 10 ", Condition("inumbering", "<=", 10)),
        ("telnyx=0", Condition("telnyx", "=", 0)),
    ],
)
def test_conditions_parse(text: str, condition: Condition) -> None:
    assert Condition.parse(text) == condition


@pytest.mark.parametrize("text", ["telnyx", "telnyx>>0", ">0", "telnyx>many"])
def test_a_malformed_condition_is_a_clear_error(text: str) -> None:
    with pytest.raises(InvalidRequestError, match="expected PROVIDER OP NUMBER like telnyx>0"):
        Condition.parse(text)


def test_a_condition_hits_only_where_it_newly_holds() -> None:
    change = diff_scans(OLD, NEW)

    appeared = hits([Condition.parse("telnyx>0")], change)
    low = hits([Condition.parse("telnyx<5"), Condition.parse("inumbering>0")], change)

    assert [(h.row.fields["nxx"], str(h.condition)) for h in appeared] == [("202", "telnyx>0")]
    assert [(h.row.fields["nxx"], str(h.condition)) for h in low] == [
        ("200", "telnyx<5"),
        ("201", "telnyx<5"),
    ]
