"""The canned-body HTTP server the benchmarks talk to, in a process of its own.

A bare ``asyncio.Protocol`` speaking just enough HTTP/1.1 (keep-alive, ``Content-Length``
bodies) to serve prebuilt responses, so the server's own CPU stays small and off the client's
core. It listens on 127.0.0.1 on an ephemeral port and answers:

- ``GET  .../inventory_coverage``: the Telnyx coverage body for the ``filter[groupBy]`` asked;
- ``GET  .../number_orders``: the page ``page[number]`` of ``page[size]`` of a listing whose
  length :meth:`CannedServer.configure` sets;
- ``POST .../iNumbering/tnInventoryCoverage/``: the iNumbering coverage body;
- anything else: a Telnyx-style 404 envelope.

:meth:`CannedServer.configure` also sets a latency added to every response; :meth:`stats`
returns how many connections were opened and requests served since the last :meth:`reset`.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from benchmarks.bodies import (
    COVERAGE_GROUP_BYS,
    inumbering_coverage_body,
    number_orders_page_body,
    telnyx_coverage_body,
)

__all__ = ["CannedServer"]

REPO = Path(__file__).resolve().parent.parent

_HEAD_END = b"\r\n\r\n"
_CONTENT_LENGTH = b"\r\ncontent-length:"


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "x-request-id: 5c7f3a2e-bench\r\n"
        "\r\n"
    )
    return head.encode() + body


_NOT_FOUND = _response(
    "404 Not Found",
    b'{"errors":[{"code":"10005","title":"Resource not found","detail":"No such route"}]}',
)


class _State:
    """What the server serves and counts (lives in the server process)."""

    def __init__(self) -> None:
        self.latency = 0.0
        self.orders_total = 5000
        self.connections = 0
        self.open = 0
        self.peak_open = 0
        self.requests = 0
        self.routes: dict[str, int] = {}
        self.last_target: dict[str, str] = {}
        self._coverage = {
            group_by: _response("200 OK", telnyx_coverage_body(group_by))
            for group_by in COVERAGE_GROUP_BYS
        }
        self._inumbering = _response("200 OK", inumbering_coverage_body())
        self._pages: dict[tuple[int, int, int], bytes] = {}

    def reset(self) -> None:
        self.connections = self.requests = 0
        self.peak_open = self.open
        self.routes = {}
        self.last_target = {}

    def stats(self) -> dict[str, Any]:
        return {
            "connections": self.connections,
            "peak_open": self.peak_open,
            "requests": self.requests,
            "routes": dict(self.routes),
            "last_target": dict(self.last_target),
        }

    def respond(self, method: bytes, target: bytes) -> bytes:
        self.requests += 1
        text = target.decode("latin-1")
        parts = urlsplit(text)
        path = parts.path
        if path.endswith("/inventory_coverage") and method == b"GET":
            route = "telnyx.inventory_coverage"
            group_by = _first(parts.query, "filter[groupBy]", "locality")
            response = self._coverage.get(group_by, self._coverage["locality"])
        elif path.endswith("/number_orders") and method == b"GET":
            route = "telnyx.number_orders"
            number = int(_first(parts.query, "page[number]", "1"))
            size = int(_first(parts.query, "page[size]", "20"))
            response = self._page(number, size)
        elif path.endswith("/iNumbering/tnInventoryCoverage/") and method == b"POST":
            route = "inumbering.tnInventoryCoverage"
            response = self._inumbering
        else:
            route = "unknown"
            response = _NOT_FOUND
        self.routes[route] = self.routes.get(route, 0) + 1
        self.last_target[route] = text
        return response

    def prebuild_pages(self, size: int) -> None:
        """Build every page of the listing now, so no sample pays for generating bodies."""
        for number in range(1, -(-self.orders_total // size) + 1):
            self._page(number, size)

    def _page(self, number: int, size: int) -> bytes:
        key = (number, size, self.orders_total)
        page = self._pages.get(key)
        if page is None:
            page = _response("200 OK", number_orders_page_body(number, size, self.orders_total))
            self._pages[key] = page
        return page


def _first(query: str, name: str, default: str) -> str:
    if not query:
        return default
    values = parse_qs(query).get(name)
    return values[0] if values else default


class _HttpProtocol(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection; requests are answered in order."""

    def __init__(self, state: _State) -> None:
        self._state = state
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        state = self._state
        state.connections += 1
        state.open += 1
        state.peak_open = max(state.peak_open, state.open)

    def connection_lost(self, exc: Exception | None) -> None:
        self._state.open -= 1
        self._transport = None

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while True:
            end = buffer.find(_HEAD_END)
            if end < 0:
                return
            head = bytes(buffer[:end])
            length = _content_length(head)
            total = end + len(_HEAD_END) + length
            if len(buffer) < total:
                return
            del buffer[:total]
            method, target = head.split(b" ", 2)[:2]
            self._answer(self._state.respond(method, target))

    def _answer(self, response: bytes) -> None:
        latency = self._state.latency
        if latency > 0:
            asyncio.get_running_loop().call_later(latency, self._write, response)
        else:
            self._write(response)

    def _write(self, response: bytes) -> None:
        if self._transport is not None:
            self._transport.write(response)


def _content_length(head: bytes) -> int:
    lowered = head.lower()
    start = lowered.find(_CONTENT_LENGTH)
    if start < 0:
        return 0
    start += len(_CONTENT_LENGTH)
    stop = lowered.find(b"\r\n", start)
    return int(lowered[start : stop if stop >= 0 else len(lowered)])


async def _serve() -> None:
    """Serve until stdin says ``stop`` (or closes); answer commands as JSON lines on stdout."""
    loop = asyncio.get_running_loop()
    state = _State()
    server = await loop.create_server(
        lambda: _HttpProtocol(state), "127.0.0.1", 0, backlog=1024, reuse_address=True
    )
    commands: dict[str, Callable[[dict[str, Any]], Any]] = {
        "configure": lambda args: _configure(state, args),
        "reset": lambda args: state.reset(),
        "stats": lambda args: state.stats(),
        "stop": lambda args: None,
    }
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    _reply(server.sockets[0].getsockname()[1])
    try:
        while line := await reader.readline():  # empty: the benchmark process went away
            name, args = json.loads(line)
            _reply(commands[name](args))
            if name == "stop":
                break
    finally:
        server.close()
        await server.wait_closed()


def _reply(value: Any) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def _configure(state: _State, args: dict[str, Any]) -> None:
    state.latency = float(args.get("latency", state.latency))
    if "orders_total" in args:
        state.orders_total = int(args["orders_total"])
        state.prebuild_pages(int(args.get("page_size", 250)))


class CannedServer:
    """Runs the canned-body server in a child process (``python -m benchmarks.server``).

    ::

        with CannedServer() as server:
            server.configure(latency=0.02)
            url = server.url  # http://127.0.0.1:<port>

    Commands go over the child's stdin and answers come back on its stdout, one JSON line each.
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.server"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port: int = self._read()
        self.url = f"http://127.0.0.1:{self.port}"

    def _read(self) -> Any:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self._process.kill()
            raise RuntimeError("the benchmark server exited unexpectedly")
        return json.loads(line)

    def _call(self, name: str, **args: Any) -> Any:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps([name, args]) + "\n")
        self._process.stdin.flush()
        return self._read()

    def configure(self, *, latency: float | None = None, orders_total: int | None = None) -> None:
        """Set the latency added to every response (seconds) and the number-order total.

        Setting ``orders_total`` builds every 250-order page of the listing before returning.
        """
        args = {"latency": latency, "orders_total": orders_total}
        self._call("configure", **{key: value for key, value in args.items() if value is not None})

    def reset(self) -> None:
        """Zero the connection and request counters."""
        self._call("reset")

    def stats(self) -> dict[str, Any]:
        """Connections opened, peak open connections and requests per route since :meth:`reset`."""
        result: dict[str, Any] = self._call("stats")
        return result

    def close(self) -> None:
        """Stop the server process."""
        if self._process.poll() is None:
            try:
                self._call("stop")
                self._process.wait(10)
            except (OSError, RuntimeError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


if __name__ == "__main__":
    asyncio.run(_serve())
