"""The read timeout (``read_timeout``, aiohttp's ``sock_read``) of the transport's own session.

Its connections re-arm one timer lazily (see ``_aiohttp_read_timer``): these tests pin that it
still measures silence, not the whole response, and never fires on an idle pooled connection.
"""

from __future__ import annotations

import asyncio

import pytest

from numbering_async import AiohttpTransport, HttpRequest, TimeoutError

from .servers import raw_server, read_request, response_bytes

_BODY = b"0123456789" * 8


class Server:
    """Answers each request on a keep-alive connection; the body arrives in ``parts`` pieces
    ``gap`` seconds apart, the last one ``last_gap`` after the one before."""

    def __init__(self, *, parts: int = 1, gap: float = 0.0, last_gap: float | None = None):
        self.parts, self.gap = parts, gap
        self.last_gap = gap if last_gap is None else last_gap
        self.connections: list[int] = []

    async def __call__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, connection: int
    ) -> None:
        while True:
            await read_request(reader)
            self.connections.append(connection)
            answer = response_bytes(_BODY)
            head = len(answer) - len(_BODY)
            writer.write(answer[:head])
            size = len(_BODY) // self.parts
            for index in range(self.parts):
                piece = _BODY[
                    index * size : None if index == self.parts - 1 else (index + 1) * size
                ]
                await asyncio.sleep(self.last_gap if index == self.parts - 1 else self.gap)
                writer.write(piece)
                await writer.drain()


async def _send_all(
    server: Server, *paths: str, read_timeout: float, idle: float = 0
) -> list[bytes]:
    async with raw_server(server) as base:
        transport = AiohttpTransport(read_timeout=read_timeout, total_timeout=10)
        try:
            bodies = []
            for path in paths:
                bodies.append((await transport.send(HttpRequest("GET", base / path))).body)
                await asyncio.sleep(idle)
            return bodies
        finally:
            await transport.aclose()


async def test_a_slow_body_whose_pieces_keep_coming_is_read() -> None:
    # 8 pieces 0.03 s apart: 0.24 s in all, longer than the read timeout, never silent that long.
    server = Server(parts=8, gap=0.03)
    assert await _send_all(server, "a", "b", read_timeout=0.15) == [_BODY, _BODY]
    assert server.connections == [0, 0]


async def test_silence_after_part_of_the_body_times_out() -> None:
    server = Server(parts=4, gap=0.01, last_gap=5)
    with pytest.raises(TimeoutError) as info:
        await _send_all(server, "a", read_timeout=0.1)
    assert info.value.request_sent is True


async def test_an_idle_pooled_connection_outlives_the_read_timeout() -> None:
    server = Server()
    bodies = await _send_all(server, "a", "b", "c", read_timeout=0.05, idle=0.15)
    assert bodies == [_BODY] * 3
    assert server.connections == [0, 0, 0]  # still usable: no timeout hit it while idle
