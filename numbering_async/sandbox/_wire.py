"""The framework-free request and reply values the sandbox core works on.

A front end (the in-process transport or the aiohttp server) turns what it received into a
:class:`SandboxRequest`, hands it to :meth:`Sandbox.handle`, and plays back the
:class:`Reply`. A reply's ``wire`` says how to misbehave on the socket (for faults); ``None``
means send it normally.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

import attrs

__all__ = [
    "Close",
    "Drip",
    "Hang",
    "Oversize",
    "Reply",
    "SandboxRequest",
    "Truncate",
    "Wire",
    "dumps",
    "hang",
    "json_reply",
    "oversize_chunks",
]

JSON_HEADERS = {"Content-Type": "application/json"}


@attrs.frozen(slots=True)
class SandboxRequest:
    """One request as the sandbox sees it: the URL's host is ignored, only its path counts."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    """Decoded ``(name, value)`` pairs in the order they came."""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    """Any mapping; names are looked up case-insensitively through :meth:`header`."""
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value, whatever the case of its name."""
        value = self.headers.get(name)
        if value is not None:
            return value
        lowered = name.lower()
        for key, item in self.headers.items():
            if key.lower() == lowered:
                return item
        return None


@attrs.frozen(slots=True)
class Close:
    """Close the connection before sending anything."""


@attrs.frozen(slots=True)
class Truncate:
    """Declare ``declared`` bytes of body in ``Content-Length``, send fewer, then close."""

    declared: int


@attrs.frozen(slots=True)
class Drip:
    """Send the body ``chunk_size`` bytes at a time, ``interval`` seconds apart."""

    chunk_size: int
    interval: float

    def duration(self, size: int) -> float:
        """Seconds it takes to drip ``size`` bytes."""
        chunks = max(1, -(-size // self.chunk_size))
        return chunks * self.interval


@attrs.frozen(slots=True)
class Oversize:
    """Send a JSON body of ``size`` bytes (generated on the fly, never held in memory)."""

    size: int


@attrs.frozen(slots=True)
class Hang:
    """Send nothing and keep the connection open until the client gives up."""


Wire = Close | Truncate | Drip | Oversize | Hang


@attrs.frozen(slots=True)
class Reply:
    """What the sandbox answers: status, headers, body and how to put it on the wire."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    wire: Wire | None = None


def dumps(payload: Any) -> bytes:
    """Compact JSON bytes."""
    return json.dumps(payload, separators=(",", ":")).encode()


def json_reply(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
    """A JSON reply."""
    return Reply(status, {**JSON_HEADERS, **headers} if headers else JSON_HEADERS, dumps(payload))


async def hang() -> NoReturn:
    """Wait until cancelled: the client gave up (a timeout, or it hung up)."""
    await asyncio.Event().wait()
    raise AssertionError("nobody sets this event")


def oversize_chunks(size: int, chunk_size: int = 1 << 16) -> Iterator[bytes]:
    """A syntactically valid JSON body of exactly ``size`` bytes, a chunk at a time."""
    head, tail = b'{"data":[],"padding":"', b'"}'
    if size < len(head) + len(tail):
        yield b" " * size
        return
    yield head
    remaining = size - len(head) - len(tail)
    while remaining > 0:
        step = min(chunk_size, remaining)
        yield b"x" * step
        remaining -= step
    yield tail
