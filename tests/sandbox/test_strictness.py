"""Undeclared query keys and body fields: ignored with a warning by default, refused if strict."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from numbering_async import cli
from numbering_async.sandbox import Sandbox
from numbering_async.sandbox.__main__ import parse

from .conftest import a_telnyx_number, handle, state, telnyx_error

KEY = "sk_test_0123456789"
WARNING = "X-Sandbox-Warning"


async def test_by_default_undeclared_keys_are_ignored_with_a_header_and_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with Sandbox(seed=1) as sandbox:
        with caplog.at_level(logging.WARNING, "numbering_async.sandbox"):
            listed = await handle(
                sandbox, "GET", "/v2/number_orders", query=[("filter[state]", "NJ")]
            )
        assert listed.status == 200
        assert listed.headers[WARNING] == 'ignored query parameter "filter[state]"'
        assert 'GET /v2/number_orders ignored query parameter "filter[state]"' in caplog.text

        phone = a_telnyx_number(sandbox)
        body = {"phone_numbers": [{"phone_number": phone, "colour": "red"}], "note": {"x": 1}}
        placed = await handle(sandbox, "POST", "/v2/number_orders", body)
        assert placed.status == 200
        assert placed.headers[WARNING] == (
            'ignored body field "/note"; ignored body field "/phone_numbers/0/colour"'
        )
        assert [n["phone_number"] for n in placed.body["data"]["phone_numbers"]] == [phone]

        search = {"apikey": KEY, "tnMask": "201xxxxxxx", "quantity": 1, "qty": 5}
        found = await handle(sandbox, "POST", "/v2/iNumbering/tnInventory/", search)
        assert found.status == 200
        assert found.headers[WARNING] == 'ignored body field "/qty"'
        assert len(found.body["tnResult"]) == 1

        plain = await handle(sandbox, "GET", "/v2/number_orders")
        assert WARNING not in plain.headers


async def test_the_warning_header_is_ascii_and_bounded() -> None:
    async with Sandbox(seed=1) as sandbox:
        query = [(f"filter[x{i}]\r\nInjected: é", "1") for i in range(25)]
        answer = await handle(sandbox, "GET", "/v2/number_orders", query=query)
    header = answer.headers[WARNING]
    assert header.isascii()
    assert "\r" not in header
    assert "\n" not in header
    assert header.endswith("; and 15 more")


async def test_strict_refuses_undeclared_keys_and_changes_nothing() -> None:
    async with Sandbox(seed=1, strict=True) as sandbox:
        before = state(sandbox)
        listed = await handle(sandbox, "GET", "/v2/number_orders", query=[("filter[state]", "x")])
        assert telnyx_error(listed) == (400, "filter[state]")
        body = {"phone_numbers": [{"phone_number": a_telnyx_number(sandbox), "colour": "red"}]}
        placed = await handle(sandbox, "POST", "/v2/number_orders", body)
        assert telnyx_error(placed) == (400, "/phone_numbers/0/colour")
        search = {"apikey": KEY, "tnMask": "201xxxxxxx", "quantity": 1, "qty": 5}
        found = await handle(sandbox, "POST", "/v2/iNumbering/tnInventory/", search)
        assert (found.status, found.body["message"]) == (400, "unknown field /qty")
        assert state(sandbox) == before


async def test_the_pytest_fixture_sandbox_is_strict(numbering_sandbox: Sandbox) -> None:
    assert numbering_sandbox.strict
    answer = await handle(numbering_sandbox, "GET", "/v2/number_orders", query=[("x", "1")])
    assert answer.status == 400


def test_strict_is_an_option_of_both_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse(["--strict", "--port", "0"]) == {"strict": True, "port": 0}
    assert parse(["--api-key", "--strict"]) == {"api_key": "--strict"}  # a value, not the flag
    served: list[dict[str, object]] = []

    async def fake_serve(*args: object, **options: object) -> None:
        served.append(options)

    monkeypatch.setattr("numbering_async.sandbox.serve", fake_serve)
    runner = CliRunner()
    assert runner.invoke(cli.cli, ["sandbox", "--port", "0", "--strict"]).exit_code == 0
    assert runner.invoke(cli.cli, ["sandbox", "--port", "0"]).exit_code == 0
    assert [options["strict"] for options in served] == [True, False]
