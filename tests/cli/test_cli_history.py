"""scan --save, history, diff and map on the embedded sandbox, in-process."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from numbering_async import cli

SVG = "{http://www.w3.org/2000/svg}"


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli._invoke(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two saved sandbox scans of NPAs 201 and 973: seed 1, then seed 2."""
    path = tmp_path_factory.mktemp("history") / "scans.db"
    for seed in ("1", "2"):
        status = cli._invoke(
            ["scan", "--npa", "201,973", "--sandbox", "--seed", seed, "--save", "--db", str(path),
             "--format", "json", "-o", str(path.with_suffix(f".{seed}.json"))]
        )  # fmt: skip
        assert status == 0
    return path


def test_scan_save_says_where_and_history_lists_both(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = invoke(capsys, "history", "--db", str(db), "--format", "json")

    assert status == 0, err
    scans = json.loads(out)["scans"]
    assert [s["id"] for s in scans] == [2, 1]
    assert [[p["seed"] for p in s["providers"]] for s in scans] == [[2, 2], [1, 1]]
    assert all(p["sandbox"] and p["day"] == 0 for s in scans for p in s["providers"])
    assert scans[0]["label"] == "Coverage of 201, 973"
    printed = json.loads(db.with_suffix(".1.json").read_text())
    assert scans[1]["totals"] == printed["totals"]


@pytest.mark.parametrize("fmt", ["table", "csv", "ndjson"])
def test_history_in_every_format_lists_the_same_scans(
    db: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    status, out, _ = invoke(capsys, "history", "--db", str(db), "--format", fmt, "--limit", "1")

    assert status == 0
    if fmt == "csv":
        [row] = list(csv.DictReader(io.StringIO(out)))
        assert row["id"] == "2"
        assert "telnyx (sandbox, seed 2, day 0)" in row["providers"]
    elif fmt == "ndjson":
        [line] = out.splitlines()
        assert json.loads(line)["id"] == 2
    else:
        assert "Saved scans" in out
        assert "Coverage of 201, 973" in out


def test_history_since_keeps_the_scans_taken_since(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = invoke(capsys, "history", "--db", str(db), "--since", "2999-01-01")
    assert status == 0
    assert out.strip() == "No saved scans."

    status, out, _ = invoke(capsys, "history", "--db", str(db), "--since", "1d", "--format", "json")
    assert status == 0
    assert [s["id"] for s in json.loads(out)["scans"]] == [2, 1]


def diff_document(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    status, out, err = invoke(capsys, "diff", "--db", str(db), "--format", "json", *args)
    assert status == 0, err
    document = json.loads(out)
    assert isinstance(document, dict)
    return document


def test_diff_defaults_to_the_latest_two_and_sorts_by_size(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = diff_document(db, capsys)

    assert (document["old"]["id"], document["new"]["id"]) == (1, 2)
    assert document["left_out"] == []
    sizes = [abs(row["change"]) for row in document["rows"]]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > 0
    totals = document["totals"]
    assert totals["telnyx"]["old"] == document["old"]["totals"]["telnyx"]
    assert totals["telnyx"]["new"] == document["new"]["totals"]["telnyx"]
    for row in document["rows"]:
        assert row["change"] == row["new"] - row["old"]


@pytest.mark.parametrize("fmt", ["table", "csv", "ndjson"])
def test_diff_in_every_format_carries_the_same_rows(
    db: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = diff_document(db, capsys, "1", "2", "--by", "npa")["rows"]

    status, out, _ = invoke(
        capsys, "diff", "1", "2", "--by", "npa", "--db", str(db), "--format", fmt
    )

    assert status == 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["npa"], r["provider"], int(r["change"])) for r in rows] == [
            (r["npa"], r["provider"], r["change"]) for r in expected
        ]
    elif fmt == "ndjson":
        assert [json.loads(line) for line in out.splitlines()] == expected
    else:
        assert "Changes from scan 1" in out
        assert f"{expected[0]['change']:+,}" in out


def test_diff_of_scans_of_other_queries_says_what_it_left_out(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "scans.db"
    mine.write_bytes(db.read_bytes())  # a copy: the module's database stays as it was
    for suffix in ("-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            Path(f"{mine}{suffix}").write_bytes(Path(f"{db}{suffix}").read_bytes())
    assert cli._invoke(["scan", "--npa", "201", "--sandbox", "--save", "--db", str(mine)]) == 0
    capsys.readouterr()

    status, out, err = invoke(capsys, "diff", "1", "3", "--db", str(mine), "--format", "csv")

    assert status == 0
    assert "left out: " in err
    assert "rows of scan 1 that the other scan did not cover" in err
    assert {row["npa"] for row in csv.DictReader(io.StringIO(out)) if "npa" in row} <= {"201"}


def test_two_market_days_of_the_sandbox_show_numbers_sold_and_restocked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "scans.db")
    for day in ("1", "2"):
        args = ["scan", "--state", "NJ", "--sandbox", "--sandbox-day", day, "--save", "--db", path]
        assert cli._invoke([*args, "--format", "csv"]) == 0
    capsys.readouterr()

    document = diff_document(Path(path), capsys, "--by", "block")

    kinds = {row["kind"] for row in document["rows"]}
    assert {"appeared", "ran out", "more", "fewer"} <= kinds
    assert [p["day"] for p in document["new"]["providers"]] == [2, 2]


def map_panels(svg: str) -> dict[str, set[str]]:
    root = ET.fromstring(svg)
    return {
        g.attrib["data-title"]: {
            t.attrib["data-code"] for t in g.iter(f"{SVG}g") if "data-code" in t.attrib
        }
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class") == "panel"
    }


def test_map_draws_the_latest_scan_and_its_change_as_svg(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "map.svg"

    status, out, err = invoke(capsys, "map", "--db", str(db), "-o", str(target))

    assert status == 0, err
    assert out == ""
    panels = map_panels(target.read_text(encoding="utf-8"))
    assert list(panels) == ["telnyx", "inumbering", "change since scan 1"]
    assert all("NJ" in tiles and "ON" in tiles for tiles in panels.values())
    assert "Scan 2, " in target.read_text(encoding="utf-8")


def test_map_as_html_and_in_the_terminal(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, page, _ = invoke(capsys, "map", "1", "--no-diff", "--db", str(db), "--format", "html")
    assert status == 0
    assert page.startswith("<!doctype html>")
    assert list(map_panels(page[page.index("<svg") : page.index("</svg>") + 6])) == [
        "telnyx",
        "inumbering",
    ]

    status, text, _ = invoke(capsys, "map", "--db", str(db))
    assert status == 0
    assert "change since scan 1" in text
    assert " NJ " in text
    assert " QC " in text


def test_scan_format_svg_maps_the_scan_it_made(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = invoke(capsys, "scan", "--npa", "201", "--sandbox", "--format", "svg")

    assert status == 0
    panels = map_panels(out)
    assert list(panels) == ["telnyx", "inumbering"]
    root = ET.fromstring(out)
    nj = next(t for t in root.iter(f"{SVG}g") if t.attrib.get("data-code") == "NJ")
    assert int(nj.attrib["data-value"]) > 0


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith("numbering-async: error: ")
    return line


def test_a_newer_database_is_refused_before_any_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scans.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (99)")

    status, out, err = invoke(
        capsys, "scan", "--npa", "201", "--sandbox", "--save", "--db", str(path)
    )

    assert status == cli.EXIT_FAILED
    assert out == ""
    assert "schema version 99, newer than this numbering_async knows" in one_line_error(err)


@pytest.mark.parametrize("command", ["history", "diff", "map"])
def test_a_damaged_database_is_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scans.db"
    path.write_bytes(b"garbage " * 1000)

    status, _, err = invoke(capsys, command, "--db", str(path))

    assert status == cli.EXIT_FAILED
    assert f"{path} is not a scan database, or is damaged" in one_line_error(err)


def test_diff_with_one_scan_says_to_name_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "scans.db")
    status, _, err = invoke(capsys, "diff", "--db", path)
    assert status == cli.EXIT_FAILED
    assert "has no saved scans: save one with scan --save" in one_line_error(err)

    assert cli._invoke(["scan", "--npa", "201", "--sandbox", "--save", "--db", path]) == 0
    capsys.readouterr()
    status, _, err = invoke(capsys, "diff", "--db", path)
    assert status == cli.EXIT_FAILED
    assert "scan 1 is the first scan of its queries: name two scans" in one_line_error(err)


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["history", "--since", "yesterday"], "--since"),
        (["history", "--limit", "0"], "--limit"),
        (["diff", "one"], "OLD"),
        (["diff", "--by", "country"], "--by"),
        (["map", "--against", "1", "--no-diff"], "--against or --no-diff"),
        (["watch", "--npa", "201", "--every", "soon"], "--every"),
        (["watch", "--npa", "201", "--when", "telnyx>>1"], "--when"),
        (["watch", "--npa", "201", "--when", "twilio>0"], "names no provider"),
        (["watch", "--npa", "201", "--run", "true"], "need a --when condition"),
        (["watch", "--npa", "201", "--when", "telnyx>0", "--webhook", "ftp://x"], "--webhook"),
    ],
)
def test_bad_arguments_are_one_line_and_status_2(
    args: list[str], mentions: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = invoke(capsys, *args)

    assert status == cli.EXIT_USAGE
    assert out == ""
    assert mentions in one_line_error(err)
