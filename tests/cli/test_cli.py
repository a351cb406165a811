"""The ``numbering-async`` command, run as a subprocess against the sandbox.

The embedded-sandbox runs start together (module fixture) so their start-up overlaps.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from numbering_async import bulk, cli
from numbering_async.cli._running import _run
from tests.leaks import KeyScan

KEY_VARS = ("TELNYX_API_KEY", "INUMBERING_API_KEY", "TELNYX_BASE_URL", "INUMBERING_BASE_URL")
COMMAND = [sys.executable, "-m", "numbering_async.cli"]
TIMEOUT = 60
NJ_BLOCKS = 662  # NANP blocks of New Jersey in the sandbox's geography
KEY = "sandbox-key-1"
Run = subprocess.CompletedProcess[str]


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without any provider key or URL, plus ``extra``."""
    env = {name: value for name, value in os.environ.items() if name not in KEY_VARS}
    env.pop(cli.DEBUG_ENV, None)
    return {**env, "COLUMNS": "120", **(extra or {})}


def start(*args: str, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env() if env is None else dict(env),
    )


def finish(process: subprocess.Popen[str]) -> Run:
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run(*args: str, env: Mapping[str, str] | None = None) -> Run:
    return finish(start(*args, env=env))


def assert_no_traceback(result: Run) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "queries.csv").write_text("npa\n201\n973\n", encoding="utf-8")
    (folder / "bad.csv").write_text("201\n97\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def embedded(files: Path) -> dict[str, Run]:
    """Runs on the embedded sandbox (no key), started at once, by name."""
    started = {
        "table": start("scan", "--state", "NJ"),
        "json": start("scan", "--npa", "201,973", "--format", "json"),
        "csv": start(
            "scan", "--input", str(files / "queries.csv"), "--format", "csv",
            "-o", str(files / "out.csv"),
        ),
        "ndjson": start("scan", "--npa-nxx", "201-200,201-201,973-202", "--format", "ndjson"),
        "search": start("search", "--npa", "201", "--limit", "3", "--format", "json"),
        "bad input": start("scan", "--input", str(files / "bad.csv")),
    }  # fmt: skip
    return {name: finish(process) for name, process in started.items()}


def test_scan_state_prints_a_comparison_table_on_the_sandbox(embedded: dict[str, Run]) -> None:
    result = embedded["table"]

    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "no TELNYX_API_KEY or INUMBERING_API_KEY set: using the embedded sandbox" in (
        result.stderr
    )
    out = result.stdout
    assert f"Coverage of NJ ({NJ_BLOCKS} blocks)" in out
    header = next(line for line in out.splitlines() if "NPA" in line)
    assert header.split() == ["NPA", "State", "telnyx", "inumbering", "Most"]
    assert {"201", "609", "732", "856", "862", "908", "973"} <= {
        line.split()[0] for line in out.splitlines() if line.strip()
    }
    assert "Total" in out
    assert f"of {NJ_BLOCKS} scanned" in out
    assert "Data: telnyx and inumbering from the embedded sandbox (not real inventory)." in out


def json_document(embedded: dict[str, Run]) -> dict[str, object]:
    result = embedded["json"]
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def test_scan_json_and_csv_from_an_input_file_agree(embedded: dict[str, Run], files: Path) -> None:
    document = json_document(embedded)
    as_csv = embedded["csv"]

    assert as_csv.returncode == 0, as_csv.stderr
    assert as_csv.stdout == ""  # written to --output instead
    rows = list(csv.DictReader(io.StringIO((files / "out.csv").read_text(encoding="utf-8"))))
    assert document["providers"] == ["telnyx", "inumbering"]
    assert document["failures"] == []
    totals = document["totals"]
    assert isinstance(totals, dict)
    assert all(totals[p] > 0 for p in ("telnyx", "inumbering"))
    assert {row["npa"] for row in rows} == {"201", "973"}
    for provider in ("telnyx", "inumbering"):
        assert sum(int(row[provider]) for row in rows) == totals[provider]


def test_scan_ndjson_streams_one_line_per_query_and_provider(embedded: dict[str, Run]) -> None:
    result = embedded["ndjson"]

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["index"] for line in lines) == list(range(6))
    assert {(line["query"]["npa"], line["query"]["nxx"], line["provider"]) for line in lines} == {
        (npa, nxx, provider)
        for npa, nxx in (("201", "200"), ("201", "201"), ("973", "202"))
        for provider in ("telnyx", "inumbering")
    }
    assert all(line["error"] is None and line["count"] >= 0 for line in lines)


def test_search_lists_numbers_of_each_provider(embedded: dict[str, Run]) -> None:
    result = embedded["search"]

    assert result.returncode == 0, result.stderr
    numbers = json.loads(result.stdout)["numbers"]
    assert {n["provider"] for n in numbers} == {"telnyx", "inumbering"}
    assert all(n["phone_number"].startswith("+1201") for n in numbers)
    assert len(numbers) == 6


def test_a_bad_input_line_is_one_line_and_exit_status_1(embedded: dict[str, Run]) -> None:
    result = embedded["bad input"]

    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "numbering-async: error: --input line 2: expected three digits starting with 2-9 "
        "(like 201), got '97'"
    )


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["scan", "--npa", "20"], "--npa"),
        (["scan", "--npa", "201", "--bogus"], "--bogus"),
        (["scan"], "--npa"),
    ],
)
def test_a_bad_argument_is_one_line_and_exit_status_2(args: list[str], mentions: str) -> None:
    result = run(*args)

    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("numbering-async: error:")
    assert mentions in lines[0]


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """``numbering-async sandbox`` on a free port, with latency; the process and its URLs."""
    server = start("sandbox", "--port", "0", "--latency-ms", "20", "--api-key", KEY)
    try:
        assert server.stdout is not None
        urls: dict[str, str] = {}
        while len(urls) < 2:
            line = server.stdout.readline()
            assert line, f"the sandbox exited: {server.communicate(timeout=TIMEOUT)}"
            name, _, url = line.partition(":")
            urls[name.strip()] = url.strip()
        yield server, urls
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate(timeout=TIMEOUT)


@contextlib.contextmanager
def ctrl_c_not_ignored() -> Iterator[None]:
    """Let a child started inside see SIGINT even if this process ignores it.

    A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored
    in children: the command under test would then rightly shrug Ctrl-C off. A handler set
    here is reset to the default in the child, which makes Python install its own.
    """
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_ctrl_c_stops_a_scan_and_keeps_what_finished(
    sandbox_server: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    _, urls = sandbox_server
    env = clean_env({"TELNYX_API_KEY": KEY, "TELNYX_BASE_URL": urls["Telnyx"]})
    with ctrl_c_not_ignored():
        scan = start("scan", "--state", "NJ", "--concurrency", "2", "--format", "ndjson", env=env)
    assert scan.stdout is not None
    first = scan.stdout.readline()
    scan.send_signal(signal.SIGINT)
    result = finish(scan)

    assert json.loads(first)["provider"] == "telnyx"
    assert result.returncode == cli.EXIT_INTERRUPTED
    assert_no_traceback(result)
    assert "skipping iNumbering: $INUMBERING_API_KEY is not set" in result.stderr
    assert "interrupted after" in result.stderr
    assert 1 <= len((first + result.stdout).splitlines()) < NJ_BLOCKS


def test_a_second_ctrl_c_cancels_the_wind_down_instead_of_killing_it() -> None:
    """A scan prints what finished after Ctrl-C; a second Ctrl-C meanwhile must not raise
    KeyboardInterrupt in the middle of that (asyncio.run's own handler would)."""
    wound_down = []

    async def command() -> int:
        for _ in range(2):  # Ctrl-C while scanning, then again while winding down
            with contextlib.suppress(asyncio.CancelledError):
                os.kill(os.getpid(), signal.SIGINT)
                await asyncio.sleep(TIMEOUT)
        wound_down.append(True)
        return 7

    with ctrl_c_not_ignored():
        try:
            status = _run(command())
        except KeyboardInterrupt:
            pytest.fail("a second Ctrl-C raised KeyboardInterrupt")

    assert status == 7
    assert wound_down == [True]


def admin(base_url: str, path: str, body: object | None = None) -> Any:
    """Call an admin route of the sandbox server (``base_url`` is its iNumbering URL)."""
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(f"{base_url}/_sandbox/{path}", data=data, timeout=5) as answer:
        return json.load(answer)


def test_sigterm_stops_a_search_with_one_line(
    sandbox_server: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    _, urls = sandbox_server
    route = "GET /v2/available_phone_numbers"
    fault = {"kind": "latency", "path": "/v2/available_phone_numbers", "delay": 60, "times": 1}
    admin(urls["iNumbering"], "faults", fault)
    before = admin(urls["iNumbering"], "counts")["requests"].get(route, 0)
    env = clean_env({"TELNYX_API_KEY": KEY, "TELNYX_BASE_URL": urls["Telnyx"]})
    search = start("search", "--npa", "201", "--providers", "telnyx", env=env)
    deadline = time.monotonic() + TIMEOUT
    while admin(urls["iNumbering"], "counts")["requests"].get(route, 0) == before:
        assert time.monotonic() < deadline, "the search never reached the sandbox"
        time.sleep(0.02)
    search.send_signal(signal.SIGTERM)
    result = finish(search)

    assert_no_traceback(result)
    assert result.returncode == cli.EXIT_INTERRUPTED
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["numbering-async: interrupted"]


def test_the_cli_over_http_gets_what_the_embedded_sandbox_has(
    sandbox_server: tuple[subprocess.Popen[str], dict[str, str]], embedded: dict[str, Run]
) -> None:
    _, urls = sandbox_server
    assert urls["Telnyx"].startswith("http://127.0.0.1:")
    env = clean_env(
        {
            "TELNYX_API_KEY": KEY,
            "TELNYX_BASE_URL": urls["Telnyx"],
            "INUMBERING_API_KEY": KEY,
            "INUMBERING_BASE_URL": urls["iNumbering"],
        }
    )

    over_http = run("scan", "--npa", "201,973", "--format", "json", env=env)

    assert over_http.returncode == 0, over_http.stderr
    assert "embedded sandbox" not in over_http.stderr
    assert json.loads(over_http.stdout)["sources"] == {
        "telnyx": urls["Telnyx"],
        "inumbering": urls["iNumbering"],
    }
    # The same seed over HTTP gives the same data as the embedded sandbox.
    assert json.loads(over_http.stdout)["totals"] == json_document(embedded)["totals"]


def test_r09_a_scan_retries_a_503_with_retry_after(
    sandbox_server: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    _, urls = sandbox_server
    fault = {
        "kind": "status",
        "method": "GET",
        "path": "/v2/inventory_coverage",
        "status": 503,
        "retry_after": 0.2,
        "times": 1,
    }
    admin(urls["iNumbering"], "faults", fault)
    env = clean_env({"TELNYX_API_KEY": KEY, "TELNYX_BASE_URL": urls["Telnyx"]})

    result = run("scan", "--npa", "201", "--providers", "telnyx", "--format", "csv", env=env)

    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "failed" not in result.stderr
    assert sum(int(row["telnyx"]) for row in csv.DictReader(io.StringIO(result.stdout))) > 0


def test_the_sandbox_command_stops_cleanly_on_sigterm() -> None:
    server = start("sandbox", "--port", "0")
    assert server.stdout is not None
    ready = server.stdout.readline()
    server.send_signal(signal.SIGTERM)
    stopped = finish(server)

    assert ready.startswith("Telnyx:")
    assert stopped.returncode == 0
    assert "sandbox stopped" in stopped.stderr
    assert_no_traceback(stopped)


def test_a_wrong_key_stops_the_scan_with_one_line(
    sandbox_server: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    _, urls = sandbox_server
    env = clean_env({"TELNYX_API_KEY": "not-the-key", "TELNYX_BASE_URL": urls["Telnyx"]})

    result = run("scan", "--state", "NJ", "--providers", "telnyx", env=env)

    assert_no_traceback(result)
    assert result.returncode == cli.EXIT_FAILED
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("numbering-async: error: telnyx error 401")
    assert "not-the-key" not in result.stderr


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["scan", "--npa-nxx", "201-5"], "--npa-nxx"),
        (["scan", "--npa-nxx", "201-5555"], "'201-5555' is not a block like 201-555"),
        (["scan", "--npa-nxx", "2015-55"], "'2015-55' is not a block like 201-555"),
        (["scan", "--state", "ZZ"], "--state"),
        (["scan", "--npa", "201", "--providers", "twilio"], "--providers"),
        (["scan", "--npa", "201", "--input", "pyproject.toml"], "--input"),
        (["search", "--npa", "201", "--nxx", "12"], "--nxx"),
        (["search", "--nxx", "555"], "--nxx: an NXX needs an NPA"),
        (["search", "--limit", "3"], "--npa"),
        (["sandbox", "--port", "70000"], "--port"),
    ],
)
def test_more_bad_arguments_in_process(
    args: list[str], mentions: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli._invoke(args)

    captured = capsys.readouterr()
    assert status == cli.EXIT_USAGE
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("numbering-async: error:")
    assert mentions in line


def test_the_console_script_is_numbering_async_cli_main() -> None:
    from importlib.metadata import entry_points

    [script] = entry_points(group="console_scripts", name="numbering-async")
    assert script.load() is cli.main


@pytest.mark.parametrize("args", [[], ["--help"], ["scan", "--help"]])
def test_help_goes_to_stdout_with_status_0(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli._invoke(args)

    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.startswith("Usage: numbering-async")
    assert captured.err == ""


def test_an_output_file_that_cannot_be_written_is_one_line_before_any_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no such folder" / "out.csv"

    status = cli._invoke(["scan", "--npa", "201", "--sandbox", "-o", str(missing)])

    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    assert captured.err.splitlines() == [
        f"numbering-async: error: Could not open file {str(missing)!r}: No such file or directory"
    ]


@pytest.mark.parametrize(
    "content", [b"\xff\xfe2\x000\x001\x00\n", b"201\n" + b"9" * 200_000], ids=["utf-16", "huge"]
)
def test_an_input_file_that_is_not_csv_text_is_one_line(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "queries.csv"
    path.write_bytes(content)

    status = cli._invoke(["scan", "--input", str(path), "--sandbox"])

    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    last = captured.err.splitlines()[-1]
    assert last.startswith(f"numbering-async: error: --input: {path} is not a UTF-8 CSV file (")
    assert "internal error" not in captured.err


def scan_totals(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[dict[str, int], str]:
    """The JSON totals of an in-process scan on the embedded sandbox, and its stderr."""
    assert cli._invoke(["scan", *args, "--sandbox", "--format", "json"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out)["totals"], captured.err


def test_overlapping_queries_are_counted_once(capsys: pytest.CaptureFixture[str]) -> None:
    alone, _ = scan_totals(capsys, "--npa", "201")
    twice, _ = scan_totals(capsys, "--npa", "201,201")
    overlapping, said = scan_totals(capsys, "--npa", "201", "--npa-nxx", "201-200,201-201")

    assert alone["telnyx"] > 0
    assert twice == overlapping == alone
    assert "2 of the blocks asked for lie in an NPA given with --npa: scanned once" in said


def test_a_by_level_some_rows_cannot_give_falls_back_instead_of_showing_zeros(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Telnyx answers an NPA by locality: its rows have no NXX to group by block.
    status = cli._invoke(["scan", "--npa", "201", "--by", "block", "--sandbox", "--format", "json"])

    captured = capsys.readouterr()
    assert status == 0
    document = json.loads(captured.out)
    assert document["level"] == "locality"
    assert document["totals"]["telnyx"] > 0
    assert "--by block: some rows of telnyx have no nxx; one row per locality instead" in (
        captured.err
    )


def test_a_key_too_short_to_be_real_is_one_line_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELNYX_API_KEY", "tk_1234")

    status = cli._invoke(["scan", "--npa", "201", "--providers", "telnyx"])

    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    [line] = captured.err.splitlines()
    assert line.startswith("numbering-async: error: $TELNYX_API_KEY: is too short")
    assert "tk_1234" not in captured.err


def test_an_internal_error_line_shows_no_part_of_a_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "tk_live_0a1b2c3d4e5f6a7b8c9d"
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INUMBERING_API_KEY", f" {key}\n")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"unexpected: {{'apikey': '{key[:14]}")  # a message cut in the key

    monkeypatch.setattr(bulk, "stream", crash)

    status = cli._invoke(["scan", "--npa", "201", "--providers", "inumbering"])

    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    assert "internal error: RuntimeError: unexpected: {'apikey': '<redacted>" in captured.err
    assert KeyScan(key).runs_in(captured.err) == []


def test_python_dash_m_numbering_async_is_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "numbering_async", "--help"],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: numbering-async" in result.stdout
    assert "scan" in result.stdout
