"""Every example in examples/ runs against the embedded sandbox with no key."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import importlib
import io
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from numbering_async import INumberingClient, TelnyxClient
from numbering_async.sandbox import Sandbox

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Any]:
    """Import an example by name, with no provider key in the environment."""
    for name in ("TELNYX_API_KEY", "INUMBERING_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.syspath_prepend(str(EXAMPLES))

    def load(name: str) -> ModuleType:
        return importlib.import_module(name)

    return load


@pytest.fixture
async def clients(example: Any) -> AsyncIterator[list[Any]]:
    async with example("_clients").open_clients() as opened:
        yield opened


async def test_web_service_shares_its_clients_and_answers(
    example: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = example("web_service")
    lifecycle: list[str] = []
    real_open_clients = service.open_clients

    @contextlib.asynccontextmanager
    async def open_clients() -> AsyncIterator[list[Any]]:
        lifecycle.append("opened")
        async with real_open_clients() as opened:
            yield opened
        lifecycle.append("closed")

    monkeypatch.setattr(service, "open_clients", open_clients)
    app = service.create_app()
    async with TestClient(TestServer(app, host="127.0.0.1")) as http:
        covered = await http.get("/coverage", params={"npa": "201"})
        numbers = await http.get("/numbers", params={"npa": "201", "limit": "2"})
        bad = await http.get("/coverage", params={"npa": "20"})
        too_many = await http.get("/numbers", params={"npa": "201", "limit": "5000"})

        assert covered.status == 200
        body = await covered.json()
        assert set(body["providers"]) == {"telnyx", "inumbering"}
        assert all(p["count"] > 0 for p in body["providers"].values())
        listed = (await numbers.json())["numbers"]
        assert {n["provider"] for n in listed} == {"telnyx", "inumbering"}
        assert len(listed) == 4
        assert all(n["number"].startswith("+1201") for n in listed)
        assert bad.status == 400
        assert "npa" in await bad.text()
        assert too_many.status == 400
        assert lifecycle == ["opened"]  # once at start-up, shared by every request

    assert lifecycle == ["opened", "closed"]  # and closed when the app stopped


async def test_bot_answers_number_requests_and_ignores_chatter(
    example: Any, clients: list[Any]
) -> None:
    bot = example("bot")
    inbox: asyncio.Queue[str | None] = asyncio.Queue()
    for message in ("hello there", "any numbers near 201?", "numbers near 20", None):
        await inbox.put(message)
    replies: list[str] = []

    async def send(text: str) -> None:
        replies.append(text)

    await bot.run_bot(inbox, send, clients)

    assert len(replies) == 2
    near_201 = next(r for r in replies if r.startswith("Numbers near 201"))
    assert near_201.count("+1201") == 2 * bot.PER_PROVIDER
    assert any("20 is not an area code" in r for r in replies)


async def test_scan_state_writes_a_csv_row_per_npa_locality_and_provider(
    example: Any, clients: list[Any]
) -> None:
    out = io.StringIO()

    written = await example("scan_state").scan_state(clients, "NJ", out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows) > 0
    assert {row["state"] for row in rows} == {"NJ"}
    assert {row["provider"] for row in rows} == {"telnyx", "inumbering"}
    assert {"201", "973", "609"} <= {row["npa"] for row in rows}
    assert all(int(row["count"]) > 0 for row in rows)


def test_scan_state_with_an_unknown_state_is_one_line_and_leaves_no_file(
    example: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"

    error = example("scan_state").main(["XX", str(out)])

    assert error == (
        "scan_state.py: state: not a US state, DC or Canadian province or territory: 'XX'"
    )
    assert not out.exists()


async def test_bot_answers_with_the_providers_that_answer(example: Any) -> None:
    bot = example("bot")
    async with Sandbox(seed=1, strict=True) as sandbox:
        sandbox.faults.add("status", path="/v2/available_phone_numbers", status=500)
        async with (
            TelnyxClient("sk_test_0123456789", transport=sandbox.transport()) as telnyx,
            INumberingClient("sk_test_0123456789", transport=sandbox.transport()) as inumbering,
        ):
            reply = await bot.reply_to("numbers near 201?", [telnyx, inumbering])

    assert reply.startswith("Numbers near 201: ")
    assert reply.count("+1201") == bot.PER_PROVIDER  # iNumbering's
    assert reply.endswith("(telnyx is not answering right now)")
