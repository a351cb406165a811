"""The ways to start the sandbox: pytest fixtures, ``python -m``, and a missing extra."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import urllib.request
from urllib.error import HTTPError

import pytest

from numbering_async import INumberingClient, TelnyxClient
from numbering_async.sandbox import Sandbox, SandboxServer
from numbering_async.sandbox.__main__ import parse


def test_the_plugin_is_registered_by_its_entry_point(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.has_plugin("numbering_async_sandbox")


async def test_client_fixtures_share_one_fresh_sandbox(
    telnyx_sandbox_client: TelnyxClient,
    inumbering_sandbox_client: INumberingClient,
    numbering_sandbox: Sandbox,
) -> None:
    assert numbering_sandbox.counts.requests == {}
    (number,) = await telnyx_sandbox_client.available_phone_numbers.list(
        national_destination_code="201", limit=1
    )
    await telnyx_sandbox_client.number_orders.create([number.phone_number], customer_reference="x")
    assert numbering_sandbox.counts.orders_for("x", "telnyx") == 1
    assert await inumbering_sandbox_client.tn_inventory("201xxxxxxx", quantity=3)
    assert numbering_sandbox.counts.route("POST", "/v2/iNumbering/tnInventory/") == 1


async def test_the_server_fixture_serves_the_sandbox_fixture(
    numbering_sandbox_server: SandboxServer, numbering_sandbox: Sandbox
) -> None:
    assert numbering_sandbox_server.sandbox is numbering_sandbox
    port = numbering_sandbox_server.port
    assert numbering_sandbox_server.telnyx_base_url == f"http://127.0.0.1:{port}/v2"
    assert numbering_sandbox_server.inumbering_base_url == f"http://127.0.0.1:{port}"


def test_module_options_are_parsed_simply() -> None:
    assert parse(["--port", "0", "--seed", "3", "--latency-ms", "5", "--api-key", "k"]) == {
        "port": 0,
        "seed": 3,
        "latency_ms": 5.0,
        "api_key": "k",
    }
    for bad, message in (
        (["--port"], "every option needs a value"),
        (["--colour", "red"], "unknown option --colour"),
        (["--port", "eighty"], "--port: expected a port from 0 to 65535, got 'eighty'"),
        (["--port", "65536"], "--port: expected a port from 0 to 65535, got '65536'"),
        (["--latency-ms", "-1"], "--latency-ms: expected milliseconds >= 0, got '-1'"),
    ):
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            parse(bad)


def test_python_dash_m_says_what_is_wrong_in_one_line_and_no_traceback() -> None:
    command = [sys.executable, "-m", "numbering_async.sandbox", "--port", "70000"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == "--port: expected a port from 0 to 65535, got '70000'"
    assert "Traceback" not in result.stderr


def test_python_dash_m_serves_until_sigterm() -> None:
    command = [sys.executable, "-m", "numbering_async.sandbox", "--port", "0", "--api-key", "k"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None
        telnyx = server.stdout.readline().split()[-1]
        inumbering = server.stdout.readline().split()[-1]
        assert telnyx == inumbering + "/v2"
        request = urllib.request.Request(f"{telnyx}/number_orders")
        with pytest.raises(HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        refused.value.close()
        assert refused.value.code == 401
        request.add_header("Authorization", "Bearer k")
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0


def test_the_plugin_imports_without_phonenumbers_and_the_sandbox_says_what_is_missing() -> None:
    script = (
        "import sys; sys.modules['phonenumbers'] = None\n"
        "import numbering_async.sandbox.pytest_plugin\n"
        "from numbering_async.sandbox import Sandbox\n"
        "sandbox = Sandbox()\n"
        "try:\n"
        "    sandbox.warm()\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
    )
    assert 'pip install -e ".[sandbox]" in a clone of numbering_async' in result.stdout
