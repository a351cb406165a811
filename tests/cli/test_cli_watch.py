"""numbering-async watch: saves every scan, acts on conditions, ends cleanly when stopped."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from numbering_async import cli
from numbering_async.history import ScanStore
from tests.cli.test_cli import clean_env, ctrl_c_not_ignored

TIMEOUT = 60


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A database holding one sandbox scan of NPA 201 with seed 2."""
    path = tmp_path / "scans.db"
    args = ["scan", "--npa", "201", "--sandbox", "--seed", "2", "--save", "--db", str(path)]
    assert cli._invoke([*args, "-o", str(tmp_path / "out.txt")]) == 0
    return path


@pytest.fixture
async def hook_server() -> AsyncIterator[tuple[str, list[Any]]]:
    """A webhook receiver on 127.0.0.1: its URL, and the JSON bodies it got (``/fail`` 500s)."""
    received: list[Any] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=500 if request.path == "/fail" else 204)

    app = web.Application()
    app.router.add_post("/{name}", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}", received
    finally:
        await runner.cleanup()


async def watch(*args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "numbering_async.cli", "watch", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=clean_env(),
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_hit_runs_the_command_and_posts_to_the_webhook_and_failures_go_on(
    seeded: Path, tmp_path: Path, hook_server: tuple[str, list[Any]]
) -> None:
    url, received = hook_server
    ran = tmp_path / "ran.json"

    status, out, err = await watch(
        "--npa", "201", "--sandbox", "--seed", "1", "--db", str(seeded), "--count", "2",
        "--every", "0.1s", "--when", "telnyx>0", "--webhook", f"{url}/fail",
        "--run", f"cat > '{ran}'", "--format", "ndjson",
    )  # fmt: skip

    assert status == 0, err
    assert "Traceback" not in err
    # The first scan differs from the seeded one (another seed): a hit, then the webhook's
    # 500 is one line and the watch goes on to its second scan (the same: no hit).
    assert f"numbering-async: error: --webhook {url}/fail answered 500" in err
    assert "saved scan 3" in err
    [body] = received
    assert json.loads(ran.read_text()) == body
    assert (body["previous"]["id"], body["scan"]["id"]) == (1, 2)
    assert body["hits"]
    for hit in body["hits"]:
        assert hit["condition"] == "telnyx>0"
        assert hit["provider"] == "telnyx"
        assert hit["old"] == 0 < hit["new"]
    appeared = {
        (row["locality"], row["new"])
        for row in map(json.loads, out.splitlines())
        if row["provider"] == "telnyx" and row["old"] == 0
    }
    assert {(hit["locality"], hit["new"]) for hit in body["hits"]} == appeared


async def test_an_interrupted_watch_ends_cleanly_with_whole_scans(tmp_path: Path) -> None:
    path = tmp_path / "scans.db"
    with ctrl_c_not_ignored():
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "numbering_async.cli", "watch", "--state", "NJ", "--sandbox",
            "--every", "0.05s", "--db", str(path), "--format", "ndjson",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=clean_env(),
        )  # fmt: skip
    assert process.stderr is not None
    seen: list[str] = []
    while sum("saved scan" in line for line in seen) < 2:
        line = (await asyncio.wait_for(process.stderr.readline(), TIMEOUT)).decode()
        assert line, "".join(seen)
        seen.append(line)
    # Ctrl-C, most likely mid-scan (a state is 662 queries a provider); SIGTERM takes the
    # same path (test_cli.py checks that it does).
    process.send_signal(signal.SIGINT)
    _, rest = await asyncio.wait_for(process.communicate(), TIMEOUT)
    err = "".join(seen) + rest.decode()

    assert process.returncode == 0, err
    assert "Traceback" not in err
    last = err.splitlines()[-1]
    assert last.startswith("numbering-async: watch stopped after ")
    told = int(last.split("after ")[1].split()[0])
    async with ScanStore(path) as store:
        saved = await store.list()
        loaded = [await store.load(summary) for summary in saved]
    assert len(saved) == told >= 2
    for scan in loaded:
        assert len(scan.results) == 2 * scan.summary.query_count
        assert sum(len(r.rows or ()) for r in scan.results) == scan.summary.rows > 0
