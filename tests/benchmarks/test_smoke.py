"""The benchmark harness runs end to end (a tiny ``--quick`` round) and its server is honest.

No timing is asserted: these tests only check that every workload produces samples for both
sides, that both sides did the same work, and that the canned server serves what it claims.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from benchmarks.server import CannedServer
from benchmarks.workloads import WORKLOADS

REPO = Path(__file__).resolve().parents[2]


def test_quick_tiny_round_runs_every_workload_on_both_sides(tmp_path: Path) -> None:
    output = tmp_path / "run.json"
    tiny = ["--quick", "--rounds", "1", "--scale", "0.02", "--quiet", "--output", str(output)]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", *tiny],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "| Workload | Metric | raw aiohttp | SDK |" in done.stdout
    assert "Machine: " in done.stdout
    assert "JSON: raw side json" in done.stdout
    run = json.loads(output.read_text())
    assert set(run["workloads"]) == {workload.key for workload in WORKLOADS}
    for key, workload in run["workloads"].items():
        assert workload["sdk_missing"] is None, key
        assert len(workload["samples"]["raw"]) == 1, key
        assert len(workload["samples"]["sdk"]) == 1, key
    assert not [row for row in run["rows"] if row["metric"].startswith("WORK DIFFERS")]
    listing = run["workloads"]["W3"]["samples"]
    assert listing["raw"][0]["items"] == listing["sdk"][0]["items"] == run["plan"]["w3_items"]
    assert listing["floor"][0]["items"] == run["plan"]["w3_items"]
    assert len(run["workloads"]["W4"]["samples"]["floor"]) == 1
    for key in ("W1", "W5"):  # the floor side decodes the same rows as raw aiohttp
        samples = run["workloads"][key]["samples"]
        assert samples["floor"][0]["rows"] == samples["raw"][0]["rows"] > 0, key
    assert "| floor | SDK / floor |" in done.stdout


def test_no_speedups_makes_the_sdk_decode_with_the_standard_library(tmp_path: Path) -> None:
    output = tmp_path / "run.json"
    tiny = ["--only", "W4", "--rounds", "1", "--scale", "0.02", "--quiet", "--no-speedups"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", *tiny, "--output", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    run = json.loads(output.read_text())
    assert run["machine"]["json"]["sdk"] == "json"
    assert run["plan"]["speedups"] is False
    assert len(run["workloads"]["W4"]["samples"]["sdk"]) == 1


async def test_server_pages_the_configured_listing_and_counts_connections() -> None:
    with CannedServer() as server:
        server.configure(orders_total=600)
        server.reset()
        seen = []
        async with aiohttp.ClientSession() as session:
            for number in (1, 2, 3):
                url = f"{server.url}/v2/number_orders?page%5Bnumber%5D={number}&page[size]=250"
                async with session.get(url) as resp:
                    body = await resp.json()
                seen.append((len(body["data"]), body["meta"]["total_pages"]))
            async with session.post(
                f"{server.url}/v2/iNumbering/tnInventoryCoverage/", json={"npa": "201"}
            ) as resp:
                coverage = await resp.json()
            async with session.get(f"{server.url}/v2/nowhere") as resp:
                missing = resp.status
        stats = server.stats()
    assert seen == [(250, 3), (250, 3), (100, 3)]
    assert coverage["statusCode"] == "200"
    assert coverage["tnInventoryCoverageList"]
    assert missing == 404
    assert stats["connections"] == 1
    assert stats["routes"] == {
        "telnyx.number_orders": 3,
        "inumbering.tnInventoryCoverage": 1,
        "unknown": 1,
    }


@pytest.mark.parametrize("group_by", ["locality", "npa", "national_destination_code"])
async def test_server_answers_each_coverage_grouping(group_by: str) -> None:
    with CannedServer() as server:
        async with aiohttp.ClientSession() as session:
            url = f"{server.url}/v2/inventory_coverage?filter[npa]=201&filter[groupBy]={group_by}"
            async with session.get(url) as resp:
                body = await resp.json()
    assert body["data"]
    assert {row["group_type"] for row in body["data"]} == {group_by}
    assert body["meta"]["total_results"] == len(body["data"])
