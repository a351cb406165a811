"""The scan never misleads (issue 13): repeated input counted once, real and sandbox data never
mixed silently, and standard input as ``--input -``. In process, on the embedded sandbox."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from numbering_async import cli

REAL_KEY = "sk_live_0123456789abcdef"


@pytest.fixture(autouse=True)
def _no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELNYX_API_KEY", "INUMBERING_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[dict[str, object], str]:
    """The JSON document of an in-process scan on the embedded sandbox, and its stderr."""
    assert cli._invoke(["scan", *args, "--sandbox", "--format", "json"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ("201\n201\n", ""),
        ("201\n201-200\n201-201\n", "2 of the blocks asked for lie in an NPA given with --input"),
        ("npa,nxx\n201,\n201,200\n201,\n", "1 of the blocks asked for lie in an NPA given with"),
    ],
    ids=["repeated", "overlapping", "header"],
)
def test_an_input_file_counts_repeated_and_overlapping_queries_once(
    lines: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "queries.csv"
    path.write_text(lines, encoding="utf-8")
    alone, _ = scan_json(capsys, "--npa", "201")

    from_file, stderr = scan_json(capsys, "--input", str(path))

    assert from_file["totals"] == alone["totals"]
    assert from_file["rows"] == alone["rows"]
    assert said in stderr


def test_input_dash_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    alone, _ = scan_json(capsys, "--npa", "201,973")
    stdin = io.TextIOWrapper(io.BytesIO(b"201\n973\n201\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)

    from_stdin, _ = scan_json(capsys, "--input", "-")

    assert from_stdin["totals"] == alone["totals"]
    assert from_stdin["title"] == "Coverage of standard input"


def test_a_bad_line_on_standard_input_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"201\n97\n")))

    status = cli._invoke(["scan", "--input", "-", "--sandbox"])

    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "numbering-async: error: --input line 2: expected three digits starting with 2-9 "
        "(like 201), got '97'"
    ]


@pytest.mark.parametrize("providers", ["inumbering", "telnyx,inumbering"])
def test_a_provider_asked_for_without_its_key_is_an_error_naming_the_key(
    providers: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", REAL_KEY)  # nothing is sent: the error comes first

    status = cli._invoke(["scan", "--npa", "201", "--providers", providers])

    captured = capsys.readouterr()
    assert status == cli.EXIT_USAGE
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("numbering-async: error: --providers: inumbering needs ")
    assert "$INUMBERING_API_KEY, which is not set" in line
    assert "--sandbox" in line
    assert "sandbox" not in line.split("(")[0]  # it did not fall back to the sandbox


def test_sandbox_with_a_key_set_uses_the_sandbox_for_every_provider_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", REAL_KEY)

    status = cli._invoke(["scan", "--npa", "201", "--sandbox"])

    captured = capsys.readouterr()
    assert status == 0
    caption = " ".join(captured.out.split())
    assert "Data: telnyx and inumbering from the embedded sandbox (not real inventory)." in caption
    assert "--sandbox: using the embedded sandbox" in captured.err


def test_the_json_documents_say_where_each_providers_data_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document, _ = scan_json(capsys, "--npa", "201")
    assert cli._invoke(["search", "--npa", "201", "--sandbox", "--format", "json"]) == 0
    numbers = json.loads(capsys.readouterr().out)

    assert document["sources"] == {"telnyx": "sandbox", "inumbering": "sandbox"}
    assert numbers["sources"] == document["sources"]


def test_table_output_has_no_trailing_blanks(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli._invoke(["scan", "--npa", "201,973", "--sandbox"]) == 0
    assert cli._invoke(["search", "--npa", "201", "--sandbox"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 10
    assert [line for line in lines if line != line.rstrip()] == []
